import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import { AIMessage, type BaseMessage, HumanMessage } from '@langchain/core/messages'
import { isRecord } from '../basics/is-record.js'
import type { RankableTool } from './tool-document.js'
import { ToolRanker } from './tool-ranker.js'

/** Options of {@link toolSelectorMiddleware}. */
export type ToolSelectorOptions = {
  /** Tools bound per model call, besides `alwaysInclude` and those the model just called. @default 10 */
  readonly maxTools?: number | undefined
  /** A LangChain `Embeddings` model: ranks by meaning too, fused with the lexical ranking. @default undefined */
  readonly embeddings?: EmbeddingsInterface | undefined
  /** Names of tools bound on every call, whatever the ranking. @default none */
  readonly alwaysInclude?: readonly string[] | undefined
  /**
   * The text tools are ranked for. @default the latest user message, then the text of the
   * model's latest answer (its plan, when it writes one)
   */
  readonly query?: ((messages: readonly BaseMessage[]) => string) | undefined
  /** Longest wait for the embeddings model per call; past it that call ranks by words. @default 30000 */
  readonly embeddingsTimeoutMs?: number | undefined
  /** Told when the embeddings model fails and a call falls back to words. @default console.warn */
  readonly onWarning?: ((message: string) => void) | undefined
}

/** What the selector reads of a `createAgent` model request. */
export type ToolSelectorRequest = {
  /** The conversation so far; the tools are ranked for it. */
  readonly messages: readonly BaseMessage[]
  /** The agent's tools; the handler gets those chosen. */
  readonly tools: readonly unknown[]
  /** The agent's runtime; its `signal` cancels an embeddings call. */
  readonly runtime?: unknown
}

/**
 * A `createAgent` middleware (LangChain v1 `wrapModelCall`): before each model call it ranks
 * the agent's tools for the conversation and binds only the best `maxTools`.
 */
export type TrutoToolSelector = {
  /** The middleware's name, `TrutoToolSelector`. */
  readonly name: string
  /** Ranks the request's tools and calls `handler` with the best `maxTools` of them. */
  wrapModelCall<Q extends ToolSelectorRequest, R>(
    request: Q,
    handler: (request: Q) => R | Promise<R>,
  ): Promise<R>
}

const DEFAULT_MAX_TOOLS = 10
// a conversation is longer than a search query: more of it counts, from its latest message
const MAX_QUERY_WORDS = 64
const MAX_QUERY_CHARS = 4_000
const MIDDLEWARE_BRAND = Symbol.for('AgentMiddleware')

/**
 * Binds only the tools the turn needs: before each model call, ranks the agent's tools for the
 * conversation so far with the search pair's ranking (lexical, or hybrid with `embeddings`) and
 * binds the best `maxTools`, plus `alwaysInclude` and the tools the model called in its latest
 * turn. Unlike LangChain's `llmToolSelectorMiddleware`, it makes no extra model call. Tools that
 * are not LangChain tools (provider tools) are always kept.
 *
 * @param options How many tools to bind, and how to rank them.
 * @throws RangeError when `maxTools` is not a whole number of at least 1.
 *
 * @example
 * ```ts
 * import { createAgent } from 'langchain'
 * import { TrutoToolManager, toolSelectorMiddleware } from 'truto-langchainjs-toolset'
 *
 * const tools = await new TrutoToolManager().getTools('acct_123')
 * const agent = createAgent({
 *   model: 'openai:gpt-4o-mini',
 *   tools,
 *   middleware: [toolSelectorMiddleware({ maxTools: 10 })],
 * })
 * ```
 */
export function toolSelectorMiddleware(options: ToolSelectorOptions = {}): TrutoToolSelector {
  const maxTools = options.maxTools ?? DEFAULT_MAX_TOOLS
  if (!Number.isInteger(maxTools) || maxTools < 1) {
    throw new RangeError(`\`maxTools\` must be a whole number of at least 1, got ${maxTools}.`)
  }
  const always = new Set(options.alwaysInclude ?? [])
  const queryOf = options.query ?? conversationQuery
  // createAgent hands every call the same array; a middleware before this one may hand another
  const rankers = new WeakMap<readonly unknown[], ToolRanker<RankableTool>>()
  const rankerFor = (tools: readonly unknown[]) => {
    let ranker = rankers.get(tools)
    if (!ranker) {
      ranker = new ToolRanker(tools.filter(isRankable), {
        embeddings: options.embeddings,
        timeoutMs: options.embeddingsTimeoutMs,
        onWarning: options.onWarning ?? ((message) => console.warn(message)),
      })
      rankers.set(tools, ranker)
    }
    return ranker
  }

  return {
    [MIDDLEWARE_BRAND]: true,
    name: 'TrutoToolSelector',
    async wrapModelCall(request, handler) {
      const ranker = rankerFor(request.tools)
      if (ranker.tools.length <= maxTools) return handler(request)
      const signal = runtimeSignal(request.runtime)
      const query = queryOf(request.messages).slice(-MAX_QUERY_CHARS)
      const ranked = query.trim()
        ? await ranker.rank(query, maxTools, { maxWords: MAX_QUERY_WORDS, signal })
        : []
      const chosen = new Set<unknown>(ranked)
      const used = lastCalls(request.messages)
      const tools = request.tools.filter(
        (tool) =>
          chosen.has(tool) || !isRankable(tool) || always.has(tool.name) || used.has(tool.name),
      )
      // the ranking's order: the most likely tool first
      tools.sort((a, b) => order(ranked, a) - order(ranked, b))
      return handler({ ...request, tools } as typeof request)
    },
  } as TrutoToolSelector
}

const isRankable = (tool: unknown): tool is RankableTool =>
  isRecord(tool) && typeof tool.name === 'string' && typeof tool.description === 'string'

// unranked tools (always included, just used, provider tools) after the ranked ones, in order
const order = (ranked: readonly unknown[], tool: unknown) => {
  const at = ranked.indexOf(tool)
  return at < 0 ? ranked.length : at
}

/** The latest user message, then the text of the model's latest answer after it. */
function conversationQuery(messages: readonly BaseMessage[]): string {
  const user = lastIndex(messages, (message) => HumanMessage.isInstance(message))
  const answer = lastIndex(messages, (message) => AIMessage.isInstance(message))
  const ask = user >= 0 ? (messages[user]?.text ?? '') : ''
  const plan = answer > user ? (messages[answer]?.text ?? '') : ''
  return [ask, plan].filter(Boolean).join('\n')
}

// the tools the model called in its latest answer: their results are what it reads next
function lastCalls(messages: readonly BaseMessage[]): Set<string> {
  const answer = messages[lastIndex(messages, (message) => AIMessage.isInstance(message))]
  const calls = answer && AIMessage.isInstance(answer) ? (answer.tool_calls ?? []) : []
  return new Set(calls.map((call) => call.name))
}

function lastIndex<T>(items: readonly T[], matches: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (matches(items[i] as T)) return i
  return -1
}

function runtimeSignal(runtime: unknown): AbortSignal | undefined {
  const signal = isRecord(runtime) ? runtime.signal : undefined
  return signal instanceof AbortSignal ? signal : undefined
}
