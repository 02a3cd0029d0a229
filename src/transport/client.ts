import ky, { type KyInstance } from 'ky'
import {
  TrutoApiError,
  type TrutoErrorContext,
  TrutoRefusedError,
  TrutoRequestError,
} from '../errors.js'
import { isRecord } from '../is-record.js'
import type { HttpMethod } from '../methods.js'
import type { Redactor } from '../redact.js'
import { urlWithin } from '../request-path.js'
import { waitFromHeaders } from './rate-limit-headers.js'

export type { HttpMethod }

/** One request to Truto, path already encoded, no host and no token. */
export type TrutoRequest = {
  readonly method: HttpMethod
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly body?: unknown
  /** The answer rightly carries MCP server tokens (the admin API), so only the API key is redacted. */
  readonly carriesMcpTokens?: boolean
}

export type ClientOptions = {
  readonly apiKey: string
  readonly baseUrl: string
  readonly timeoutMs: number
  readonly fetch?: typeof globalThis.fetch | undefined
  /** Cleans every body and error before anything else reads it. */
  readonly redactor: Redactor
}

/** A request prepared by someone else (the MCP SDK's transport) for a URL the caller allows. */
export type RawRequest = {
  readonly method: string
  readonly headers?: HeadersInit | undefined
  readonly body?: string | undefined
}

/** Sends requests to Truto; returns every HTTP answer and throws only when there is none. */
export type TrutoClient = {
  send(request: TrutoRequest, signal?: AbortSignal): Promise<Response>
  /**
   * Sends to `url`, which must lie under `allowed` (an MCP server's URL). The API token goes
   * only to the base URL's own origin; `label` names the request in errors, without secrets.
   */
  sendTo(
    url: URL,
    allowed: URL,
    request: RawRequest,
    label: string,
    signal?: AbortSignal,
  ): Promise<Response>
}

export function createClient(options: ClientOptions): TrutoClient {
  const { redactor, timeoutMs } = options
  const bare: KyInstance = ky.create({
    // our own deadline covers the body too; ky's stops at the headers
    timeout: false,
    // retries belong to the retry layer; two layers would multiply attempts
    retry: 0,
    throwHttpErrors: false,
    // a redirect would carry the token and the body to a path no check has seen
    redirect: 'manual',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const bearer = `Bearer ${options.apiKey}`
  const http = bare.extend({ headers: { authorization: bearer, accept: 'application/json' } })
  const base = new URL(options.baseUrl)
  // the host, never the query: a person reading a request error needs to know where it could not reach
  const origin = base.origin

  const exchange = async (
    send: (signal: AbortSignal) => Promise<Response>,
    label: { method: string; path: string },
    signal: AbortSignal | undefined,
    scope: 'all' | 'given' = 'all',
  ): Promise<Response> => {
    const deadline = startDeadline(timeoutMs, signal)
    try {
      // raced, not only signalled: a fetch that ignores its signal must not hold the call
      return await deadline.race(
        (async () => {
          const response = await send(deadline.signal)
          if (isRedirect(response)) {
            discard(response)
            throw new Failure('redirect')
          }
          return cleaned(response, await readCapped(response, MAX_BODY_BYTES), redactor, scope)
        })(),
      )
    } catch (error) {
      const reason =
        error instanceof Failure
          ? error.reason
          : signal?.aborted
            ? 'aborted'
            : deadline.expired()
              ? 'timeout'
              : 'network'
      const cause = error instanceof Failure ? undefined : redactor.error(error)
      throw new TrutoRequestError({ reason, ...label, origin }, { cause })
    } finally {
      deadline.dispose()
    }
  }

  return {
    send(request, signal) {
      let url: URL
      try {
        url = urlWithin(base, request.path)
      } catch {
        // the builders check every segment; this is the last line if one ever lets a path through
        return Promise.reject(new TrutoRefusedError('unsafe-path'))
      }
      url.search = new URLSearchParams(request.query as Record<string, string>).toString()
      const init = {
        method: request.method,
        ...(request.body === undefined ? {} : { json: request.body }),
      }
      const label = { method: request.method, path: request.path }
      const scope = request.carriesMcpTokens ? 'given' : 'all'
      return exchange((signal) => http(url, { ...init, signal }), label, signal, scope)
    },

    sendTo(url, allowed, request, label, signal) {
      const within =
        url.origin === allowed.origin &&
        (url.pathname === allowed.pathname || url.pathname.startsWith(`${allowed.pathname}/`))
      if (!within) return Promise.reject(new TrutoRefusedError('unsafe-path'))
      const headers = new Headers(request.headers)
      // a server on another origin gets no Truto token, whatever it asks for
      if (url.origin === origin) headers.set('authorization', bearer)
      else headers.delete('authorization')
      const init = { method: request.method, headers, body: request.body ?? null }
      return exchange(
        (signal) => bare(url, { ...init, signal }),
        { method: request.method, path: label },
        signal,
      )
    },
  }
}

// no model budget or artifact needs more; past it a hostile body would only cost memory and time
const MAX_BODY_BYTES = 10 * 2 ** 20

/** A request that ended without a usable answer for a reason of our own. */
class Failure extends Error {
  constructor(readonly reason: 'redirect' | 'too-large') {
    super(reason)
  }
}

// `redirect: 'manual'` answers with the 3xx itself, or an opaque response of status 0 in browsers
const isRedirect = (response: Response) =>
  (response.status >= 300 && response.status < 400 && response.status !== 304) ||
  response.type === 'opaqueredirect'

function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined)
}

