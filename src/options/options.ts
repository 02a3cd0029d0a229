import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import { methodTraits } from '../basics/methods.js'
import type { MethodFilter } from '../definitions/tool-definition.js'
import type { SchemaDialect } from '../schema/dialects/index.js'
import type { TelemetryOptions } from '../telemetry/telemetry.js'
import type { RateLimitStore } from '../transport/rate-limit-store.js'
import type { RetryContext } from '../transport/retry-options.js'

/** A tool call about to be sent, as the approval hooks see it. */
export type ToolCallRequest = {
  /** The tool's name, as the model calls it. */
  readonly toolName: string
  /** The Truto resource the tool acts on, e.g. `pipeline-cards`. */
  readonly resource: string
  /** `list`, `get`, `create`, `update`, `delete` or a custom method such as `bulk_update`. */
  readonly method: string
  /** The integrated account the call goes to. */
  readonly accountId: string
  /** The validated arguments, in the API's shape. */
  readonly args: Readonly<Record<string, unknown>>
  /** The run's abort signal, so an approver can stop asking once the run is cancelled. */
  readonly signal?: AbortSignal | undefined
}

/** How far a list tool reads ahead in one call; it also stops before a page that would not fit `maxResultChars`. */
export type AutoPaginateOptions = {
  /** Most pages one call reads. @default 10 */
  readonly maxPages?: number | undefined
  /** Stop after the page that reaches this many items (whole pages only). @default 500 */
  readonly maxItems?: number | undefined
}

/** One of Truto's own request limits: `limit` requests in any `windowMs`. */
export type TrutoLimit = {
  /** Requests allowed per window. */
  readonly limit: number
  /** The window, in milliseconds. */
  readonly windowMs: number
}

/** Truto's own limits in front of every provider, paced before they are hit; `false` switches one off. */
export type TrutoLimits = {
  /** All accounts of one API token together. @default { limit: 500, windowMs: 10000 } */
  readonly perToken?: TrutoLimit | false | undefined
  /** One integrated account's proxy and MCP calls. @default { limit: 50, windowMs: 10000 } */
  readonly perAccount?: TrutoLimit | false | undefined
}

/** Options of {@link TrutoToolManager}. */
export type TrutoToolManagerOptions = {
  /** Truto API token. @default process.env.TRUTO_API_KEY ?? process.env.TRUTO_API_TOKEN */
  readonly apiKey?: string | undefined
  /** Alias of `apiKey`, as written in Truto's published guides. @default undefined */
  readonly trutoApiKey?: string | undefined
  /** Alias of `apiKey`, as written in Truto's published guides. @default undefined */
  readonly trutoAccessToken?: string | undefined
  /** Base URL of the Truto API. @default process.env.TRUTO_API_BASE_URL ?? 'https://api.truto.one' */
  readonly baseUrl?: string | undefined
  /** Integrated account used when `getTools()` gets none. @default process.env.TRUTO_ACCOUNT_ID */
  readonly accountId?: string | undefined
  /**
   * The schema form tools are shown in: `openai-strict` for OpenAI's `strict: true`, `gemini` for
   * Gemini function declarations; the model's arguments are mapped back. @default 'json-schema'
   */
  readonly dialect?: SchemaDialect | undefined
  /** Methods to load: `read`, `write`, `custom` or method names such as `list`. @default all */
  readonly methods?: readonly MethodFilter[] | undefined
  /** Load only tools carrying one of these tags. @default all */
  readonly tags?: readonly string[] | undefined
  /** `false` also loads tools without a description, which Truto's tools endpoint hides by default. @default true */
  readonly hasDescription?: boolean | undefined
  /** Load only tools whose name matches one of these globs (`*` and `?`). @default all */
  readonly include?: readonly string[] | undefined
  /** Leave out tools whose name matches one of these globs. @default none */
  readonly exclude?: readonly string[] | undefined
  /** The fetch to send requests with (edge runtimes, tests, the sandbox). @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch | undefined
  /** Longest time one HTTP request (headers and body) may take, in milliseconds. @default 30000 */
  readonly timeoutMs?: number | undefined
  /** Longest time one tool call may take in all (queue, retries, waits), in milliseconds. @default 120000 */
  readonly totalTimeoutMs?: number | undefined
  /** Longest text a tool returns to the model; longer results are cut with a note. @default 16000 */
  readonly maxResultChars?: number | undefined
  /** Let list tools gather several pages in one call. @default undefined (one page per call) */
  readonly autoPaginate?: AutoPaginateOptions | undefined
  /**
   * How a failed call ends: `message` answers with an error `ToolMessage` the model reads;
   * `throw` throws the typed error, so LangGraph's `ToolNode({ handleToolErrors })` and
   * `langchain`'s middleware (such as `toolRetryMiddleware`) decide. @default 'message'
   */
  readonly errors?: 'message' | 'throw' | undefined
  /** Build only list and get tools, and refuse any other method at call time. @default false */
  readonly readOnly?: boolean | undefined
  /** Tools return the request they would send instead of sending it. @default false */
  readonly dryRun?: boolean | undefined
  /** Which calls need `approve`. @default delete and custom (bulk and other non-CRUD) methods */
  readonly requireApproval?: ((call: ToolCallRequest) => boolean) | undefined
  /** Asked before each call `requireApproval` selects; false refuses it. @default undefined (no gate) */
  readonly approve?: ((call: ToolCallRequest) => boolean | Promise<boolean>) | undefined
  /** Retries after the first attempt: 429s always, 5xx and network errors where repeating is safe. @default 4 */
  readonly maxRetries?: number | undefined
  /** Longest single wait; when the server asks for more, the model is told to retry after N s. @default 60000 */
  readonly maxRetryWaitMs?: number | undefined
  /** Also repeat create, update and custom calls after a 5xx or timeout: they may then run twice. @default false */
  readonly retryUnsafe?: boolean | undefined
  /** Called before each retry of a call with its {@link RetryContext}; queue waits are events only. @default undefined */
  readonly onRetry?: ((context: RetryContext) => void) | undefined
  /**
   * Truto's own limits, per API token and per integrated account, paced before they are hit and
   * kept in `rateLimitStore`; `false` switches both off. @default Truto's: 500 / 10 s per token, 50 / 10 s per account
   */
  readonly trutoLimits?: TrutoLimits | false | undefined
  /** OpenTelemetry spans of tool calls when `@opentelemetry/api` is installed; `false` makes none. @default spans on the global tracer provider, without arguments or results */
  readonly telemetry?: TelemetryOptions | false | undefined
  /** Where each account's rate-limit window is kept; share one (`createRedisRateLimitStore` from `truto-langchainjs-toolset/redis`) across processes. @default this manager's memory */
  readonly rateLimitStore?: RateLimitStore | undefined
  /** How long fetched tool definitions are reused, in milliseconds; 0 disables the cache. @default 300000 */
  readonly cacheTtlMs?: number | undefined
  /** Receives warnings, such as a tool definition that was skipped. @default console.warn */
  readonly onWarning?: ((message: string) => void) | undefined
}

