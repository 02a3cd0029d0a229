import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import type { ToolDocument } from './tool-document.js'
import { topScores } from './top-scores.js'

// texts per embedDocuments call, sent one call after another: the provider's own rate limit and
// batching (OpenAIEmbeddings sends up to 512 per request) stay in charge
const BATCH = 100
// characters of one tool's text: its name, record type and the start of its description
const MAX_TEXT_CHARS = 1_000
// vectors kept per embeddings model; a catalogue refreshed with few changes embeds only those
const MAX_CACHED_VECTORS = 50_000
const MAX_CACHED_QUERIES = 256

// per embeddings model, each text's unit vector: shared by every catalogue and pair built with it
const cachedVectors = new WeakMap<object, Map<string, Float32Array>>()

/** What a tool is, in the words an embeddings model reads: name, record type, description. */
function embeddingText(document: ToolDocument): string {
  const name = document.name.replaceAll(/[_-]+/g, ' ')
  const about = [document.resource, document.method].filter(Boolean).join(', ')
  const text = `${name}${about ? ` (${about})` : ''}: ${document.description}`
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text
}

/**
 * The tools of a catalogue as unit vectors of a LangChain `Embeddings` model, embedded once
 * (batched, cached per model and text) on the first query; each query then costs one
 * `embedQuery` call and a dot product per tool.
 */
export class SemanticIndex {
  readonly #embeddings: EmbeddingsInterface
  readonly #texts: readonly string[]
  readonly #queries = new Map<string, Float32Array>()
  #vectors: Float32Array | undefined
  #dimensions = 0
  #embedding: Promise<void> | undefined

  constructor(embeddings: EmbeddingsInterface, documents: readonly ToolDocument[]) {
    this.#embeddings = embeddings
    this.#texts = documents.map(embeddingText)
  }

  /** Tool indices, most similar first; rejects when the model fails or `signal` aborts. */
  async rank(query: string, limit: number, signal: AbortSignal): Promise<number[]> {
    this.#embedding ??= this.#embedCatalogue(signal).catch((error: unknown) => {
      // the next query tries again; what was embedded stays cached
      this.#embedding = undefined
      throw error
    })
    await abortable(this.#embedding, signal)
    const vector = await this.#embedQuery(query, signal)
    const vectors = this.#vectors as Float32Array
    const dimensions = this.#dimensions
    if (vector.length !== dimensions) throw new Error('the query and tool vectors differ in length')
    const scores = new Float64Array(this.#texts.length)
    const all = new Int32Array(this.#texts.length)
    for (let tool = 0; tool < this.#texts.length; tool++) {
      let dot = 0
      const offset = tool * dimensions
      for (let d = 0; d < dimensions; d++) {
        dot += (vectors[offset + d] as number) * (vector[d] as number)
      }
      // cosine similarity in [-1, 1], shifted so every tool takes part in the ranking
      scores[tool] = dot + 2
      all[tool] = tool
    }
    return topScores(scores, all, all.length, limit)
  }

  async #embedCatalogue(signal: AbortSignal): Promise<void> {
    let cache = cachedVectors.get(this.#embeddings)
    if (!cache) {
      cache = new Map()
      cachedVectors.set(this.#embeddings, cache)
    }
    // this catalogue's vectors, kept here too: the shared cache may drop old ones meanwhile
    const found = new Map<string, Float32Array>()
    for (const text of this.#texts) {
      const vector = cache.get(text)
      if (vector) found.set(text, vector)
    }
    const missing = [...new Set(this.#texts.filter((text) => !found.has(text)))]
    for (let start = 0; start < missing.length; start += BATCH) {
      const batch = missing.slice(start, start + BATCH)
      const vectors = await abortable(this.#embeddings.embedDocuments(batch), signal)
      if (vectors.length !== batch.length) {
        throw new Error(`the model answered ${vectors.length} vectors for ${batch.length} texts`)
      }
      batch.forEach((text, i) => {
        const vector = unit(vectors[i] ?? [])
        found.set(text, vector)
        remember(cache, text, vector)
      })
    }
    const rows = this.#texts.map((text) => found.get(text) ?? new Float32Array())
    const dimensions = rows[0]?.length ?? 0
    if (rows.some((row) => row.length !== dimensions || dimensions === 0)) {
      throw new Error('the model answered vectors of different lengths')
    }
    const vectors = new Float32Array(rows.length * dimensions)
    rows.forEach((row, tool) => {
      vectors.set(row, tool * dimensions)
    })
    this.#vectors = vectors
    this.#dimensions = dimensions
  }

  async #embedQuery(query: string, signal: AbortSignal): Promise<Float32Array> {
    const cached = this.#queries.get(query)
    if (cached) return cached
    const vector = unit(await abortable(this.#embeddings.embedQuery(query), signal))
    if (this.#queries.size >= MAX_CACHED_QUERIES) this.#queries.clear()
    this.#queries.set(query, vector)
    return vector
  }
}

function remember(cache: Map<string, Float32Array>, text: string, vector: Float32Array): void {
  // the oldest vectors go first; Map keeps insertion order
  if (cache.size >= MAX_CACHED_VECTORS) cache.delete(cache.keys().next().value as string)
  cache.set(text, vector)
}

function unit(vector: readonly number[]): Float32Array {
  let norm = 0
  for (const value of vector) norm += value * value
  norm = Math.sqrt(norm) || 1
  return Float32Array.from(vector, (value) => value / norm)
}

// the model's call goes on, but no one waits for it past the signal
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
