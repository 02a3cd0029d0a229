import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { McpError } from '@modelcontextprotocol/sdk/types.js'
import { z } from 'zod'
import { isRecord } from '../basics/is-record.js'
import { ListingBudget } from '../definitions/listing-budget.js'
import {
  isTrutoError,
  TrutoMcpError,
  TrutoRefusedError,
  TrutoRequestError,
} from '../errors/errors.js'
import type { Redactor } from '../safety/redactor.js'
import type { RetryContext } from '../transport/retry-options.js'
import type { Transport } from '../transport/transport.js'
import { type McpToolListing, readListing, type SkippedListing } from './mcp-listing.js'

export type { McpToolListing }

/** What `tools/list` gave, page after page. */
export type McpListing = {
  readonly tools: McpToolListing[]
  readonly skipped: SkippedListing[]
  /** True when the pages did not end (a repeated cursor, or too many pages). */
  readonly truncated: boolean
  /** What the listing's budgets cut, for one warning. */
  readonly budget: ListingBudget
}

/** The answer of `tools/call`, as far as the library reads it. */
export type McpCallResult = {
  readonly content: readonly unknown[]
  readonly structuredContent: unknown
  readonly isError: boolean
}

/** What one call brings to the HTTP layer: its signal, how it may be retried, whom to tell about waits. */
export type McpCallOptions = {
  readonly signal: AbortSignal | undefined
  readonly idempotent: boolean
  readonly onWait: ((wait: RetryContext) => Promise<void>) | undefined
  readonly context: { readonly toolName: string; readonly accountId: string }
  readonly timeoutMs: number
}

// the SDK's own result schemas reject a whole page for one odd tool; these read only the envelope
const LIST_RESULT = z.looseObject({
  tools: z.array(z.unknown()),
  nextCursor: z.string().optional(),
})
const CALL_RESULT = z.looseObject({
  content: z.array(z.unknown()).optional(),
  structuredContent: z.unknown().optional(),
  isError: z.boolean().optional(),
})
// the library validates arguments itself and never checks results against a server's outputSchema
const NO_OUTPUT_VALIDATION = {
  getValidator: () => (data: unknown) => ({ valid: true, data, errorMessage: undefined }),
} as unknown as NonNullable<
  NonNullable<ConstructorParameters<typeof Client>[1]>['jsonSchemaValidator']
>

const CALL_KEY = 'truto-langchainjs-toolset/call'
const METHOD_NOT_FOUND = -32601
const MAX_PAGES = 100
const CLIENT_INFO = { name: 'truto-langchainjs-toolset', version: '0.1.0' }

/** Where a session takes its turn among the manager's open connections. */
export type McpSessionHost = {
  /** Before each use: false when the session is closed for good (manager closed, server deleted). */
  acquire(session: McpSession): boolean
  /** After each use, once nothing is in flight: a pool past its size may now close it. */
  release(session: McpSession): void
  /** True when the session was closed because this manager deleted its server. */
  deleted?(session: McpSession): boolean
}

/**
 * One connection to one MCP server, made on first use and made again after the pool closed it
 * for room. Every HTTP request it sends goes through the manager's client (deadline, redaction,
 * URL check) and the account's rate-limit gate.
 */
export class McpSession {
  readonly #url: URL
  readonly #transport: Transport
  readonly #redactor: Redactor
  readonly #gateKey: string
  readonly #host: McpSessionHost | undefined
  readonly #calls = new Map<string, McpCallOptions>()
  #client: Promise<Client> | undefined
  // the open connection's transport, for what tracing says of the session
  #sdkTransport: StreamableHTTPClientTransport | undefined
  #closed = false
  // closed because this manager deleted the server: its tools are gone, not merely disconnected
  #deleted = false
  #nextCall = 0
  #inFlight = 0

  constructor(
    url: URL,
    transport: Transport,
    redactor: Redactor,
    gateKey: string,
    host?: McpSessionHost,
  ) {
    this.#url = url
    this.#transport = transport
    this.#redactor = redactor
    this.#gateKey = gateKey
    this.#host = host
  }

  /** True while a listing or a call is in flight: the pool never closes a busy session. */
  get busy(): boolean {
    return this.#inFlight > 0
  }

  /**
   * Every usable tool the server lists, following its cursors, within the listing's budget:
   * unusable ones are named in `skipped`, what the budget cut in `budget`.
   */
  listTools(timeoutMs: number): Promise<McpListing> {
    return this.#using(() => this.#listTools(timeoutMs))
  }

