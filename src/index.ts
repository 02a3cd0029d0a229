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
export {
  type ToolSelectorOptions,
  type ToolSelectorRequest,
  type TrutoToolSelector,
  toolSelectorMiddleware,
} from './search/tool-selector-middleware.js'
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
