import ky, { type KyInstance } from 'ky'
import { isRecord } from '../basics/is-record.js'
import type { HttpMethod } from '../basics/methods.js'
import { providerMessage } from '../errors/api-problem.js'
import {
  TrutoApiError,
  type TrutoErrorContext,
  TrutoRefusedError,
  TrutoRequestError,
} from '../errors/errors.js'
import type { Redactor } from '../safety/redactor.js'
import { urlWithin } from '../safety/request-path.js'
import { CallDeadline, deadlineOf } from './call-deadline.js'
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
  /** `signal` may be the call's deadline: a signal is then made only if the fetch reads one. */
  send(request: TrutoRequest, signal?: AbortSignal | CallDeadline): Promise<Response>
  /**
   * Sends to `url`, which must be `allowed` itself (an MCP server's URL). The API token goes
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
  // MCP messages come with the SDK's own headers; ky merges ours in and sends them
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
  // proxy calls go straight to fetch with headers fixed here once: a ky call builds, merges and
  // clones a Request and links two more signals, several times the cost of the rest of a call.
  // The global fetch is looked up per request, so one patched later (msw, tests) is the one used
  const fetchOnce =
    options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init))
  const bearer = `Bearer ${options.apiKey}`
  const base = new URL(options.baseUrl)
  // the host, never the query: a person reading a request error needs to know where it could not reach
  const origin = base.origin
  // paths found within the API, and the URL of each (the check depends on the path alone)
  const checked = new Map<string, string>()

  const exchange = async <T>(
    // given the request's signal as a function: called when (if) the fetch reads the signal
    sent: (signal: () => AbortSignal) => Promise<Response>,
    read: (response: Response, text: string) => T,
    method: string,
    path: string,
    signal: AbortSignal | CallDeadline | undefined,
  ): Promise<T> => {
    // a call's deadline is shared with its requests; a request sent outside a call has its own
    const call = signal instanceof CallDeadline ? signal : deadlineOf(signal)
    const deadline = call ?? new CallDeadline(Number.POSITIVE_INFINITY, signal as AbortSignal)
    try {
      const request = deadline.beginRequest(timeoutMs)
      // raced, not only signalled: a fetch that ignores its signal must not hold the call
      return await deadline.race(
        receive(
          sent(() => deadline.requestSignal(request)),
          read,
        ),
      )
    } catch (error) {
      const reason =
        error instanceof Failure
          ? error.reason
          : deadline.aborted
            ? 'aborted'
            : deadline.requestExpired()
              ? 'timeout'
              : 'network'
      const cause = error instanceof Failure ? undefined : redactor.error(error)
      throw new TrutoRequestError({ reason, method, path, origin }, { cause })
    } finally {
      if (call) call.endRequest()
      else deadline.dispose()
    }
  }

  return {
    send(request, signal) {
      let at = checked.get(request.path)
      if (at === undefined) {
        try {
          at = urlWithin(base, request.path).href
        } catch {
          // the builders check every segment; this is the last line if one ever lets a path through
          return Promise.reject(new TrutoRefusedError('unsafe-path'))
        }
        // a tool's path is the same on every call; one with a record id is new each time
        if (checked.size >= MAX_CHECKED_PATHS) checked.clear()
        checked.set(request.path, at)
      }
      const search = queryString(request.query)
      const href = search ? `${at}?${search}` : at
      const { method, body } = request
      const scope = request.carriesMcpTokens ? 'given' : 'all'
      // fresh headers each time: a fetch wrapper that adds its own must not add them to every call
      // the signal is a getter: an AbortSignal is made only for a fetch that reads it
      return exchange(
        (signalOf) =>
          fetchOnce(
            href,
            body === undefined
              ? {
                  method,
                  headers: { authorization: bearer, accept: 'application/json' },
                  redirect: 'manual',
                  get signal() {
                    return signalOf()
                  },
                }
              : {
                  method,
                  headers: {
                    authorization: bearer,
                    accept: 'application/json',
                    'content-type': 'application/json',
                  },
                  body: JSON.stringify(body),
                  redirect: 'manual',
                  get signal() {
                    return signalOf()
                  },
                },
          ),
        (response, text) => ReadAnswer.cleaned(response, text, redactor, scope),
        method,
        request.path,
        signal,
      )
    },

    sendTo(url, allowed, request, label, signal) {
      // the server's own URL and nothing under it: the token goes to one path only
      const within = url.origin === allowed.origin && url.pathname === allowed.pathname
      if (!within) return Promise.reject(new TrutoRefusedError('unsafe-path'))
      const headers = new Headers(request.headers)
      // a server on another origin gets no Truto token, whatever it asks for
      if (url.origin === origin) headers.set('authorization', bearer)
      else headers.delete('authorization')
      const { method } = request
      const body = request.body ?? null
      return exchange(
        (signalOf) => bare(url, { method, headers, body, signal: signalOf() }),
        (response, text) => ReadAnswer.cleaned(response, text, redactor, 'all'),
        method,
        label,
        signal,
      )
    },
  }
}

// paths remembered at once; past it the memory starts again
const MAX_CHECKED_PATHS = 512
// what form encoding leaves as it is
const FORM_SAFE = /^[A-Za-z0-9*._-]*$/

/** `new URLSearchParams(query).toString()`, without building one for the usual names and values. */
function queryString(query: Readonly<Record<string, string>>): string {
  let out = ''
  for (const key of Object.keys(query)) {
    const value = query[key] as string
    const pair =
      typeof value === 'string' && FORM_SAFE.test(key) && FORM_SAFE.test(value)
        ? `${key}=${value}`
        : new URLSearchParams([[key, value]]).toString()
    out = out ? `${out}&${pair}` : pair
  }
  return out
}

