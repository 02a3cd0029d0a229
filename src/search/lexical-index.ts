import { asWritten, queryTerms } from './query-terms.js'
import { forEachToken, stemOf, tokenWords } from './search-words.js'
import { STOP_WORDS } from './stop-words.js'
import type { ToolDocument } from './tool-document.js'
import { topScores } from './top-scores.js'

/** How much a field counts, and how much its length discounts it (BM25F's `b`). */
type FieldWeight = { readonly weight: number; readonly b: number }

// BM25F weights per field, tuned on the benchmark's tuned requests; `written` is the name's
// words as written (plurals kept), so `contacts` finds the list tool and `contact` the others
const K1 = 1.2
const FIELDS = {
  name: { weight: 3, b: 0 },
  written: { weight: 1, b: 0 },
  resource: { weight: 2, b: 0 },
  method: { weight: 1.5, b: 0 },
  description: { weight: 1, b: 0.75 },
  parameters: { weight: 0.3, b: 0.75 },
} as const satisfies Record<string, FieldWeight>
type FieldName = keyof typeof FIELDS
const FIELD_NAMES = Object.keys(FIELDS) as FieldName[]

// a stem also finds longer words it begins (`regist` finds `registr`, of registrant), at this weight
const PREFIX = 0.3
const MIN_PREFIX_CHARS = 5
const MAX_PREFIX_TERMS = 8

// how a field's words become terms: a name keeps every word, stemmed and as written
type Kind = 'name' | 'written' | 'content'
const kindOf = (field: FieldName): Kind =>
  field === 'name' ? 'name' : field === 'written' ? 'written' : 'content'
const textOf = (document: ToolDocument, field: FieldName) =>
  field === 'written' ? document.name : document[field]

function tokenTerms(token: string, kind: Kind): string[] {
  const words = tokenWords(token)
  if (kind === 'written') return words.map(asWritten)
  if (kind === 'name') return words.map(stemOf)
  return words.filter((word) => !STOP_WORDS.has(word)).map(stemOf)
}

/** A term's tools and, for each, its saturated BM25F weight before idf. */
type Postings = { readonly tools: Int32Array; readonly weights: Float32Array; readonly idf: number }

/**
 * BM25F over the fields of a catalogue's tools: a term's frequencies in each field are weighted,
 * length-normalised and summed before saturation, so a word of the name outweighs the same word
 * deep in a long description. Built once per catalogue; a query costs its terms' postings.
 */
export class LexicalIndex {
  readonly size: number
  readonly #postings: ReadonlyMap<string, Postings>
  // for prefixes: the stems, sorted
  readonly #stems: readonly string[]
  // reused by every query: ranking is synchronous, so no two queries share them at once
  readonly #scores: Float64Array
  readonly #touched: Int32Array

  constructor(documents: readonly ToolDocument[]) {
    this.size = documents.length
    this.#scores = new Float64Array(documents.length)
    this.#touched = new Int32Array(documents.length)
    this.#postings = buildPostings(documents)
    this.#stems = [...this.#postings.keys()].filter((term) => !term.startsWith('=')).sort()
  }

  /** Tool indices, best first: at most `limit`, only tools that match a term of the query. */
  rank(query: string, limit: number, maxWords: number): number[] {
    const terms = queryTerms(query, maxWords)
    for (const [term, weight] of [...terms]) {
      if (term.length < MIN_PREFIX_CHARS || term.startsWith('=')) continue
      for (const longer of this.#longer(term)) {
        if (!terms.has(longer)) terms.set(longer, weight * PREFIX)
      }
    }
    const scores = this.#scores
    const touched = this.#touched
    let count = 0
    for (const [term, weight] of terms) {
      const postings = this.#postings.get(term)
      if (!postings) continue
      const { tools, weights, idf } = postings
      const factor = idf * weight
      for (let i = 0; i < tools.length; i++) {
        const tool = tools[i] as number
        if (scores[tool] === 0) touched[count++] = tool
        scores[tool] = (scores[tool] as number) + factor * (weights[i] as number)
      }
    }
    const top = topScores(scores, touched, count, limit)
    for (let i = 0; i < count; i++) scores[touched[i] as number] = 0
    return top
  }

  // the indexed stems that begin with `prefix` and are longer
  #longer(prefix: string): string[] {
    const stems = this.#stems
    let low = 0
    let high = stems.length
    while (low < high) {
      const middle = (low + high) >> 1
      if ((stems[middle] as string) <= prefix) low = middle + 1
      else high = middle
    }
    const found: string[] = []
    for (let i = low; i < stems.length && found.length < MAX_PREFIX_TERMS; i++) {
      const stem = stems[i] as string
      if (!stem.startsWith(prefix)) break
      found.push(stem)
    }
    return found
  }
}

