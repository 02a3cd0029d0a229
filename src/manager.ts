import { warnOnce } from './basics/warn-once.js'
import { DefinitionCache } from './definitions/definition-cache.js'
import { assignToolNames } from './definitions/tool-names.js'
import { McpServerAdmin, type McpServers, type TrutoMcpServer } from './mcp/mcp-servers.js'
import { McpToolSource } from './mcp/mcp-tool-source.js'
import { mcpServerUrl } from './mcp/mcp-url.js'
import type {
  GetMcpSearchToolsOptions,
  GetMcpToolsOptions,
  GetSearchToolsOptions,
  GetToolsOptions,
  SearchRankingOptions,
  TrutoToolManagerOptions,
} from './options/options.js'
import {
  resolveAccount,
  resolveDialect,
  resolveFilters,
  resolveOptions,
} from './options/resolve-options.js'
import { createRedactor, redactedWarn } from './safety/redactor.js'
import type { SchemaDialect } from './schema/dialects/index.js'
import { Telemetry } from './telemetry/telemetry.js'
import { buildTool } from './tools/build-tool.js'
import { createSearchTools, type SearchToolsOptions } from './tools/search-tools.js'
import type { TrutoTool } from './tools/tool.js'
import type { ExecutorSettings } from './tools/tool-executor.js'
import {
  type LoadedTools,
  selectTools,
  skipReason,
  warnOnToolCount,
} from './tools/tool-selection.js'
import { createClient } from './transport/client.js'
import { Transport } from './transport/transport.js'

/**
 * Loads the tools of Truto integrated accounts as LangChain tools. One manager serves many
 * accounts; it keeps their tool definitions cached and each account's rate-limit window.
 *
 * @example
 * ```ts
 * import { createAgent } from 'langchain'
 * import { TrutoToolManager } from 'truto-langchainjs-toolset'
 *
 * // the API key comes from TRUTO_API_KEY unless you pass `apiKey`
 * const manager = new TrutoToolManager({ accountId: 'acct_123', methods: ['read'] })
 * const tools = await manager.getTools()
 * const agent = createAgent({ model: 'openai:gpt-4o-mini', tools })
 * const result = await agent.invoke({
 *   messages: [{ role: 'user', content: "Which cards in 'In Review' are stale?" }],
 * })
 * ```
 */
export class TrutoToolManager {
  readonly #options: TrutoToolManagerOptions
  readonly #cache: DefinitionCache
  readonly #settings: ExecutorSettings
  readonly #warn: (message: string) => void
  // definitions are rebuilt on every getTools call; their problems are worth one warning
  readonly #warnOnce: (message: string) => void
  // MCP URLs on this origin get the API token, so they must lie at `<baseUrl>/mcp/<token>`
  readonly #baseUrl: URL
  readonly #mcp: McpToolSource

  /**
   * Creates, lists, reads, changes and deletes the account's Truto MCP servers.
   *
   * @example
   * ```ts
   * const server = await manager.mcpServers.create({
   *   accountId: 'acct_123',
   *   name: 'Pipeline agent',
   *   methods: ['read', 'write'],
   *   expiresAt: new Date(Date.now() + 3_600_000),
   * })
   * try {
   *   const tools = await manager.getMcpTools(server) // or its URL string
   *   // … run the agent with `tools` …
   * } finally {
   *   await manager.mcpServers.delete(server.id, 'acct_123')
   * }
   * ```
   */
  readonly mcpServers: McpServers

