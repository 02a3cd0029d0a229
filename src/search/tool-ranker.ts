import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import { LexicalIndex } from './lexical-index.js'
import { fuseRankings } from './reciprocal-rank-fusion.js'
import { SemanticIndex } from './semantic-index.js'
import { type RankableTool, toolDocument } from './tool-document.js'

/** How a catalogue is ranked beyond its words. */
export type ToolRankerOptions = {
  /** A LangChain `Embeddings` model: semantic ranks are fused with lexical ones. */
  readonly embeddings?: EmbeddingsInterface | undefined
  /** Longest wait for the embeddings model in one query; past it the query ranks by words. */
  readonly timeoutMs?: number | undefined
  /** Told when semantic ranking fails and a query falls back to words. */
  readonly onWarning?: ((message: string) => void) | undefined
}

/** What a query reads of the request that asked it. */
export type RankQuery = {
  /** Distinct content words that count; later ones are ignored. */
  readonly maxWords: number
  readonly signal?: AbortSignal | undefined
}

// each ranking's candidates for the fusion: deeper than any answer, shallow enough to stay cheap
const FUSION_DEPTH = 50
const DEFAULT_TIMEOUT_MS = 30_000

/**
 * Ranks a catalogue's tools for a request: BM25F over their fields (see {@link LexicalIndex}),
 * and with `embeddings` that ranking fused with embedding similarity by reciprocal rank. Both
 * indexes are built on the first query and reused.
 */
export class ToolRanker<T extends RankableTool> {
  readonly tools: readonly T[]
  readonly #options: ToolRankerOptions
  #lexical: LexicalIndex | undefined
  #semantic: SemanticIndex | undefined
  #failing = false

  constructor(tools: readonly T[], options: ToolRankerOptions = {}) {
    this.tools = tools
    this.#options = options
  }

  /** The best `limit` tools by their words alone, synchronously. */
  rankWords(query: string, limit: number, maxWords: number): T[] {
    return this.#pick(this.#words(query, limit, maxWords))
  }

  /** The best `limit` tools: by words, fused with embedding similarity when there is a model. */
  async rank(query: string, limit: number, { maxWords, signal }: RankQuery): Promise<T[]> {
    const { embeddings } = this.#options
    if (!embeddings) return this.rankWords(query, limit, maxWords)
    const lexical = this.#words(query, FUSION_DEPTH, maxWords)
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const deadline = new AbortController()
    const timer = setTimeout(
      () => deadline.abort(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    )
    const cancel = () => deadline.abort(signal?.reason)
    if (signal?.aborted) cancel()
    signal?.addEventListener('abort', cancel, { once: true })
    try {
      this.#semantic ??= new SemanticIndex(embeddings, this.tools.map(toolDocument))
      const semantic = await this.#semantic.rank(query, FUSION_DEPTH, deadline.signal)
      this.#failing = false
      return this.#pick(fuseRankings([lexical, semantic], limit))
    } catch (error) {
      // the caller's own cancellation is theirs to see
      if (signal?.aborted) throw error
      if (!this.#failing) {
        this.#failing = true
        this.#options.onWarning?.(
          `Ranking tools by words only: the embeddings model failed (${reason(error)}).`,
        )
      }
      return this.#pick(lexical.slice(0, limit))
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', cancel)
    }
  }

  #words(query: string, limit: number, maxWords: number): number[] {
    this.#lexical ??= new LexicalIndex(this.tools.map(toolDocument))
    return this.#lexical.rank(query, limit, maxWords)
  }

  #pick(indices: readonly number[]): T[] {
    return indices.flatMap((index) => this.tools[index] ?? [])
  }
}

// the error's own words, short; never a stack
function reason(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}