// three passes over flat typed arrays: a catalogue of 10,000 tools makes no garbage per term
function buildPostings(documents: readonly ToolDocument[]): Map<string, Postings> {
  const fieldCount = FIELD_NAMES.length
  // every field of every tool as term ids, one after another; `ends` marks where each field ends
  const ids = new Map<string, number>()
  // how many tools hold each term, counted as the tools are read
  let holders = new Int32Array(256)
  let lastTool = new Int32Array(256).fill(-1)
  const idOf = (term: string) => {
    let id = ids.get(term)
    if (id === undefined) {
      id = ids.size
      ids.set(term, id)
      if (id === holders.length) {
        const more = new Int32Array(id * 2)
        more.set(holders)
        holders = more
        const last = new Int32Array(id * 2).fill(-1)
        last.set(lastTool)
        lastTool = last
      }
    }
    return id
  }
  let tokens = new Int32Array(1024)
  let length = 0
  let tool = 0
  const push = (id: number) => {
    if (length === tokens.length) {
      const grown = new Int32Array(tokens.length * 2)
      grown.set(tokens)
      tokens = grown
    }
    tokens[length++] = id
    if (lastTool[id] !== tool) {
      lastTool[id] = tool
      holders[id] = (holders[id] as number) + 1
    }
  }
  // a catalogue repeats its words: each distinct token is split, stemmed and looked up once
  const cached = { name: new Map(), written: new Map(), content: new Map() } satisfies Record<
    Kind,
    Map<string, Int32Array>
  >
  const ends = new Int32Array(documents.length * fieldCount)
  const totals = new Float64Array(fieldCount)
  documents.forEach((document, index) => {
    tool = index
    FIELD_NAMES.forEach((field, f) => {
      const start = length
      const kind = kindOf(field)
      const cache = cached[kind]
      forEachToken(textOf(document, field), (token) => {
        let terms = cache.get(token)
        if (!terms) {
          terms = Int32Array.from(tokenTerms(token, kind), idOf)
          cache.set(token, terms)
        }
        for (let i = 0; i < terms.length; i++) push(terms[i] as number)
      })
      ends[tool * fieldCount + f] = length
      totals[f] = (totals[f] as number) + length - start
    })
  })
  const averages = Array.from(totals, (total) => Math.max(total / Math.max(documents.length, 1), 1))
  const shares = FIELD_NAMES.map((field) => FIELDS[field])

  // a tool's BM25F frequency of each of its terms, summed over its fields, into `frequency`
  const frequency = new Float64Array(ids.size)
  const held = new Int32Array(ids.size)
  const gather = (tool: number): number => {
    let count = 0
    let position = tool === 0 ? 0 : (ends[tool * fieldCount - 1] as number)
    for (let f = 0; f < fieldCount; f++) {
      const end = ends[tool * fieldCount + f] as number
      const { weight, b } = shares[f] as FieldWeight
      const share = weight / (1 - b + (b * (end - position)) / (averages[f] as number))
      for (; position < end; position++) {
        const id = tokens[position] as number
        if (frequency[id] === 0) held[count++] = id
        frequency[id] = (frequency[id] as number) + share
      }
    }
    return count
  }

  const offsets = new Int32Array(ids.size + 1)
  for (let id = 0; id < ids.size; id++) {
    offsets[id + 1] = (offsets[id] as number) + (holders[id] as number)
  }
  const total = offsets[ids.size] as number
  const postingTools = new Int32Array(total)
  const postingWeights = new Float32Array(total)
  const filled = offsets.slice(0, ids.size)
  for (let each = 0; each < documents.length; each++) {
    const count = gather(each)
    for (let i = 0; i < count; i++) {
      const id = held[i] as number
      const tf = frequency[id] as number
      const at = (filled[id] as number) + 0
      filled[id] = at + 1
      postingTools[at] = each
      postingWeights[at] = (tf * (K1 + 1)) / (tf + K1)
      frequency[id] = 0
    }
  }

  const postings = new Map<string, Postings>()
  for (const [term, id] of ids) {
    const start = offsets[id] as number
    const end = offsets[id + 1] as number
    const n = end - start
    postings.set(term, {
      tools: postingTools.subarray(start, end),
      weights: postingWeights.subarray(start, end),
      idf: Math.log(1 + (documents.length - n + 0.5) / (n + 0.5)),
    })
  }
  return postings
}
