import { DefinitionCache } from './definition-cache.js'
import type { JsonSchema } from './definitions.js'
import { matchesFilters, type ToolDefinition } from './definitions.js'
import { dialectView, PROVIDER_TOOL_LIMITS, type SchemaDialect } from './dialects/index.js'
import { TrutoConfigError } from './errors.js'
import { globMatcher } from './glob.js'
import { McpServerAdmin, type McpServers, type TrutoMcpServer } from './mcp/mcp-servers.js'
import type { McpSession } from './mcp/mcp-session.js'
import { McpSessionPool } from './mcp/mcp-session-pool.js'
import { mcpServerUrl } from './mcp/mcp-url.js'
import { methodKind, methodTraits } from './methods.js'
import {
  type GetMcpSearchToolsOptions,
  type GetMcpToolsOptions,
  type GetSearchToolsOptions,
  type GetToolsOptions,
  needsApprovalByDefault,
  type SearchRankingOptions,
  type TrutoToolManagerOptions,
} from './options.js'
import { createRedactor, type Redactor } from './redact.js'
import { proxyPath, segmentProblem, UnsafePathError } from './request-path.js'
import { SchemaShapeError } from './schema.js'
import { createSearchTools, type SearchToolsOptions } from './search-tools.js'
import { TrutoTool } from './tool.js'
import { createExecutor, type ExecutorSettings } from './tool-executor.js'
import { assignToolNames } from './tool-names.js'
import { buildToolShape } from './tool-shape.js'
import { createClient } from './transport/client.js'
import { Transport } from './transport/transport.js'
import { resolveTrutoLimits, tokenKey } from './transport/truto-tiers.js'

const DEFAULT_BASE_URL = 'https://api.truto.one'
// OpenAI refuses a request that binds more tools than this; a dialect may know a smaller limit
const DEFAULT_TOOL_LIMIT = 128
const MAX_WARNED = 1000
// connections kept open at once; a process cycling through short-lived servers would otherwise grow
const MAX_MCP_SESSIONS = 32

/** Loads the tools of Truto integrated accounts as LangChain tools. */
export class TrutoToolManager {
  readonly #options: TrutoToolManagerOptions
  readonly #cache: DefinitionCache
  readonly #settings: ExecutorSettings
  readonly #warn: (message: string) => void
  readonly #warned = new Set<string>()
  readonly #redactor: Redactor
  // MCP URLs on this origin get the API token, so they must lie at `<baseUrl>/mcp/<token>`
  readonly #baseUrl: URL
  readonly #mcpSessions = new McpSessionPool(MAX_MCP_SESSIONS)

  /** Creates, lists, reads, changes and deletes the account's Truto MCP servers. */
  readonly mcpServers: McpServers

