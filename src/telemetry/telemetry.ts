import type { Span, Tracer } from '@opentelemetry/api'
import {
  ERROR_TYPE,
  GEN_AI_OPERATION_NAME,
  GEN_AI_TOOL_CALL_ARGUMENTS,
  GEN_AI_TOOL_CALL_ID,
  GEN_AI_TOOL_CALL_RESULT,
  GEN_AI_TOOL_DESCRIPTION,
  GEN_AI_TOOL_NAME,
  GEN_AI_TOOL_TYPE,
  HTTP_REQUEST_METHOD,
  HTTP_REQUEST_RESEND_COUNT,
  HTTP_RESPONSE_STATUS_CODE,
  SERVER_ADDRESS,
  SERVER_PORT,
  SPAN_KIND_CLIENT,
  SPAN_KIND_INTERNAL,
  STATUS_ERROR,
  TRACER_NAME,
  TRACER_VERSION,
  URL_TEMPLATE,
} from './semconv.js'

type OtelApi = typeof import('@opentelemetry/api')

/** Attribute values as spans take them; no types of the optional peer reach our declarations. */
export type SpanAttributes = Record<string, string | number | boolean | undefined>

/** OpenTelemetry spans of tool calls, made when `@opentelemetry/api` is installed. */
export type TelemetryOptions = {
  /** Record each call's arguments and result on its span, redacted and cut to `maxContentChars`. @default false */
  readonly recordContent?: boolean | undefined
  /** Longest argument or result text recorded, in characters. @default 4096 */
  readonly maxContentChars?: number | undefined
  /** Where the spans go: a `TracerProvider` of `@opentelemetry/api`. @default the global tracer provider */
  readonly tracerProvider?:
    | {
        /** Returns the tracer of this name and version. */
        getTracer(name: string, version?: string): unknown
      }
    | undefined
}

/** What a tool's span says of it before the call runs. */
export type ToolCallStart = {
  readonly name: string
  readonly description: string
  readonly callId: string | undefined
  readonly attributes: SpanAttributes
}

/** One HTTP request of a call, as its span names it: never its URL, only the route's template. */
export type AttemptStart = {
  readonly method: string
  /** The route with its ids left out, e.g. `/proxy/tickets/{id}`; absent when unknown. */
  readonly template: string | undefined
  readonly url: URL
  /** 0 for the first send, 1 for the first retry, and so on. */
  readonly resendCount: number
}

/** The span of one tool call; every method is a no-op when nothing records. */
export type ToolCallSpan = {
  arguments(args: unknown): void
  result(text: string): void
  /** The call failed, thrown or answered to the model as an error message. */
  failed(error: unknown): void
}

/** What a tool needs of the manager's telemetry: a span around each of its calls. */
export type ToolCallTracer = {
  /** False while nothing can record: the call then skips its span altogether. */
  readonly live: boolean
  toolCall<T>(start: ToolCallStart, run: (span: ToolCallSpan) => Promise<T>): Promise<T>
}

/** The span of one HTTP attempt. */
export type AttemptSpan = { end(status: number | undefined, error?: unknown): void }

const NO_CALL: ToolCallSpan = { arguments() {}, result() {}, failed() {} }
const MAX_ATTRIBUTE_CHARS = 1024
const MAX_CONSTANTS = 10_000

let loading: Promise<OtelApi | undefined> | undefined

// an optional peer: without it there are no spans and no cost beyond one check per call
function loadApi(): Promise<OtelApi | undefined> {
  loading ??= import('@opentelemetry/api').then(
    // a bundler may hand over only the default export, which holds `trace` and `context` too
    (module) => (module.trace ? module : (module.default as unknown as OtelApi)),
    () => undefined,
  )
  return loading
}

/**
 * A manager's spans: `execute_tool {name}` per tool call (GenAI conventions), a CLIENT span per
 * HTTP attempt under it, and events for rate-limit waits and retries. Every string recorded
 * passes the manager's redactor, so no token or MCP URL reaches an exporter.
 */
export class Telemetry implements ToolCallTracer {
  /** Settles once `@opentelemetry/api` is loaded or known to be missing. */
  readonly ready: Promise<void>
  readonly #redact: (text: string) => string
  readonly #recordContent: boolean
  readonly #maxContentChars: number
  #api: OtelApi | undefined
  #tracer: Tracer | undefined
  // the global provider's stand-in until an SDK registers one: while it is, nothing records
  #noop: unknown
  // HTTP attempts of each tool call, counted by their parent span
  readonly #attempts = new WeakMap<Span, number>()
  readonly #constants = new Map<string, string>()

