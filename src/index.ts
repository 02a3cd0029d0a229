/**
 * Every tool of a Truto integrated account as LangChain.js tools, with schemas the model can
 * trust and rate limits handled. Start with {@link TrutoToolManager}: `getTools` for the tools
 * themselves, `getSearchTools` or {@link toolSelectorMiddleware} for large catalogues,
 * `mcpServers` and `getMcpTools` for Truto MCP servers, {@link createInterruptOn} for
 * human-in-the-loop approval. Errors are typed ({@link TrutoError} and its subclasses).
 *
 * Two more entries: `truto-langchainjs-toolset/testing`, an offline sandbox that answers like
 * Truto, and `truto-langchainjs-toolset/redis`, a rate-limit store shared by many processes.
 *
 * @example
 * ```ts
 * import { createAgent } from 'langchain'
 * import { TrutoToolManager } from 'truto-langchainjs-toolset'
 *
 * const manager = new TrutoToolManager({ accountId: 'acct_123', methods: ['read'] })
 * const tools = await manager.getTools()
 * const agent = createAgent({ model: 'openai:gpt-4o-mini', tools })
 * ```
 *
 * @packageDocumentation
 * @module truto-langchainjs-toolset
 */
export type { MethodFilter } from './definitions/tool-definition.js'
export type { TrutoApiProblem } from './errors/api-problem.js'
export type {
  TrutoErrorContext,
  TrutoMcpFailure,
  TrutoMcpServerFailure,
  TrutoRefusal,
  TrutoRequestFailure,
  TrutoValidationIssue,
} from './errors/errors.js'
export {
  isTrutoApiError,
  isTrutoConfigError,
  isTrutoError,
  isTrutoMcpError,
  isTrutoMcpServerError,
  isTrutoRateLimitError,
  isTrutoRefusedError,
  isTrutoRequestError,
  isTrutoValidationError,
  TrutoApiError,
  TrutoConfigError,
  TrutoError,
  TrutoMcpError,
  TrutoMcpServerError,
  TrutoRateLimitError,
  TrutoRefusedError,
  TrutoRequestError,
  TrutoValidationError,
} from './errors/errors.js'
export { TrutoToolManager } from './manager.js'
export type {
  McpServerChanges,
  McpServerOptions,
  McpServers,
  TrutoMcpServer,
} from './mcp/mcp-servers.js'
export {
  type AutoPaginateOptions,
  type GetMcpSearchToolsOptions,
  type GetMcpToolsOptions,
  type GetSearchToolsOptions,
  type GetToolsOptions,
  needsApprovalByDefault,
  type SearchRankingOptions,
  type ToolCallRequest,
  type TrutoLimit,
  type TrutoLimits,
  type TrutoToolManagerOptions,
} from './options/options.js'
export type { SchemaDialect } from './schema/dialects/schema-dialect.js'
export {
  type ToolSelectorOptions,
  type ToolSelectorRequest,
  type TrutoToolSelector,
  toolSelectorMiddleware,
} from './search/tool-selector-middleware.js'
export type { TelemetryOptions } from './telemetry/telemetry.js'
export {
  createInterruptOn,
  type InterruptDecision,
  type InterruptOnEntry,
  type InterruptOnOptions,
  type InterruptRequest,
} from './tools/interrupt-on.js'
// a class at runtime too, so `instanceof TrutoTool` works; tools come from getTools(), which normalises their schemas
export type { TrutoSearchTool } from './tools/search-tools.js'
export { TrutoTool, type TrutoToolMetadata } from './tools/tool.js'
export { RATE_LIMIT_EVENT, type RateLimitEventData } from './tools/tool-executor.js'
export type {
  RateLimitAnswer,
  RateLimitReservation,
  RateLimitStore,
  RateLimitTier,
  RateLimitTierGrant,
  RateLimitWindow,
} from './transport/rate-limit-store.js'
export type {
  RateLimitSource,
  RateLimitTierName,
  RetryContext,
  RetryReason,
} from './transport/retry-options.js'