  constructor(options: TrutoToolManagerOptions = {}) {
    const given = [options.apiKey, options.trutoApiKey, options.trutoAccessToken].filter(Boolean)
    if (new Set(given).size > 1) {
      // which of two different tokens was meant is not ours to guess; neither is named here
      throw new TrutoConfigError(
        'apiKey',
        '`apiKey`, `trutoApiKey` and `trutoAccessToken` name one token, but different values were given: pass one.',
      )
    }
    const apiKey =
      options.apiKey ??
      options.trutoApiKey ??
      options.trutoAccessToken ??
      env('TRUTO_API_KEY') ??
      env('TRUTO_API_TOKEN')
    if (!apiKey) {
      throw new TrutoConfigError(
        'apiKey',
        'Missing Truto API key: pass `apiKey` or set the TRUTO_API_KEY environment variable.',
      )
    }
    const baseUrl = options.baseUrl ?? env('TRUTO_API_BASE_URL') ?? DEFAULT_BASE_URL
    if (!isAbsoluteUrl(baseUrl)) {
      throw new TrutoConfigError('baseUrl', '`baseUrl` must be an absolute URL.')
    }
    const timeoutMs = numberIn('timeoutMs', options.timeoutMs, 30_000, 1, MAX_TIMER_MS)
    const totalTimeoutMs = numberIn(
      'totalTimeoutMs',
      options.totalTimeoutMs,
      120_000,
      1,
      MAX_TIMER_MS,
    )
    this.#options = options
    const redactor = createRedactor([apiKey])
    const warn = options.onWarning ?? ((message) => console.warn(message))
    // warnings quote server-sent names and messages, so they pass the same redaction as bodies
    this.#warn = (message) => warn(redactor.text(message))
    const transport = new Transport(
      createClient({ apiKey, baseUrl, timeoutMs, fetch: options.fetch, redactor }),
      {
        maxRetries: numberIn('maxRetries', options.maxRetries, 4, 0),
        maxRetryWaitMs: numberIn('maxRetryWaitMs', options.maxRetryWaitMs, 60_000, 0, MAX_TIMER_MS),
        retryUnsafe: options.retryUnsafe,
        totalTimeoutMs,
        onRetry: options.onRetry,
      },
      {
        store: options.rateLimitStore,
        warn: this.#warn,
        requestTimeoutMs: timeoutMs,
        truto: trutoTiers(options.trutoLimits, apiKey),
      },
    )
    this.#cache = new DefinitionCache(transport, this.#warn, {
      ttlMs: numberIn('cacheTtlMs', options.cacheTtlMs, 300_000, 0),
    })
    if (options.requireApproval && !options.approve) {
      throw new TrutoConfigError(
        'approve',
        '`requireApproval` selects calls for `approve`, which is missing: pass `approve` too.',
      )
    }
    this.#redactor = redactor
    this.#baseUrl = new URL(baseUrl)
    this.mcpServers = new McpServerAdmin({
      transport,
      account: (id) => this.#account(id),
      redactor,
      onDelete: (server) => this.#forgetMcpServer(server.url, server.token),
      // a server made for getMcpTools would be left behind when the SDK turns out to be missing
      beforeCreate: () => this.#warnIfNoMcpSdk(),
    })
    checkReadOnlyMethods(options.readOnly ?? false, options.methods)
    if (
      options.errors !== undefined &&
      options.errors !== 'message' &&
      options.errors !== 'throw'
    ) {
      throw new TrutoConfigError('errors', "`errors` must be 'message' or 'throw'.")
    }
    this.#settings = {
      transport,
      totalTimeoutMs,
      errors: options.errors ?? 'message',
      // below this the notes that say how to see the rest would not fit
      maxResultChars: numberIn('maxResultChars', options.maxResultChars, 16_000, 500),
      autoPaginate: options.autoPaginate && {
        maxPages: numberIn('autoPaginate.maxPages', options.autoPaginate.maxPages, 10, 1),
        maxItems: numberIn('autoPaginate.maxItems', options.autoPaginate.maxItems, 500, 1),
      },
      readOnly: options.readOnly ?? false,
      dryRun: options.dryRun ?? false,
      requireApproval: options.requireApproval ?? needsApprovalByDefault,
      approve: options.approve,
    }
  }

  /**
   * Fetches the account's tool definitions (every page, cached for `cacheTtlMs`) and returns
   * them as LangChain tools, ready for `model.bindTools`, `createAgent` and LangGraph's `ToolNode`.
   */
  async getTools(accountId?: string, options: GetToolsOptions = {}): Promise<TrutoTool[]> {
    return (await this.#accountTools(accountId, options)).tools
  }

  /**
   * Two tools in place of a large catalogue: `search_tools` ranks the account's tools by what
   * they do (locally, no network; with `embeddings`, fused with the model's similarity ranking)
   * and `call_tool` calls one by name with validated arguments.
   */
  async getSearchTools(accountId?: string, options: GetSearchToolsOptions = {}) {
    const { tools, withheld, dialect } = await this.#accountTools(accountId, options)
    return createSearchTools(tools, this.#searchOptions(withheld, dialect, options))
  }

  /**
   * The tools of a Truto MCP server (from `mcpServers.create`, or its URL) as LangChain tools,
   * with the same validation, errors, rate-limit handling and safety options as `getTools`.
   * Needs the optional peer dependency `@modelcontextprotocol/sdk`.
   */
  async getMcpTools(
    server: TrutoMcpServer | string,
    options: GetMcpToolsOptions = {},
  ): Promise<TrutoTool[]> {
    return (await this.#serverTools(server, options)).tools
  }

  /** The `search_tools` and `call_tool` pair over a Truto MCP server's tools. */
  async getMcpSearchTools(server: TrutoMcpServer | string, options: GetMcpSearchToolsOptions = {}) {
    const { tools, withheld, dialect } = await this.#serverTools(server, options)
    return createSearchTools(tools, this.#searchOptions(withheld, dialect, options))
  }

  #searchOptions(
    withheld: ReadonlyMap<string, string>,
    dialect: SchemaDialect,
    { embeddings }: SearchRankingOptions,
  ): SearchToolsOptions {
    return {
      errors: this.#settings.errors,
      withheld,
      dialect,
      embeddings,
      embeddingsTimeoutMs: this.#settings.totalTimeoutMs,
      onWarning: this.#warn,
    }
  }

  async #accountTools(accountId: string | undefined, options: GetToolsOptions): Promise<Loaded> {
    const account = this.#account(accountId)
    const filters = this.#filters(options)
    const dialect = this.#dialect(options.dialect)
    const definitions = await this.#cache.get(account, filters)
    const { chosen, withheld } = this.#select(definitions, filters)
    const names = assignToolNames(chosen.map((d) => d.name))
    const tools = chosen.flatMap(
      (d) => this.#buildTool(d, names.get(d.name) ?? d.name, account, dialect) ?? [],
    )
    const checked = this.#checked(tools, filters, account, 'getSearchTools()', dialect)
    return { tools: checked, withheld, dialect }
  }

  async #serverTools(
    server: TrutoMcpServer | string,
    options: GetMcpToolsOptions,
  ): Promise<Loaded> {
    const url = mcpServerUrl(server, this.#baseUrl)
    const account =
      typeof server === 'string' ? (options.accountId ?? this.#options.accountId) : server.accountId
    const accountLabel = account ?? '(MCP server)'
    // a URL's path and query carry its credential, whoever handed it to us
    for (const secret of urlSecrets(url)) this.#redactor.add(secret)
    const mcp = await loadMcpModule()
    const session = this.#mcpSession(mcp, url, account)
    const listed = await session.listTools(this.#settings.totalTimeoutMs)
    for (const { name, reason } of listed.skipped) {
      this.#warnOnce(`Skipped MCP tool ${name}: ${reason}.`)
    }
    if (listed.truncated) {
      this.#warnOnce(
        `Stopped reading the tools of an MCP server for ${accountLabel}: its pages did not end.`,
      )
    }
    const cut = listed.budget.warning(`the tools of an MCP server for ${accountLabel}`)
    if (cut) this.#warnOnce(cut)
    // tags are the server's own scope, fixed when it was provisioned
    const filters = this.#filters({ ...options, tags: undefined })
    const dialect = this.#dialect(options.dialect)
    const { chosen, withheld } = this.#select(
      listed.tools.map((listing) => ({ ...mcp.planMcpTool(listing), name: listing.name })),
      filters,
    )
    const names = assignToolNames(chosen.map((p) => p.name))
    const tools = chosen.flatMap((plan) => {
      try {
        const name = names.get(plan.name) ?? plan.name
        const view =
          dialect === 'json-schema'
            ? undefined
            : (schema: JsonSchema) => dialectView(schema, dialect)
        return [mcp.buildMcpTool(plan, name, accountLabel, session, this.#settings, view)]
      } catch (error) {
        // one hostile or broken listing costs its own tool, never the server's others
        this.#warnOnce(`Skipped MCP tool ${plan.name}: ${skipReason(error)}.`)
        return []
      }
    })
    const checked = this.#checked(tools, filters, accountLabel, 'getMcpSearchTools()', dialect)
    return { tools: checked, withheld, dialect }
  }

  /**
   * Closes open MCP connections and what the `rateLimitStore` owns (the connection a Redis store
   * opened from a URL). Nothing else needs closing; a process may exit without it.
   */
  async close(): Promise<void> {
    await this.#mcpSessions.closeAll()
    await this.#settings.transport.close()
  }

  #mcpSession(mcp: McpModule, url: URL, account: string | undefined): McpSession {
    // the gate follows the account, so the same URL under another account is another session
    const key = `${account ?? ''} ${url.href}`
    // an account's proxy and MCP calls spend one upstream limit, so they share its gate; a server
    // elsewhere is no Truto: its answers must not pace (or close) any Truto window
    // `api.truto.one.` is the same host as `api.truto.one`: its calls count against Truto's tiers
    const host = (origin: URL) => `${origin.protocol}//${origin.host.replace(/\.(?=:|$)/, '')}`
    const onTruto = host(url) === host(this.#baseUrl)
    const gateKey = !onTruto
      ? `offsite:${url.href}`
      : account
        ? `proxy:${account}`
        : `mcp:${url.href}`
    return this.#mcpSessions.session(
      key,
      url,
      (host) => new mcp.McpSession(url, this.#settings.transport, this.#redactor, gateKey, host),
    )
  }

  // a deleted server's connection and credential are of no further use
  #forgetMcpServer(url: string, token: string): void {
    this.#mcpSessions.retire(safeHref(url))
    this.#redactor.remove(token)
  }

  #filters(options: GetToolsOptions): Filters {
    const methods = options.methods ?? this.#options.methods
    checkReadOnlyMethods(this.#settings.readOnly, methods)
    return {
      methods,
      tags: options.tags ?? this.#options.tags,
      include: options.include ?? this.#options.include,
      exclude: options.exclude ?? this.#options.exclude,
      hasDescription: options.hasDescription ?? this.#options.hasDescription,
    }
  }

  // a server that ignores a filter must not widen what the agent gets
  #select<T extends Pick<ToolDefinition, 'name' | 'method' | 'resource' | 'tags'>>(
    items: readonly T[],
    filters: Filters,
  ): { chosen: T[]; withheld: Map<string, string> } {
    const included = filters.include?.length ? globMatcher(filters.include) : () => true
    const excluded = filters.exclude?.length ? globMatcher(filters.exclude) : () => false
    const withheld = new Map<string, string>()
    const wanted = items.filter((item) => {
      if (!matchesFilters(item, filters.methods, filters.tags)) return false
      if (!included(item.name) || excluded(item.name)) return false
      if (this.#settings.readOnly && methodKind(item.method) !== 'read') {
        // call_tool can then say why, instead of claiming the tool does not exist
        withheld.set(item.name, 'this toolset is read-only, so it only lists and reads records')
        return false
      }
      return true
    })
    return { chosen: this.#withoutDuplicates(wanted), withheld }
  }

  #dialect(given: SchemaDialect | undefined): SchemaDialect {
    const dialect = given ?? this.#options.dialect ?? 'json-schema'
    if (!Object.hasOwn(PROVIDER_TOOL_LIMITS, dialect)) {
      throw new TrutoConfigError(
        'dialect',
        `\`dialect\` must be 'json-schema', 'openai-strict' or 'gemini'; got ${JSON.stringify(dialect)}.`,
      )
    }
    return dialect
  }

  #checked(
    tools: TrutoTool[],
    filters: Filters,
    account: string,
    search: string,
    dialect: SchemaDialect,
  ): TrutoTool[] {
    if (tools.length === 0) {
      // an agent with no tools fails far from the cause; a misspelt filter is the usual one
      const given = Object.entries(filters)
        .filter(([, value]) => Array.isArray(value) && value.length)
        .map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
      const readOnly = this.#settings.readOnly ? ' in read-only mode' : ''
      this.#warnOnce(
        given.length
          ? `No Truto tools match ${given.join(', ')}${readOnly} for account ${account}; check their spelling.`
          : `No Truto tools are listed${readOnly} for account ${account}.`,
      )
    }
    // the chosen provider's own limit; without one, the smallest common one (OpenAI's)
    const limit = PROVIDER_TOOL_LIMITS[dialect] ?? DEFAULT_TOOL_LIMIT
    if (tools.length > limit) {
      const who = dialect === 'json-schema' ? 'some providers refuse' : `${dialect} takes no`
      this.#warn(
        `${tools.length} Truto tools loaded for ${account}; ${who} more than ${limit} bound tools. Narrow them with methods, tags or include, or use ${search}.`,
      )
    }
    return tools
  }

  /** Forgets cached tool definitions of one account, or of every account. */
  refresh(accountId?: string): void {
    this.#cache.clear(accountId)
  }

  // two tools of one name would make a provider refuse the whole request
  #withoutDuplicates<T extends Pick<ToolDefinition, 'name' | 'method' | 'resource'>>(
    items: readonly T[],
  ): T[] {
    const seen = new Set<string>()
    return items.filter((item) => {
      if (!seen.has(item.name)) return seen.add(item.name)
      this.#warnOnce(
        `Skipped Truto tool ${item.name} (${item.method} ${item.resource}): another tool has that name.`,
      )
      return false
    })
  }

  // definitions are rebuilt on every getTools call; their problems are worth one warning
  // servers are also made for other MCP clients, so a missing SDK is a warning here, not an error
  async #warnIfNoMcpSdk(): Promise<void> {
    if (
      await loadMcpModule().then(
        () => true,
        () => false,
      )
    )
      return
    this.#warnOnce(
      'This MCP server is created, but loading its tools with getMcpTools() needs the optional peer dependency @modelcontextprotocol/sdk: npm install @modelcontextprotocol/sdk',
    )
  }

  #warnOnce(message: string): void {
    if (this.#warned.has(message)) return
    // a long-running multi-tenant process meets unbounded distinct messages; the oldest go first
    if (this.#warned.size >= MAX_WARNED)
      this.#warned.delete(this.#warned.values().next().value ?? '')
    this.#warned.add(message)
    this.#warn(message)
  }

  #account(accountId: string | undefined): string {
    const account = accountId ?? this.#options.accountId ?? env('TRUTO_ACCOUNT_ID')
    if (!account) {
      throw new TrutoConfigError(
        'accountId',
        'Missing integrated account id: pass it to `getTools(accountId)`, set the `accountId` option, or set the TRUTO_ACCOUNT_ID environment variable.',
      )
    }
    const problem = segmentProblem(account)
    if (problem) {
      // the id becomes a path segment of every request; it must not be able to move it
      throw new TrutoConfigError('accountId', `The integrated account id ${problem}.`)
    }
    return account
  }

  #buildTool(
    definition: ToolDefinition,
    name: string,
    accountId: string,
    dialect: SchemaDialect,
  ): TrutoTool | undefined {
    try {
      return this.#toolOf(definition, name, accountId, dialect)
    } catch (error) {
      // one hostile or broken definition costs its own tool, never the account's others
      this.#warnOnce(`Skipped Truto tool ${definition.name}: ${skipReason(error)}.`)
      return undefined
    }
  }

  #toolOf(
    definition: ToolDefinition,
    name: string,
    accountId: string,
    dialect: SchemaDialect,
  ): TrutoTool {
    const { schema, route } = buildToolShape(definition)
    // a schema the provider's dialect cannot express throws here and skips only this tool
    const view = dialect === 'json-schema' ? undefined : dialectView(schema, dialect)
    const path = proxyPath(definition.resource, definition.method)
    const { idempotent } = methodTraits(definition.method)
    const paged =
      definition.method === 'list'
        ? ' Results are paged: the result says whether more exist and which next_cursor to pass.'
        : ''
    return new TrutoTool({
      name,
      description: `${definition.description || `${definition.method} ${definition.resource}`}${paged}`,
      schema,
      idempotent,
      metadata: {
        resource: definition.resource,
        method: definition.method,
        accountId,
        originalName: definition.name,
      },
      execute: createExecutor(this.#settings, {
        toolName: name,
        accountId,
        route,
        path,
        idempotent,
      }),
      errors: this.#settings.errors,
      view,
    })
  }
}

