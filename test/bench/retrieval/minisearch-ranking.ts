// The same fields, words, stems and query terms ranked by MiniSearch instead of our BM25F, so
// `npm run bench:search` measures the library against the hand-written index on equal terms.
import MiniSearch from 'minisearch'
import { asWritten, queryTerms } from '../../../src/search/query-terms.js'
import { stemOf, wordsOf } from '../../../src/search/search-words.js'
import { STOP_WORDS } from '../../../src/search/stop-words.js'
import type { ToolDocument } from '../../../src/search/tool-document.js'

const BOOST = { name: 3, written: 1, resource: 2, method: 1.5, description: 1, parameters: 0.3 }

/** A MiniSearch index of the documents; `rank` answers document indices, best first. */
export function miniSearchRanking(documents: readonly ToolDocument[]) {
  const search = new MiniSearch<ToolDocument & { id: number; written: string }>({
    fields: Object.keys(BOOST),
    tokenize: (text, field) =>
      field === 'written'
        ? wordsOf(text).map(asWritten)
        : field === 'name'
          ? wordsOf(text)
          : wordsOf(text).filter((word) => !STOP_WORDS.has(word)),
    processTerm: (term) => (term.startsWith('=') ? term : stemOf(term)),
    searchOptions: {
      boost: BOOST,
      // our query terms are already split and stemmed
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      prefix: (term) => term.length >= 5 && !term.startsWith('='),
      weights: { fuzzy: 0, prefix: 0.3 },
    },
  })
  search.addAll(documents.map((document, id) => ({ ...document, id, written: document.name })))
  return (query: string, limit: number, maxWords: number): number[] => {
    const terms = queryTerms(query, maxWords)
    if (!terms.size) return []
    return search
      .search([...terms.keys()].join(' '), { boostTerm: (term) => terms.get(term) ?? 1 })
      .slice(0, limit)
      .map((result) => result.id as number)
  }
}
