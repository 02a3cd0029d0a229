// node --import tsx test/bench/search-tools.ts: search_tools over 5,000 synthetic tools
import { TrutoToolManager } from 'truto-langchainjs-toolset'

const COMMAND = 'node --import tsx test/bench/search-tools.ts'
const TOOLS = 5_000
const PAGE = 100
const RUNS = 20

const integrations = [
  'octapipe',
  'gumloop',
  'happyfox',
  'salesforce',
  'hubspot',
  'zendesk',
  'jira',
  'github',
  'slack',
  'notion',
  'asana',
  'pipedrive',
  'intercom',
  'freshdesk',
  'linear',
  'trello',
  'quickbooks',
  'xero',
  'shopify',
  'stripe',
]
const resources = [
  ['contacts', 'contact'],
  ['companies', 'company'],
  ['deals', 'deal'],
  ['tickets', 'ticket'],
  ['pipeline-cards', 'pipeline card'],
  ['pipeline-stages', 'pipeline stage'],
  ['notes', 'note'],
  ['tasks', 'task'],
  ['users', 'user'],
  ['sessions', 'session'],
  ['workflows', 'workflow'],
  ['invoices', 'invoice'],
  ['attachments', 'attachment'],
  ['comments', 'comment'],
  ['projects', 'project'],
  ['issues', 'issue'],
  ['messages', 'message'],
  ['channels', 'channel'],
  ['custom-fields', 'custom field'],
  ['teams', 'team'],
  ['products', 'product'],
  ['orders', 'order'],
  ['payments', 'payment'],
  ['webhooks', 'webhook'],
  ['calendar-events', 'calendar event'],
] as const
// Truto's naming: list_all_x, get_single_x_by_id, create_a_x, …, and x_resource_method for custom ones
const methods = [
  [
    'list',
    (i: string, r: string) => `list_all_${i}_${r}`,
    'List all %p, filtered by owner, status or date.',
  ],
  ['get', (i: string, r: string) => `get_single_${i}_${r}_by_id`, 'Get one %s by its id.'],
  ['create', (i: string, r: string) => `create_a_${i}_${r}`, 'Create a %s with the given fields.'],
  [
    'update',
    (i: string, r: string) => `update_a_${i}_${r}_by_id`,
    'Update a %s, e.g. change its owner or status.',
  ],
  ['delete', (i: string, r: string) => `delete_a_${i}_${r}_by_id`, 'Delete a %s permanently.'],
  [
    'bulk_update',
    (i: string, r: string) => `${i}_${r}_bulk_update`,
    'Update many %p matching filters at once.',
  ],
  [
    'search',
    (i: string, r: string) => `${i}_${r}_search`,
    'Search %p by free text across their fields.',
  ],
  [
    'archive',
    (i: string, r: string) => `${i}_${r}_archive`,
    'Archive a %s so it no longer shows in lists.',
  ],
  ['merge', (i: string, r: string) => `${i}_${r}_merge`, 'Merge two duplicate %p into one.'],
  [
    'export',
    (i: string, r: string) => `${i}_${r}_export`,
    'Export %p as a CSV file for reporting.',
  ],
] as const

const definitions = integrations.flatMap((integration) =>
  resources.flatMap(([resource, singular]) =>
    methods.map(([method, name, text]) => ({
      name: name(integration, (method === 'list' ? resource : singular).replaceAll(/[ -]/g, '_')),
      description: `${text.replace('%p', resource.replace('-', ' ')).replace('%s', singular)} In ${integration}.`,
      resource,
      method,
      query_schema: {
        type: 'object',
        properties: {
          owner_id: { type: 'string', description: 'The owner of the record.' },
          status: { type: 'string', enum: ['open', 'closed', 'archived'] },
          updated_after: { type: 'string', format: 'date-time' },
        },
      },
      body_schema: null,
      required: [],
      tags: [integration],
    })),
  ),
)
if (definitions.length !== TOOLS) throw new Error(`built ${definitions.length} definitions`)

// the tools endpoint, paged as Truto pages it
const fetch = async (input: RequestInfo | URL) => {
  const url = new URL(input instanceof Request ? input.url : String(input))
  const page = Number(url.searchParams.get('next_cursor') ?? 0)
  const next = (page + 1) * PAGE < TOOLS ? String(page + 1) : null
  return Response.json({
    result: definitions.slice(page * PAGE, (page + 1) * PAGE),
    next_cursor: next,
  })
}
const manager = new TrutoToolManager({
  apiKey: 'bench-token',
  baseUrl: 'https://truto.bench',
  accountId: 'bench-account',
  fetch,
  // binding 5,000 tools would warn; the search pair is the point here
  onWarning: () => {},
})

const query = (
  'Find every open support ticket assigned to the billing team that mentions a refund, then ' +
  'update the linked deal stage in the sales pipeline, add a note to the contact with the ' +
  'invoice number and payment date, send a message to the account owner in the revenue channel, ' +
  'export the related attachments and comments for the quarterly report, archive duplicate ' +
  'companies merged last week, create a follow-up task for the project lead, and list the ' +
  'calendar events, webhooks, orders and products touched by this customer since January'
).slice(0, 512)

let id = 0
const search = async (tool: Awaited<ReturnType<typeof manager.getSearchTools>>[0]) => {
  const started = performance.now()
  const message = await tool.invoke({
    type: 'tool_call' as const,
    id: `call_${id++}`,
    name: 'search_tools',
    args: { query, limit: 20 },
  })
  const ms = performance.now() - started
  if (message.status === 'error') throw new Error(String(message.content))
  return { ms, chars: String(message.content).length, top: message.artifact as string[] }
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b)
  const median = (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2
  return `median ${median.toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms`
}

const loadStarted = performance.now()
const tools = await manager.getTools()
const loadMs = performance.now() - loadStarted

// a fresh pair builds its index on its first search
const firsts: number[] = []
for (let run = 0; run < RUNS; run++) {
  const [tool] = await manager.getSearchTools()
  firsts.push((await search(tool)).ms)
}
const [tool] = await manager.getSearchTools()
await search(tool)
const later: number[] = []
let last = { chars: 0, top: [] as string[] }
for (let run = 0; run < RUNS; run++) {
  const result = await search(tool)
  later.push(result.ms)
  last = result
}

console.log(`$ ${COMMAND}`)
console.log(`${tools.length} tools loaded in ${loadMs.toFixed(0)} ms; query ${query.length} chars`)
console.log(`first search, building the index (${RUNS} runs): ${stats(firsts)}`)
console.log(`search with the index built (${RUNS} runs): ${stats(later)}`)
console.log(`answer for limit 20: ${last.chars} chars; top 3: ${last.top.slice(0, 3).join(', ')}`)