// our own errors say what is wrong; anything else (a validator's, the stack's) is not ours to quote
function skipReason(error: unknown): string {
  if (error instanceof SchemaShapeError || error instanceof UnsafePathError) return error.message
  return 'its schema could not be read'
}

// timers longer than this overflow to 1 ms in every runtime
const MAX_TIMER_MS = 2 ** 31 - 1

function numberIn(
  option: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
) {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`
    throw new TrutoConfigError(option, `\`${option}\` must be a number ${range}, got ${value}.`)
  }
  return value
}

function isAbsoluteUrl(text: string): boolean {
  try {
    return Boolean(new URL(text).protocol)
  } catch {
    return false
  }
}

function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env?.[name]
  return value?.trim() ? value : undefined
}

type Filters = Pick<GetToolsOptions, 'methods' | 'tags' | 'include' | 'exclude' | 'hasDescription'>
type Loaded = {
  readonly tools: TrutoTool[]
  readonly withheld: ReadonlyMap<string, string>
  readonly dialect: SchemaDialect
}
type McpModule = typeof import('./mcp/mcp-tools.js')

// the MCP SDK is an optional peer: users who never touch MCP need not install it
async function loadMcpModule(): Promise<McpModule> {
  try {
    return await import('./mcp/mcp-tools.js')
  } catch (error) {
    throw new TrutoConfigError(
      'mcp',
      'MCP tools need the optional peer dependency @modelcontextprotocol/sdk: npm install @modelcontextprotocol/sdk',
      { cause: error },
    )
  }
}

// the token's tier is named by a hash of it, computed once; no limit in force, no hash
function trutoTiers(option: unknown, apiKey: string) {
  const limits = resolveTrutoLimits(option)
  if (!limits.perToken && !limits.perAccount) return undefined
  return { limits, tokenKey: tokenKey(apiKey) }
}

// read-only keeps list and get tools; a filter that asks for none of them can only be a mistake
function checkReadOnlyMethods(readOnly: boolean, methods: readonly string[] | undefined): void {
  if (!readOnly || !methods?.length) return
  if (methods.some((m) => m === 'read' || methodKind(m) === 'read')) return
  throw new TrutoConfigError(
    'methods',
    `\`readOnly\` keeps only read tools (list, get), but \`methods\` asks for ${JSON.stringify(methods)}: add "read" or drop \`readOnly\`.`,
  )
}

// the parts of an MCP URL that may be its credential: path segments and query values
function urlSecrets(url: URL): string[] {
  return [...url.pathname.split('/'), ...url.searchParams.values()].filter(
    (part) => part.length >= 16,
  )
}

function safeHref(text: string): string {
  try {
    return new URL(text).href
  } catch {
    return text
  }
}