  async #listTools(timeoutMs: number): Promise<McpListing> {
    const client = await this.#connect()
    const tools: McpToolListing[] = []
    const skipped: SkippedListing[] = []
    const budget = new ListingBudget()
    const seen = new Set<string>()
    const endsAt = Date.now() + timeoutMs
    let cursor: string | undefined
    for (let page = 0; page < MAX_PAGES; page++) {
      const left = endsAt - Date.now()
      if (left <= 0)
        throw new TrutoRequestError({ reason: 'timeout', method: 'MCP', path: '(tools/list)' })
      const params = cursor ? { cursor } : {}
      const answer = await this.#guard(() =>
        client.request({ method: 'tools/list', params }, LIST_RESULT, { timeout: left }),
      )
      for (const raw of answer.tools) {
        const { tool, skipped: skip } = readListing(raw, budget)
        if (tool) tools.push(tool)
        if (skip) skipped.push(skip)
        if (budget.full) return { tools, skipped, truncated: false, budget }
      }
      const next = answer.nextCursor
      // a server that repeats a cursor would page forever
      if (!next || seen.has(next)) return { tools, skipped, truncated: Boolean(next), budget }
      seen.add(next)
      cursor = next
    }
    return { tools, skipped, truncated: true, budget }
  }

  /** Calls one tool; resolves to its result (an `isError` result included), throws a `TrutoError`. */
  call(
    name: string,
    args: Record<string, unknown>,
    options: McpCallOptions,
  ): Promise<McpCallResult> {
    return this.#using(() => this.#call(name, args, options), options)
  }

  // counted from before the connection is asked for, so the pool sees the session busy throughout
  async #using<T>(work: () => Promise<T>, options?: McpCallOptions): Promise<T> {
    this.#inFlight++
    try {
      if (!this.#closed && this.#host && !this.#host.acquire(this)) {
        this.#closed = true
        this.#deleted = this.#host.deleted?.(this) ?? false
      }
      if (this.#closed) throw this.#closedError(options)
      return await work()
    } finally {
      if (--this.#inFlight === 0) this.#host?.release(this)
    }
  }

  async #call(
    name: string,
    args: Record<string, unknown>,
    options: McpCallOptions,
  ): Promise<McpCallResult> {
    const client = await this.#connect(options)
    const key = String(++this.#nextCall)
    this.#calls.set(key, options)
    try {
      const params = { name, arguments: args, _meta: { [CALL_KEY]: key } }
      const result = await this.#guard(
        () =>
          client.request({ method: 'tools/call', params }, CALL_RESULT, {
            ...(options.signal ? { signal: options.signal } : {}),
            // our own deadlines govern; the SDK's default of 60 s would cut long rate-limit waits
            timeout: options.timeoutMs,
          }),
        options,
      )
      return {
        content: (result.content ?? []).map((item) => this.#cleanItem(item)),
        structuredContent: this.#cleanJson(result.structuredContent),
        isError: result.isError === true,
      }
    } finally {
      this.#calls.delete(key)
    }
  }

  // a tool's text is JSON inside JSON: redacted again once decoded, and headers an upstream echoes
  // inside it (raw_response) dropped as on the proxy path
  #cleanItem(item: unknown): unknown {
    if (!isRecord(item) || item.type !== 'text' || typeof item.text !== 'string') return item
    const text = this.#redactor.text(item.text)
    const cleaned = text === item.text ? item : { ...item, text }
    if (!this.#redactor.mayHoldSecretHeaders(text)) return cleaned
    try {
      return { ...item, text: JSON.stringify(JSON.parse(text, this.#redactor.reviver)) }
    } catch {
      return cleaned
    }
  }

  #cleanJson(value: unknown): unknown {
    if (value === undefined) return undefined
    const raw = JSON.stringify(value)
    const text = this.#redactor.text(raw)
    if (text === raw && !this.#redactor.mayHoldSecretHeaders(text)) return value
    return JSON.parse(text, this.#redactor.reviver)
  }

  /** The open connection's session id and negotiated protocol version, as far as known. */
  describe(): {
    readonly sessionId?: string | undefined
    readonly protocolVersion?: string | undefined
  } {
    const transport = this.#sdkTransport
    return { sessionId: transport?.sessionId, protocolVersion: transport?.protocolVersion }
  }

  /** Closes the connection for good; calls after this fail with a `TrutoMcpError`. */
  async close(because: 'closed' | 'deleted' = 'closed'): Promise<void> {
    this.#closed = true
    if (because === 'deleted') this.#deleted = true
    const client = await this.#client?.catch(() => undefined)
    this.#client = undefined
    await client?.close().catch(() => undefined)
  }

  /** Closes the connection to make room, when nothing is in flight; the next use opens a new one. */
  async suspend(): Promise<void> {
    if (this.#inFlight > 0 || !this.#client) return
    const pending = this.#client
    this.#client = undefined
    const client = await pending.catch(() => undefined)
    await client?.close().catch(() => undefined)
  }

  #closedError(options: McpCallOptions | undefined): TrutoMcpError {
    // loading the tools again cannot bring back a server this application deleted
    if (this.#deleted) {
      const said = 'this application deleted the MCP server'
      return new TrutoMcpError({ reason: 'gone', serverMessage: said }, options?.context)
    }
    const said = 'the connection to this MCP server was closed; load its tools again'
    return new TrutoMcpError({ reason: 'closed', serverMessage: said }, options?.context)
  }

  #connect(options?: McpCallOptions): Promise<Client> {
    if (this.#closed) return Promise.reject(this.#closedError(options))
    if (this.#client) return this.#client
    const transport = new StreamableHTTPClientTransport(this.#url, {
      fetch: (input, init) => this.#fetch(input, init),
    })
    this.#sdkTransport = transport
    const client = new Client(CLIENT_INFO, { jsonSchemaValidator: NO_OUTPUT_VALIDATION })
    const connecting = this.#guard(() => client.connect(transport), options).then(() => client)
    this.#client = connecting
    // a failed connection is not remembered, so the next call tries again
    connecting.catch(() => {
      if (this.#client === connecting) this.#client = undefined
    })
    return connecting
  }

  // the SDK's requests reach the network only through here
  async #fetch(input: string | URL, init: RequestInit | undefined): Promise<Response> {
    const url = new URL(input instanceof URL ? input.href : String(input))
    // the SDK posts only to the server's own URL; anywhere else could carry the API token
    if (url.origin !== this.#url.origin || url.pathname !== this.#url.pathname) {
      throw new TrutoRefusedError('unsafe-path')
    }
    // the SDK's standing GET stream serves server-initiated messages, which the library never
    // uses; a server that ends it at once would have the SDK reconnect and spend the rate limit
    if ((init?.method ?? 'GET') === 'GET') return new Response(null, { status: 405 })
    const message = parseMessage(init?.body)
    // the SDK answers each request a server sends (ping, sampling, roots…), with a refusal for
    // those the library does not offer; a stateless server cannot route an answer, and a flood of
    // them must not spend the account's rate limit: they end here, with no network round trip
    if (isAnswerOnly(message)) return new Response(null, { status: 202 })
    const { body, call } = this.#claim(init?.body, message)
    const method = init?.method ?? 'GET'
    const send = (signal?: AbortSignal) =>
      this.#transport.client.sendTo(
        url,
        this.#url,
        { method, headers: init?.headers, body },
        '(MCP server)',
        signal,
      )
    return this.#transport.sendWith(
      send,
      { method, path: '(MCP server)' },
      {
        gateKey: this.#gateKey,
        // set-up, listing and notifications change nothing; a call is as safe as its tool
        idempotent: call?.idempotent ?? true,
        // the path is the server's credential: its spans name the route, never the path
        template: url.pathname.startsWith('/mcp/') ? '/mcp/{token}' : undefined,
        server: url,
        signal: call?.signal,
        onWait: call?.onWait,
        context: call?.context,
      },
    )
  }

  // finds the call a JSON-RPC message belongs to by the key put in its _meta, and removes the key
  #claim(
    body: unknown,
    message: unknown,
  ): { body: string | undefined; call: McpCallOptions | undefined } {
    if (typeof body !== 'string') return { body: undefined, call: undefined }
    const params = isRecord(message) && isRecord(message.params) ? message.params : undefined
    const meta = params && isRecord(params._meta) ? params._meta : undefined
    const key = meta?.[CALL_KEY]
    if (typeof key !== 'string' || !meta || !params) return { body, call: undefined }
    delete meta[CALL_KEY]
    if (Object.keys(meta).length === 0) delete params._meta
    return { body: JSON.stringify(message), call: this.#calls.get(key) }
  }

  // the SDK's errors become the library's, with the server's words redacted
  async #guard<T>(work: () => Promise<T>, options?: Partial<McpCallOptions>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      throw this.#translate(error, options)
    }
  }

  #translate(error: unknown, options: Partial<McpCallOptions> | undefined): unknown {
    const context = options?.context
    if (isTrutoError(error)) return error
    if (options?.signal?.aborted) {
      return new TrutoRequestError(
        { reason: 'aborted', method: 'MCP', path: '(MCP server)' },
        { ...context, cause: this.#redactor.error(error) },
      )
    }
    const said = (text: string) => clip(this.#redactor.text(text))
    if (error instanceof StreamableHTTPError) {
      const code = error.code
      const reason =
        code === 404 || code === 410
          ? 'gone'
          : code === 401 || code === 403
            ? 'unauthorized'
            : 'http-error'
      return new TrutoMcpError({ reason, code, serverMessage: said(error.message) }, context)
    }
    if (error instanceof McpError) {
      // the SDK prefixes the code on each side of the wire; the model needs the words once
      const words = said(error.message.replace(/^(MCP error -?\d+: )+/, ''))
      // servers answer an unknown tool with "invalid params"; it is not the arguments' fault
      const unknownTool = /\b(tool\b.*\bnot found|unknown tool)/i.test(words)
      const code = unknownTool ? METHOD_NOT_FOUND : error.code
      return new TrutoMcpError({ reason: 'rpc-error', code, serverMessage: words }, context)
    }
    return error
  }
}

const clip = (text: string) => (text.length > 500 ? `${text.slice(0, 500)}…` : text)

function parseMessage(body: unknown): unknown {
  if (typeof body !== 'string') return undefined
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

// a JSON-RPC response (or a batch of them) carries no method: only the server asked for it
function isAnswerOnly(message: unknown): boolean {
  const isAnswer = (item: unknown) =>
    isRecord(item) && item.method === undefined && ('result' in item || 'error' in item)
  return Array.isArray(message) ? message.length > 0 && message.every(isAnswer) : isAnswer(message)
}
