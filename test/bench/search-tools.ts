// npm run bench:search: how well and how fast search_tools ranks.
//   1. retrieval: recall@1, recall@5 and MRR of labelled requests over the sandbox's catalogue
//      and a large Truto-like one, on the tuned part and the held-aside part (never tuned on),
//      for this library's ranking, the ranking it replaced, and MiniSearch on the same terms;
//   2. latency: index build and query time at 1k, 10k and 50k tools, the ranking alone and
//      search_tools end to end, with the longest query the tool accepts.
// Options: --quick (fewer latency rounds).
import type { TrutoTool } from 'truto-langchainjs-toolset'
import { LexicalIndex } from '../../src/search/lexical-index.js'
import { toolDocument } from '../../src/search/tool-document.js'
import { createSearchTools } from '../../src/tools/search-tools.js'
import { LARGE_CATALOGUE, scaledCatalogue } from './retrieval/catalogue.js'
import { checkLabels, evaluate } from './retrieval/evaluate.js'
import { HELD_ASIDE_LARGE, HELD_ASIDE_SANDBOX } from './retrieval/held-aside.js'
import type { Labelled } from './retrieval/labelled.js'
import { loadTools, sandboxTools } from './retrieval/load.js'
import { miniSearchRanking } from './retrieval/minisearch-ranking.js'
import { previousRanking } from './retrieval/previous-ranking.js'
import { TUNED_LARGE, TUNED_SANDBOX } from './retrieval/tuned.js'

const COMMAND = 'npm run bench:search'
const QUICK = process.argv.includes('--quick')
// what search_tools reads of a query
const MAX_WORDS = 32
const MAX_QUERY_CHARS = 512

type Rank = (query: string, limit: number, maxWords: number) => number[]
const RANKINGS: readonly [string, (tools: readonly TrutoTool[]) => Rank][] = [
  [
    'BM25F (this library)',
    (tools) => {
      const index = new LexicalIndex(tools.map(toolDocument))
      return (query, limit, maxWords) => index.rank(query, limit, maxWords)
    },
  ],
  ['previous (v0.1 BM25)', (tools) => previousRanking(tools.map(toolDocument))],
  ['MiniSearch, same terms', (tools) => miniSearchRanking(tools.map(toolDocument))],
]

const fixed = (n: number, digits = 3) => n.toFixed(digits)
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
const ms = (n: number) => (n < 10 ? n.toFixed(3) : n.toFixed(0))

console.log(`$ ${COMMAND}`)
const catalogues: [string, TrutoTool[], Labelled[], Labelled[]][] = [
  ['sandbox', await sandboxTools(), [...TUNED_SANDBOX], [...HELD_ASIDE_SANDBOX]],
  ['large', await loadTools(LARGE_CATALOGUE), [...TUNED_LARGE], [...HELD_ASIDE_LARGE]],
]
const retrieval = []
for (const [label, tools, tuned, heldAside] of catalogues) {
  const names = new Set(tools.map((tool) => tool.name))
  checkLabels([...tuned, ...heldAside], names)
  for (const [ranking, build] of RANKINGS) {
    const rank = build(tools)
    const byName = (query: string) => rank(query, 20, MAX_WORDS).map((i) => tools[i]?.name ?? '')
    for (const [part, labelled] of [
      ['tuned', tuned],
      ['held-aside', heldAside],
    ] as const) {
      const scores = await evaluate(byName, labelled)
      retrieval.push({
        catalogue: `${label} (${tools.length} tools)`,
        ranking,
        part,
        requests: scores.requests,
        'recall@1': fixed(scores.recallAt1),
        'recall@5': fixed(scores.recallAt5),
        MRR: fixed(scores.mrr),
      })
    }
  }
}
console.log('\nRetrieval: labelled requests, the right tool among the ranked ones')
console.table(retrieval)
const ours = retrieval.filter(
  (row) => row.ranking === RANKINGS[0]?.[0] && row.part === 'held-aside',
)
const pooled = (key: 'recall@1' | 'recall@5') =>
  (
    sum(ours.map((row) => Number(row[key]) * row.requests)) / sum(ours.map((r) => r.requests))
  ).toFixed(3)