// reads at most `max` bytes; a longer body is cut off and fails the request
async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return text + decoder.decode()
    size += value.byteLength
    if (size > max) {
      reader.cancel().catch(() => undefined)
      throw new Failure('too-large')
    }
    text += decoder.decode(value, { stream: true })
  }
}

// upstreams echo credentials (gateways, debug bodies, raw_response headers); nothing past here sees them
function cleaned(
  response: Response,
  raw: string,
  redactor: Redactor,
  scope: 'all' | 'given',
): Response {
  let text = redactor.text(raw, scope)
  if (redactor.mayHoldSecretHeaders(text)) {
    try {
      text = JSON.stringify(JSON.parse(text, redactor.reviver))
    } catch {
      // not JSON: the text redaction above is all that applies
    }
  }
  const nullBody = [204, 205, 304].includes(response.status)
  return new Response(nullBody ? null : text, {
    status: response.status,
    statusText: redactor.text(response.statusText),
    headers: response.headers,
  })
}

type Deadline = {
  readonly signal: AbortSignal
  race<T>(work: Promise<T>): Promise<T>
  expired(): boolean
  dispose(): void
}

// one controller and one timer per request; the caller's signal is linked, never wrapped
function startDeadline(timeoutMs: number, caller: AbortSignal | undefined): Deadline {
  const controller = new AbortController()
  let expired = false
  const timer = setTimeout(() => {
    expired = true
    controller.abort(new DOMException('The request timed out', 'TimeoutError'))
  }, timeoutMs)
  const onAbort = () => controller.abort(caller?.reason)
  if (caller?.aborted) onAbort()
  else caller?.addEventListener('abort', onAbort, { once: true })
  const { signal } = controller
  return {
    signal,
    expired: () => expired,
    race(work) {
      // the loser may settle later; its outcome is nobody's business then
      work.catch(() => undefined)
      if (signal.aborted) return Promise.reject(signal.reason)
      return new Promise((resolve, reject) => {
        const stop = () => reject(signal.reason)
        signal.addEventListener('abort', stop, { once: true })
        work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop))
      })
    },
    dispose() {
      clearTimeout(timer)
      caller?.removeEventListener('abort', onAbort)
    },
  }
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