  /**
   * Checks the options once; sends nothing until a tool is loaded or called.
   *
   * @param options The API key, default account, filters and safety, timeouts and rate limits.
   * @throws {@link TrutoConfigError} when an option is wrong, or no API key is given (nor set in
   * `TRUTO_API_KEY` or `TRUTO_API_TOKEN`).
   */
  constructor(options: TrutoToolManagerOptions = {}) {
    const resolved = resolveOptions(options)
    const { apiKey, baseUrl, timeoutMs, totalTimeoutMs } = resolved
    this.#options = options
    const redactor = createRedactor([apiKey])
    const warn = options.onWarning ?? ((message) => console.warn(message))
    // warnings quote server-sent names and messages, so they pass the same redaction as bodies.
    // Made apart: V8 (Node 20) keeps a closure written straight into a field alive through young
    // collections, and with it the constructor's scope, the manager and every listing it read
    this.#warn = redactedWarn(warn, redactor)
    this.#warnOnce = warnOnce(this.#warn)
    const telemetry =
      options.telemetry === false
        ? undefined
        : new Telemetry(options.telemetry, (text) => redactor.text(text))
    const transport = new Transport(
      createClient({ apiKey, baseUrl, timeoutMs, fetch: options.fetch, redactor }),
      {
        maxRetries: resolved.maxRetries,
        maxRetryWaitMs: resolved.maxRetryWaitMs,
        retryUnsafe: options.retryUnsafe,
        totalTimeoutMs,
        onRetry: options.onRetry,
      },
      {
        store: options.rateLimitStore,
        warn: this.#warn,
        requestTimeoutMs: timeoutMs,
        truto: resolved.trutoTiers,
        trace: telemetry && { telemetry, server: new URL(baseUrl) },
      },
    )
    this.#cache = new DefinitionCache(transport, this.#warn, { ttlMs: resolved.cacheTtlMs })
    this.#baseUrl = new URL(baseUrl)
    this.#settings = {
      transport,
      totalTimeoutMs,
      errors: resolved.errors,
      maxResultChars: resolved.maxResultChars,
      autoPaginate: resolved.autoPaginate,
      readOnly: resolved.readOnly,
      dryRun: resolved.dryRun,
      requireApproval: resolved.requireApproval,
      approve: options.approve,
      telemetry,
    }
    this.#mcp = new McpToolSource({
      settings: this.#settings,
      redactor,
      baseUrl: this.#baseUrl,
      warn: this.#warn,
      warnOnce: this.#warnOnce,
    })
    this.mcpServers = new McpServerAdmin({
      transport,
      account: (id) => resolveAccount(id, options),
      redactor,
      onDelete: (server) => this.#mcp.forget(server.url, server.token),
      // a server made for getMcpTools would be left behind when the SDK turns out to be missing
      beforeCreate: () => this.#mcp.warnIfNoSdk(),
    })
  }

  /**
   * Fetches the account's tool definitions (every page, cached for `cacheTtlMs`) and returns
   * them as LangChain tools, ready for `model.bindTools`, `createAgent` and LangGraph's `ToolNode`.
   *
   * @param accountId The integrated account; defaults to the manager's `accountId`.
   * @param options Filters for this call; each replaces the manager's.
   *
   * @example
   * ```ts
   * import { ChatOpenAI } from '@langchain/openai'
   * import { TrutoToolManager } from 'truto-langchainjs-toolset'
   *
   * const manager = new TrutoToolManager()
   * const tools = await manager.getTools('acct_123', { methods: ['read'], tags: ['crm'] })
   * const model = new ChatOpenAI({ model: 'gpt-4o-mini' }).bindTools(tools)
   * ```
   */
  async getTools(accountId?: string, options: GetToolsOptions = {}): Promise<TrutoTool[]> {
    return (await this.#accountTools(accountId, options)).tools
  }

  /**
   * Two tools in place of a large catalogue: `search_tools` ranks the account's tools by what
   * they do (locally, no network; with `embeddings`, fused with the model's similarity ranking)
   * and `call_tool` calls one by name with validated arguments.
   *
   * @param accountId The integrated account; defaults to the manager's `accountId`.
   * @param options Filters for this call, as for `getTools`, and `embeddings`.
   *
   * @example
   * ```ts
   * const [searchTools, callTool] = await manager.getSearchTools('acct_123')
   * const agent = createAgent({ model: 'openai:gpt-4o-mini', tools: [searchTools, callTool] })
   * ```
   */
  async getSearchTools(accountId?: string, options: GetSearchToolsOptions = {}) {
    const { tools, withheld, dialect } = await this.#accountTools(accountId, options)
    return createSearchTools(tools, this.#searchOptions(withheld, dialect, options))
  }

  /**
   * The tools of a Truto MCP server (from `mcpServers.create`, or its URL) as LangChain tools,
   * with the same validation, errors, rate-limit handling and safety options as `getTools`.
   * Needs the optional peer dependency `@modelcontextprotocol/sdk`.
   *
   * @param server A server `mcpServers.create` returned, or its URL.
   * @param options Filters for this call; `accountId` names the account of a server given by URL.
   *
   * @example
   * ```ts
   * const server = await manager.mcpServers.create({ accountId: 'acct_123', name: 'Triage' })
   * const tools = await manager.getMcpTools(server, { methods: ['read'] })
   * ```
   */
  async getMcpTools(
    server: TrutoMcpServer | string,
    options: GetMcpToolsOptions = {},
  ): Promise<TrutoTool[]> {
    return (await this.#serverTools(server, options)).tools
  }

  /**
   * The `search_tools` and `call_tool` pair over a Truto MCP server's tools.
   *
   * @param server A server `mcpServers.create` returned, or its URL.
   * @param options Filters for this call, as for `getMcpTools`, and `embeddings`.
   */
  async getMcpSearchTools(server: TrutoMcpServer | string, options: GetMcpSearchToolsOptions = {}) {
    const { tools, withheld, dialect } = await this.#serverTools(server, options)
    return createSearchTools(tools, this.#searchOptions(withheld, dialect, options))
  }

  /** Forgets cached tool definitions of one account, or of every account. */
  refresh(accountId?: string): void {
    this.#cache.clear(accountId)
  }

  /**
   * Closes open MCP connections and what the `rateLimitStore` owns (the connection a Redis store
   * opened from a URL). Nothing else needs closing; a process may exit without it.
   */
  async close(): Promise<void> {
    await this.#mcp.close()
    await this.#settings.transport.close()
  }

  async #accountTools(
    accountId: string | undefined,
    options: GetToolsOptions,
  ): Promise<LoadedTools> {
    const account = resolveAccount(accountId, this.#options)
    const filters = resolveFilters(options, this.#options, this.#settings.readOnly)
    const dialect = resolveDialect(options.dialect, this.#options)
    const definitions = await this.#cache.get(account, filters)
    // the tools' spans need the optional API loaded (or known missing) before their first call
    await this.#settings.telemetry?.ready
    const { readOnly } = this.#settings
    const { chosen, withheld } = selectTools(definitions, filters, readOnly, this.#warnOnce)
    const names = assignToolNames(chosen.map((d) => d.name))
    const tools: TrutoTool[] = []
    for (const definition of chosen) {
      try {
        const name = names.get(definition.name) ?? definition.name
        tools.push(buildTool(definition, name, account, dialect, this.#settings))
      } catch (error) {
        // one hostile or broken definition costs its own tool, never the account's others
        this.#warnOnce(`Skipped Truto tool ${definition.name}: ${skipReason(error)}.`)
      }
    }
    const listing = { filters, account, dialect, readOnly, search: 'getSearchTools()' }
    warnOnToolCount(tools, listing, this.#warn, this.#warnOnce)
    return { tools, withheld, dialect }
  }

  async #serverTools(
    server: TrutoMcpServer | string,
    options: GetMcpToolsOptions,
  ): Promise<LoadedTools> {
    const url = mcpServerUrl(server, this.#baseUrl)
    const account =
      typeof server === 'string' ? (options.accountId ?? this.#options.accountId) : server.accountId
    // tags are the server's scope, fixed when it was made; MCP listings carry none to filter by
    const call = { ...options, tags: undefined }
    const manager = { ...this.#options, tags: undefined }
    const filters = resolveFilters(call, manager, this.#settings.readOnly)
    const dialect = resolveDialect(options.dialect, this.#options)
    await this.#settings.telemetry?.ready
    return this.#mcp.load(url, account, filters, dialect)
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
}