console.log(
  `held-aside, both catalogues (${sum(ours.map((row) => row.requests))} requests): recall@1 ${pooled('recall@1')}, recall@5 ${pooled('recall@5')}`,
)

const queries = [...TUNED_LARGE, ...HELD_ASIDE_LARGE].map(([query]) => query)
const longest = queries.join(' ').slice(0, MAX_QUERY_CHARS)
const quantile = (samples: number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}
const median = (samples: number[]) => quantile(samples, 0.5)
const time = (run: () => unknown) => {
  const started = performance.now()
  run()
  return performance.now() - started
}

const latency = []
const builds = QUICK ? 3 : 7
for (const size of [1_000, 10_000, 50_000]) {
  const tools = await loadTools(scaledCatalogue(size))
  const buildTimes: number[] = []
  let index: LexicalIndex | undefined
  for (let round = 0; round < builds; round++) {
    // the previous index goes first, as a catalogue's one does when its pair is dropped
    index = undefined
    buildTimes.push(time(() => (index = new LexicalIndex(tools.map(toolDocument)))))
  }
  const built: LexicalIndex = index ?? new LexicalIndex([])
  const queryTimes: number[] = []
  for (let round = 0; round < (QUICK ? 2 : 5); round++) {
    for (const query of queries) queryTimes.push(time(() => built.rank(query, 5, MAX_WORDS)))
  }
  const longTimes = Array.from({ length: 50 }, () => time(() => built.rank(longest, 20, MAX_WORDS)))
  // search_tools end to end: LangChain's invoke, ranking and the JSON answer with schemas
  const [search] = createSearchTools(tools)
  const call = (query: string, id: number, limit = 5) =>
    search.invoke({ type: 'tool_call', id: `c${id}`, name: 'search_tools', args: { query, limit } })
  const firstStarted = performance.now()
  await call(queries[0] ?? '', 0)
  const first = performance.now() - firstStarted
  const toolTimes: number[] = []
  for (const [i, query] of queries.entries()) {
    const started = performance.now()
    await call(query, i + 1)
    toolTimes.push(performance.now() - started)
  }
  latency.push({
    tools: tools.length,
    'build median (ms)': ms(median(buildTimes)),
    'query median (ms)': ms(median(queryTimes)),
    'query p95 (ms)': ms(quantile(queryTimes, 0.95)),
    'query max (ms)': ms(Math.max(...queryTimes)),
    '512-char query median (ms)': ms(median(longTimes)),
    'search_tools first call (ms)': ms(first),
    'search_tools median (ms)': ms(median(toolTimes)),
    'search_tools p95 (ms)': ms(quantile(toolTimes, 0.95)),
  })
}
console.log(
  `\nLatency (${queries.length} labelled requests × ${QUICK ? 2 : 5} rounds; build: documents + index, median of ${builds}; search_tools: limit 5, first call builds the index)`,
)
console.table(latency)

// the library's own measured alternative, on the same catalogue sizes
const mini = []
for (const size of [1_000, 10_000]) {
  const tools = await loadTools(scaledCatalogue(size))
  let rank: Rank = () => []
  const build = time(() => (rank = miniSearchRanking(tools.map(toolDocument))))
  const times = queries.map((query) => time(() => rank(query, 5, MAX_WORDS)))
  mini.push({
    tools: tools.length,
    'MiniSearch build (ms)': ms(build),
    'MiniSearch query median (ms)': ms(median(times)),
    'MiniSearch query p95 (ms)': ms(quantile(times, 0.95)),
  })
}
console.log('\nMiniSearch with the same fields, stems and query terms')
console.table(mini)
