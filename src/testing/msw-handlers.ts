import type { Outcome } from './router.js'
import { DROP } from './routes/fault-response.js'

/** The part of msw's `http` namespace the sandbox uses; pass msw's own `http`. */
/** The part of msw's `http` namespace the sandbox uses; pass msw's own `http`. */
export type MswHttp<Handler> = {
  /** Makes a handler for every method on URLs that match `predicate`. */
  all(predicate: string, resolver: (info: { request: Request }) => Promise<Response>): Handler
}

/** Options of {@link Sandbox.mswHandlers}. */
export type MswHandlerOptions = {
  /** Origin to intercept, e.g. `https://api.truto.one`. @default sandbox.baseUrl */
  readonly baseUrl?: string
}

/** One catch-all msw handler that answers every request under `baseUrl` from the sandbox. */
export function mswHandlers<Handler>(
  http: MswHttp<Handler>,
  baseUrl: string,
  handle: (request: Request, signal: AbortSignal) => Promise<Outcome>,
): Handler[] {
  return [
    http.all(`${baseUrl.replace(/\/+$/, '')}/*`, async ({ request }) => {
      const outcome = await handle(request, request.signal)
      // msw turns Response.error() into a network error for the caller
      return outcome === DROP ? Response.error() : outcome
    }),
  ]
}
