// The ranking search_tools had before BM25F (v0.1), kept here only to measure against: one
// BM25-style score over name, description and resource, names counted double, no length
// normalisation, a 20-word synonym list and a plural stemmer.
import type { ToolDocument } from '../../../src/search/tool-document.js'

const SYNONYMS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    find: 'list',
    search: 'list',
    show: 'list',
    all: 'list',
    fetch: 'get',
    read: 'get',
    view: 'get',
    add: 'create',
    new: 'create',
    make: 'create',
    post: 'create',
    send: 'create',
    write: 'create',
    edit: 'update',
    change: 'update',
    move: 'update',
    modify: 'update',
    set: 'update',
    remove: 'delete',
    erase: 'delete',
  }),
)

const stem = (word: string): string => {
  if (word.length <= 3) return word
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`
  return word.endsWith('s') ? word.slice(0, -1) : word
}

const tokens = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1)
    .map((word) => SYNONYMS.get(word) ?? stem(word))

/** The previous index; `rank` answers document indices, best first. */
export function previousRanking(documents: readonly ToolDocument[]) {
  const postings = new Map<string, { tools: number[]; weights: number[] }>()
  documents.forEach((document, index) => {
    const counts = new Map<string, number>()
    for (const t of tokens(`${document.name} ${document.description} ${document.resource}`)) {
      counts.set(t, (counts.get(t) ?? 0) + 1)
    }
    const name = new Set(tokens(document.name))
    for (const [term, tf] of counts) {
      const list = postings.get(term) ?? { tools: [], weights: [] }
      postings.set(term, list)
      list.tools.push(index)
      list.weights.push(((tf * 2.2) / (tf + 1.2)) * (name.has(term) ? 2 : 1))
    }
  })
  return (query: string, limit: number, maxWords: number): number[] => {
    const scores = new Float64Array(documents.length)
    for (const term of [...new Set(tokens(query.slice(0, 512)))].slice(0, maxWords)) {
      const list = postings.get(term)
      if (!list) continue
      const holders = list.tools.length
      const idf = Math.log(1 + (documents.length - holders + 0.5) / (holders + 0.5))
      list.tools.forEach((tool, i) => {
        scores[tool] = (scores[tool] ?? 0) + idf * (list.weights[i] ?? 0)
      })
    }
    const hits: { index: number; score: number }[] = []
    scores.forEach((score, index) => {
      if (score > 0) hits.push({ index, score })
    })
    return hits
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((hit) => hit.index)
  }
}
