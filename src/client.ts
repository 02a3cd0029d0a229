import ky, { type KyInstance } from 'ky'
import { waitFromHeaders } from './backoff/index.js'
import { TrutoApiError, type TrutoErrorContext, TrutoRequestError } from './errors.js'

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE'

/** One request to Truto, path already encoded, no host and no token. */
export type TrutoRequest = {
  readonly method: HttpMethod
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly body?: unknown
}

export type ClientOptions = {
  readonly apiKey: string
  readonly baseUrl: string
  readonly timeoutMs: number
  readonly fetch?: typeof globalThis.fetch | undefined
}

/** Sends requests to Truto; returns every HTTP answer and throws only when there is none. */
export type TrutoClient = {
  send(request: TrutoRequest, signal?: AbortSignal): Promise<Response>
}

export function createClient(options: ClientOptions): TrutoClient {
  const http: KyInstance = ky.create({
    prefixUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' },
    // our own deadline covers the body too; ky's stops at the headers
    timeout: false,
    // retries belong to the backoff layer; two layers would multiply attempts
    retry: 0,
    throwHttpErrors: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })

  // the host, never the query: a person reading a request error needs to know where it could not reach
  const origin = new URL(options.baseUrl).origin

  return {
    async send(request, signal) {
      const deadline = AbortSignal.timeout(options.timeoutMs)
      const { signal: combined, dispose } = anySignal(signal ? [signal, deadline] : [deadline])
      try {
        const response = await http(request.path.replace(/^\//, ''), {
          method: request.method,
          searchParams: new URLSearchParams(request.query as Record<string, string>),
          ...(request.body === undefined ? {} : { json: request.body }),
          signal: combined,
        })
        return await buffered(response, combined)
      } catch (error) {
        const reason = signal?.aborted ? 'aborted' : deadline.aborted ? 'timeout' : 'network'
        throw new TrutoRequestError(
          { reason, method: request.method, path: request.path, origin },
          { cause: sanitiseCause(error) },
        )
      } finally {
        dispose()
      }
    },
  }
}

// reading the whole body inside the deadline means a stalled or broken body is a failed request
async function buffered(response: Response, signal: AbortSignal): Promise<Response> {
  const text = await untilAborted(response.text(), signal)
  const nullBody = [204, 205, 304].includes(response.status)
  return new Response(nullBody ? null : text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}

// some fetch implementations (mocks, polyfills) do not tie the body stream to the signal
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

// a run's signal outlives its requests, so each request takes its listeners away when done
function anySignal(signals: readonly AbortSignal[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  const removers = signals.map((signal) => {
    const onAbort = () => controller.abort(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    return () => signal.removeEventListener('abort', onAbort)
  })
  const early = signals.find((signal) => signal.aborted)
  if (early) controller.abort(early.reason)
  const dispose = () => {
    for (const remove of removers) remove()
  }
  return { signal: controller.signal, dispose }
}

// ky's errors carry the Request, whose headers hold the token
function sanitiseCause(error: unknown): unknown {
  if (!(error instanceof Error)) return error
  const clean = new Error(error.message)
  clean.name = error.name
  return clean
}

/** Parses a response body defensively: JSON when it is JSON, else text (cut), else undefined. */
export async function readBody(response: Response): Promise<{ ok: boolean; data: unknown }> {
  const text = await response.text()
  if (text.trim() === '') return { ok: true, data: undefined }
  try {
    return { ok: true, data: JSON.parse(text) }
  } catch {
    return { ok: false, data: text.length > 2000 ? `${text.slice(0, 2000)}…` : text }
  }
}

/** Reads a response into its parsed body, or throws the error Truto described. */
export async function readResponse(
  response: Response,
  request: TrutoRequest,
  context: TrutoErrorContext = {},
): Promise<unknown> {
  const body = await readBody(response)
  if (response.ok) {
    if (!body.ok) {
      throw new TrutoRequestError(
        { reason: 'malformed-body', method: request.method, path: request.path },
        context,
      )
    }
    return body.data
  }
  const record = isRecord(body.data) ? body.data : {}
  const message = typeof record.message === 'string' ? record.message : undefined
  throw new TrutoApiError(
    {
      status: response.status,
      method: request.method,
      path: request.path,
      serverMessage: message ?? (response.statusText || undefined),
      body: body.data,
      isRemoteError: record.truto_is_remote_error === true,
      retryAfterMs: waitFromHeaders(response.headers, Date.now()),
    },
    context,
  )
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