const isNullBody = (status: number) => status === 204 || status === 205 || status === 304

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

async function receive<T>(
  pending: Promise<Response>,
  read: (response: Response, text: string) => T,
): Promise<T> {
  const response = await pending
  if (isRedirect(response)) {
    discard(response)
    throw new Failure('redirect')
  }
  return read(response, await readCapped(response, MAX_BODY_BYTES))
}

// stateless between calls: each body is decoded in one piece
const decoder = new TextDecoder()

// reads at most `max` bytes; a longer body is cut off and fails the request
async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      reader.cancel().catch(() => undefined)
      throw new Failure('too-large')
    }
    chunks.push(value)
  }
  if (chunks.length === 1) return decoder.decode(chunks[0])
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return decoder.decode(bytes)
}

/**
 * An answer whose body was read (at most {@link MAX_BODY_BYTES}) and cleaned of credentials. The
 * body is kept as that text: `text()`, `json()`, `arrayBuffer()`, `bytes()`, `blob()`, `body` and
 * `clone()` serve it, any number of times, and a stream is made only when `body` is asked for.
 * {@link readResponse} takes the text as it is, so the body is neither streamed nor read twice.
 */
class ReadAnswer extends Response {
  /** The cleaned body. */
  readonly cleanedText: string
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined

  constructor(text: string, init: { status: number; statusText: string; headers: Headers }) {
    super(null, init)
    this.cleanedText = text
  }

  // upstreams echo credentials (gateways, debug bodies, raw_response headers); nothing past here sees them
  static cleaned(
    response: Response,
    raw: string,
    redactor: Redactor,
    scope: 'all' | 'given',
  ): ReadAnswer {
    let text = isNullBody(response.status) ? '' : redactor.text(raw, scope)
    if (redactor.mayHoldSecretHeaders(text)) {
      try {
        text = JSON.stringify(JSON.parse(text, redactor.reviver))
      } catch {
        // not JSON: the text redaction above is all that applies
      }
    }
    return new ReadAnswer(text, {
      status: response.status,
      statusText: response.statusText && redactor.text(response.statusText),
      headers: response.headers,
    })
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    // null for a status that has no body, as a Response made with its text would have it
    this.#stream ??= isNullBody(this.status) ? null : new Response(this.cleanedText).body
    return this.#stream
  }

  override text(): Promise<string> {
    return Promise.resolve(this.cleanedText)
  }

  override async json(): Promise<unknown> {
    return JSON.parse(this.cleanedText)
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new TextEncoder().encode(this.cleanedText)
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.cleanedText).buffer
  }

  override async blob(): Promise<Blob> {
    return new Blob([this.cleanedText], { type: this.headers.get('content-type') ?? '' })
  }

  override clone(): ReadAnswer {
    const { status, statusText, headers } = this
    return new ReadAnswer(this.cleanedText, { status, statusText, headers })
  }
}

/**
 * True when Truto says the answer came from the provider (`truto_is_remote_error: true`): a 429 of
 * the provider's limits rather than Truto's own, or a 503 of a flaky provider rather than a
 * blocked account. Reads the body already in memory; answers of other fetches count as Truto's.
 */
export function isRemoteAnswer(response: Response): boolean {
  if (!(response instanceof ReadAnswer)) return false
  const text = response.cleanedText
  if (!text.includes('truto_is_remote_error')) return false
  try {
    const data: unknown = JSON.parse(text)
    return isRecord(data) && data.truto_is_remote_error === true
  } catch {
    return false
  }
}

/** The cleaned body of an answer this client read; undefined for any other response. */
export function cleanedText(response: Response): string | undefined {
  return response instanceof ReadAnswer ? response.cleanedText : undefined
}

/** Parses a response body defensively: JSON when it is JSON, else text (cut), else undefined. */
export async function readBody(response: Response): Promise<{ ok: boolean; data: unknown }> {
  const text = response instanceof ReadAnswer ? response.cleanedText : await response.text()
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
  const remote = record.truto_is_remote_error === true
  const said = typeof record.message === 'string' && record.message.trim() ? record.message : ''
  // a provider's error may leave `message` empty; its own words are then in raw_response
  const message = said || (remote ? providerMessage(record.raw_response) : undefined)
  throw new TrutoApiError(
    {
      status: response.status,
      method: request.method,
      path: request.path,
      serverMessage: message ?? (response.statusText || undefined),
      body: body.data,
      isRemoteError: remote,
      retryAfterMs: waitFromHeaders(response.headers, Date.now()),
    },
    context,
  )
}
