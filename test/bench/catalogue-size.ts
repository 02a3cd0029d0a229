// npm run bench:catalogue: the prompt tokens (o200k_base, js-tiktoken) a model is sent per turn
// for the tool definitions of three strategies, on the sandbox's catalogue and the large one:
//   - all tools bound (getTools);
//   - the search pair (getSearchTools): its two definitions, plus one search_tools answer
//     (limit 5) in the conversation, averaged over the labelled requests;
//   - the selector middleware at k = 5, 10 and 20: the k tools ranked for each labelled request,
//     averaged; its recall@k is how often the right tool is among them.
// Tokens count each definition as OpenAI receives it (convertToOpenAITool, JSON); providers
// wrap them in a few more tokens of their own.
import type { StructuredToolInterface } from '@langchain/core/tools'
import { convertToOpenAITool } from '@langchain/core/utils/function_calling'
import { Tiktoken } from 'js-tiktoken/lite'
import o200k from 'js-tiktoken/ranks/o200k_base'
import type { TrutoTool } from 'truto-langchainjs-toolset'
import { ToolRanker } from '../../src/search/tool-ranker.js'
import { createSearchTools } from '../../src/tools/search-tools.js'
import { LARGE_CATALOGUE } from './retrieval/catalogue.js'
import { HELD_ASIDE_LARGE, HELD_ASIDE_SANDBOX } from './retrieval/held-aside.js'
import type { Labelled } from './retrieval/labelled.js'
import { loadTools, sandboxTools } from './retrieval/load.js'
import { TUNED_LARGE, TUNED_SANDBOX } from './retrieval/tuned.js'

const COMMAND = 'npm run bench:catalogue'
const encoding = new Tiktoken(o200k)
const tokensOf = (text: string) => encoding.encode(text).length
const definitionTokens = (tool: StructuredToolInterface) =>
  tokensOf(JSON.stringify(convertToOpenAITool(tool)))

const catalogues: [string, TrutoTool[], Labelled[]][] = [
  ['sandbox', await sandboxTools(), [...TUNED_SANDBOX, ...HELD_ASIDE_SANDBOX]],
  ['large', await loadTools(LARGE_CATALOGUE), [...TUNED_LARGE, ...HELD_ASIDE_LARGE]],
]
const heldAside = new Set([...HELD_ASIDE_SANDBOX, ...HELD_ASIDE_LARGE].map(([request]) => request))

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
const mean = (values: number[]) => (values.length ? sum(values) / values.length : 0)
const share = (hits: number, total: number) => (total ? (hits / total).toFixed(3) : '—')

console.log(`$ ${COMMAND}`)
const rows = []
for (const [label, tools, labelled] of catalogues) {
  const perTool = new Map(tools.map((tool) => [tool.name, definitionTokens(tool)]))
  const held = labelled.filter(([request]) => heldAside.has(request))
  const name = `${label} (${tools.length} tools)`
  rows.push({
    catalogue: name,
    strategy: 'all tools (getTools)',
    'tokens per turn': sum([...perTool.values()]),
    'right tool offered (held-aside)': '1.000',
  })

  const pair = createSearchTools(tools)
  const [search] = pair
  const answers: number[] = []
  let found = 0
  for (const [i, [request, tool]] of labelled.entries()) {
    const message = await search.invoke({
      type: 'tool_call',
      id: `c${i}`,
      name: 'search_tools',
      args: { query: request.slice(0, 512) },
    })
    answers.push(tokensOf(String(message.content)))
    if (heldAside.has(request) && (message.artifact as string[]).includes(tool)) found++
  }
  const pairTokens = sum(pair.map(definitionTokens))
  rows.push({
    catalogue: name,
    strategy: 'search pair: definitions',
    'tokens per turn': pairTokens,
    'right tool offered (held-aside)': '',
  })
  rows.push({
    catalogue: name,
    strategy: 'search pair + one search answer (limit 5)',
    'tokens per turn': Math.round(pairTokens + mean(answers)),
    'right tool offered (held-aside)': share(found, held.length),
  })

  const ranker = new ToolRanker(tools)
  for (const k of [5, 10, 20]) {
    const bound: number[] = []
    let offered = 0
    for (const [request, tool] of labelled) {
      const chosen = ranker.rankWords(request, k, 64)
      bound.push(sum(chosen.map((t) => perTool.get(t.name) ?? 0)))
      if (heldAside.has(request) && chosen.some((t) => t.name === tool)) offered++
    }
    rows.push({
      catalogue: name,
      strategy: `selector middleware, k = ${k}`,
      'tokens per turn': Math.round(mean(bound)),
      'right tool offered (held-aside)': share(offered, held.length),
    })
  }
}
console.table(rows)