/** Filters of one {@link TrutoToolManager.getTools} call; each replaces the manager's. */
export type GetToolsOptions = {
  /** The schema form the model's provider accepts; arguments are mapped back before validation. @default the manager's `dialect` */
  readonly dialect?: SchemaDialect | undefined
  /** Methods to load: `read`, `write`, `custom` or method names. @default the manager's `methods` */
  readonly methods?: readonly MethodFilter[] | undefined
  /** Load only tools carrying one of these tags. @default the manager's `tags` */
  readonly tags?: readonly string[] | undefined
  /** `false` also loads tools without a description. @default the manager's `hasDescription` */
  readonly hasDescription?: boolean | undefined
  /** Load only tools whose name matches one of these globs. @default the manager's `include` */
  readonly include?: readonly string[] | undefined
  /** Leave out tools whose name matches one of these globs. @default the manager's `exclude` */
  readonly exclude?: readonly string[] | undefined
}

/** Filters of one {@link TrutoToolManager.getMcpTools} call; tags are the server's own scope. */
export type GetMcpToolsOptions = {
  /** The schema form the model's provider accepts. @default the manager's `dialect` */
  readonly dialect?: SchemaDialect | undefined
  /** Methods to load: `read`, `write`, `custom` or method names. @default the manager's `methods` */
  readonly methods?: readonly MethodFilter[] | undefined
  /** Load only tools whose name matches one of these globs. @default the manager's `include` */
  readonly include?: readonly string[] | undefined
  /** Leave out tools whose name matches one of these globs. @default the manager's `exclude` */
  readonly exclude?: readonly string[] | undefined
  /** The account a server given by URL belongs to, so its calls share that account's rate limit. @default the manager's `accountId` */
  readonly accountId?: string | undefined
}

/** How the search pair ranks beyond words; see {@link TrutoToolManager.getSearchTools}. */
export type SearchRankingOptions = {
  /**
   * A LangChain `Embeddings` model (e.g. `OpenAIEmbeddings`): `search_tools` fuses its
   * similarity ranking with the lexical one (reciprocal rank fusion). Each tool is embedded once
   * per catalogue, in batches, and cached per model; each search embeds its query. A model that
   * fails or takes longer than `totalTimeoutMs` leaves that search ranked by words, with a
   * warning. @default undefined (lexical ranking only)
   */
  readonly embeddings?: EmbeddingsInterface | undefined
}

/** Filters of one {@link TrutoToolManager.getSearchTools} call, and its ranking. */
export type GetSearchToolsOptions = GetToolsOptions & SearchRankingOptions

/** Filters of one {@link TrutoToolManager.getMcpSearchTools} call, and its ranking. */
export type GetMcpSearchToolsOptions = GetMcpToolsOptions & SearchRankingOptions

/** The default `requireApproval`: deletes and custom methods such as bulk updates. */
export const needsApprovalByDefault = (call: Pick<ToolCallRequest, 'method'>): boolean =>
  methodTraits(call.method).needsApproval
