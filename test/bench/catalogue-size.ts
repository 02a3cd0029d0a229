// npm run bench:catalogue: how much a model is sent for the whole sandbox catalogue vs the search pair

import type { StructuredToolInterface } from '@langchain/core/tools'
import { convertToOpenAITool } from '@langchain/core/utils/function_calling'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'

const sandbox = createSandbox()
const manager = new TrutoToolManager({
  apiKey: sandbox.apiKey,
  baseUrl: sandbox.baseUrl,
  fetch: sandbox.fetch,
})

// the serialized definitions a provider request carries for these tools
const size = (tools: StructuredToolInterface[]) =>
  JSON.stringify(tools.map((tool) => convertToOpenAITool(tool))).length

const rows = []
for (const [integration, accountId] of Object.entries(sandbox.accounts)) {
  const tools = await manager.getTools(accountId)
  const pair = await manager.getSearchTools(accountId)
  rows.push({
    integration,
    tools: tools.length,
    'all tools (chars)': size(tools),
    'search pair (chars)': size(pair),
  })
}
console.table(rows)
const total = rows.reduce((sum, row) => sum + row['all tools (chars)'], 0)
const pairs = rows.reduce((sum, row) => sum + row['search pair (chars)'], 0)
console.log(
  `all three accounts: ${total} chars bound vs ${pairs} for their search pairs (${(total / pairs).toFixed(1)}x smaller)`,
)