  constructor(options: TelemetryOptions | undefined, redact: (text: string) => string) {
    this.#redact = redact
    this.#recordContent = options?.recordContent === true
    this.#maxContentChars = options?.maxContentChars ?? 4096
    const provider = options?.tracerProvider
    this.ready = loadApi()
      .then((api) => {
        if (!api) return
        const tracer = (provider ?? api.trace).getTracer(TRACER_NAME, TRACER_VERSION) as Tracer
        // a provider that hands out no usable tracer gets no spans, and breaks no call
        if (typeof tracer?.startActiveSpan !== 'function') return
        if (typeof tracer.startSpan !== 'function') return
        this.#api = api
        this.#tracer = tracer
        if (!provider) this.#noop = new api.ProxyTracerProvider().getDelegate()
      })
      .catch(() => undefined)
  }

  /**
   * True while spans can record: the API is loaded and a provider was given, or an SDK has
   * registered a global one. Otherwise every entry point costs this check and nothing more.
   */
  get live(): boolean {
    const api = this.#api
    if (!api || !this.#tracer) return false
    if (this.#noop === undefined) return true
    const global = api.trace.getTracerProvider()
    return !(global instanceof api.ProxyTracerProvider && global.getDelegate() === this.#noop)
  }

  /** Runs a tool call in its `execute_tool` span, active for everything the call does. */
  toolCall<T>(start: ToolCallStart, run: (span: ToolCallSpan) => Promise<T>): Promise<T> {
    const tracer = this.#tracer
    if (!tracer || !this.live) return run(NO_CALL)
    // what a sampler may decide on; names and the rest are redacted only for a span that records
    const options = {
      kind: SPAN_KIND_INTERNAL,
      attributes: { [GEN_AI_OPERATION_NAME]: 'execute_tool' },
    }
    let running: Promise<T> | undefined
    try {
      tracer.startActiveSpan('execute_tool', options, (span) => {
        running = this.#traced(span, start, run)
        return running
      })
    } catch {
      // a tracer that throws costs its span, never the call (nor runs it twice)
    }
    return running ?? run(NO_CALL)
  }

  async #traced<T>(
    span: Span,
    start: ToolCallStart,
    run: (span: ToolCallSpan) => Promise<T>,
  ): Promise<T> {
    const call = quietly(() => this.#open(span, start)) ?? NO_CALL
    try {
      return await run(call)
    } catch (error) {
      // LangGraph's interrupt() passes through a tool as an error, and is no failure
      if (!isControlFlow(error)) call.failed(error)
      throw error
    } finally {
      quietly(() => {
        if (call !== NO_CALL) span.setAttribute('truto.attempts', this.#attempts.get(span) ?? 0)
        span.end()
      })
    }
  }

  // names and attributes of a span that records; NO_CALL for one that does not
  #open(span: Span, start: ToolCallStart): ToolCallSpan {
    if (!span.isRecording()) return NO_CALL
    const name = this.#constant(start.name)
    span.updateName(`execute_tool ${name}`)
    span.setAttributes({
      [GEN_AI_TOOL_NAME]: name,
      [GEN_AI_TOOL_TYPE]: 'function',
      [GEN_AI_TOOL_DESCRIPTION]: this.#constant(start.description),
      ...this.#clean(start.attributes, true),
    })
    // the model wrote it: redacted on each call
    if (start.callId !== undefined) span.setAttribute(GEN_AI_TOOL_CALL_ID, this.#text(start.callId))
    return this.#recording(span)
  }

  /** Starts the span of one HTTP attempt under the active span; undefined when nothing records. */
  attempt(start: AttemptStart): AttemptSpan | undefined {
    return quietly(() => this.#attempt(start))
  }

  #attempt(start: AttemptStart): AttemptSpan | undefined {
    const tracer = this.#tracer
    const api = this.#api
    if (!tracer || !api || !this.live) return undefined
    const parent = api.context.active()
    const method = start.method.toUpperCase()
    const attributes: SpanAttributes = {
      [HTTP_REQUEST_METHOD]: method,
      [SERVER_PORT]: Number(start.url.port) || (start.url.protocol === 'http:' ? 80 : 443),
    }
    if (start.resendCount > 0) attributes[HTTP_REQUEST_RESEND_COUNT] = start.resendCount
    const span = tracer.startSpan(method, { kind: SPAN_KIND_CLIENT, attributes }, parent)
    if (!span.isRecording()) return undefined
    // a host name can hold a credential too (an MCP server elsewhere)
    span.setAttribute(SERVER_ADDRESS, this.#constant(start.url.hostname))
    if (start.template !== undefined) {
      const template = this.#constant(start.template)
      span.updateName(`${method} ${template}`)
      span.setAttribute(URL_TEMPLATE, template)
    }
    const owner = api.trace.getSpan(parent)
    if (owner) this.#attempts.set(owner, (this.#attempts.get(owner) ?? 0) + 1)
    return {
      end: (status, error) =>
        quietly(() => {
          if (status !== undefined) span.setAttribute(HTTP_RESPONSE_STATUS_CODE, status)
          if (error !== undefined || (status !== undefined && status >= 400)) {
            span.setAttribute(ERROR_TYPE, error === undefined ? String(status) : errorType(error))
            span.setStatus({ code: STATUS_ERROR, message: statusMessage(error, status) })
          }
          span.end()
        }),
    }
  }

  /**
   * Where a call's waits and retries go: events on the span active now, when the call starts
   * (a queue's wake-up runs in another call's context). Undefined when nothing records.
   */
  events(): ((name: string, attributes: SpanAttributes) => void) | undefined {
    if (!this.live) return undefined
    const span = quietly(() => this.#api?.trace.getActiveSpan())
    if (!span || !quietly(() => span.isRecording())) return undefined
    return (name, attributes) => quietly(() => span.addEvent(name, this.#clean(attributes)))
  }

  /** Adds attributes to the active span (an MCP call's session and protocol), when it records. */
  annotate(attributes: SpanAttributes): void {
    if (!this.live) return
    quietly(() => {
      const span = this.#api?.trace.getActiveSpan()
      if (span?.isRecording()) span.setAttributes(this.#clean(attributes))
    })
  }

  #recording(span: Span): ToolCallSpan {
    let failed = false
    return {
      arguments: (args) => {
        if (!this.#recordContent) return
        quietly(() => span.setAttribute(GEN_AI_TOOL_CALL_ARGUMENTS, this.#content(safeJson(args))))
      },
      result: (text) => {
        if (!this.#recordContent || failed) return
        quietly(() => span.setAttribute(GEN_AI_TOOL_CALL_RESULT, this.#content(text)))
      },
      failed: (error) => {
        if (failed) return
        failed = true
        quietly(() => {
          span.setAttribute(ERROR_TYPE, errorType(error))
          span.setStatus({ code: STATUS_ERROR, message: statusMessage(error, undefined) })
        })
      },
    }
  }

  #clean(attributes: SpanAttributes, constant = false): SpanAttributes {
    const clean: SpanAttributes = {}
    for (const [key, value] of Object.entries(attributes)) {
      if (value === undefined) continue
      if (typeof value !== 'string') clean[key] = value
      else clean[key] = constant ? this.#constant(value) : this.#text(value)
    }
    return clean
  }

  // a tool's name, description and route are the same on every call: redacted once, not per call
  // (matching thousands of learned MCP tokens is not free)
  #constant(text: string): string {
    let clean = this.#constants.get(text)
    if (clean === undefined) {
      if (this.#constants.size >= MAX_CONSTANTS) this.#constants.clear()
      clean = this.#text(text)
      this.#constants.set(text, clean)
    }
    return clean
  }

  #text(text: string): string {
    return clip(this.#redact(text), MAX_ATTRIBUTE_CHARS)
  }

  #content(text: string): string {
    return clip(this.#redact(text), this.#maxContentChars)
  }
}

/** A low-cardinality name for a failure: the error class (`TrutoApiError`, …), else `_OTHER`. */
export function errorType(error: unknown): string {
  const name = error instanceof Error ? error.name : undefined
  return name && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name) && name !== 'Error' ? name : '_OTHER'
}

/**
 * A span's status text: the error's class and its low-cardinality fields (status, reason,
 * problem), never its message, which may quote a record id, a URL or an upstream's words.
 */
export function statusMessage(error: unknown, status: number | undefined): string {
  if (error === undefined) return status === undefined ? '' : `HTTP ${status}`
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown
    reason?: unknown
    problem?: unknown
  }
  const words = [errorType(error)]
  if (typeof fields.status === 'number') words.push(`HTTP ${fields.status}`)
  for (const word of [fields.reason, fields.problem]) {
    if (typeof word === 'string' && /^[a-z][a-z-]{0,39}$/.test(word)) words.push(word)
  }
  return words.join(' ')
}

// tracing must never break the call it traces: a throwing tracer costs its own record only
function quietly<T>(work: () => T): T | undefined {
  try {
    return work()
  } catch {
    return undefined
  }
}

const isControlFlow = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { is_bubble_up?: unknown }).is_bubble_up === true

function clip(text: string, max: number): string {
  if (text.length <= max) return text
  // never half of a surrogate pair
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1
  return `${text.slice(0, Math.max(0, end))}…`
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return ''
  }
}
