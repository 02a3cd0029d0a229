import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { listing, mcpEdge } from '../helpers/mcp-edge.js'

const HUGE = 'Lists cards. '.repeat(600_000) // 7.8 MB, as a hostile server sent it
const object = { type: 'object', properties: {} }

const definition = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `Does ${name}.`,
  resource: 'cards',
  method: 'get',
  query_schema: object,
  ...extra,
})

/** A tools endpoint at the fetch edge serving these pages, and the warnings the manager gave. */
function toolsEndpoint(pages: unknown[][]) {
  const warnings: string[] = []
  const fetch = async (input: RequestInfo | URL) => {
    const url = new URL(String(input))
    const index = Number(url.searchParams.get('next_cursor') ?? 0)
    const next = index + 1 < pages.length ? String(index + 1) : null
    return Response.json({ result: pages[index] ?? [], next_cursor: next })
  }
  const manager = new TrutoToolManager({
    apiKey: 'sk_budget_api_key',
    fetch,
    onWarning: (m) => warnings.push(m),
    trutoLimits: false,
  })
  return { manager, warnings }
}

describe('descriptions within budget', () => {
  test('a 7.8 MB tool description reaches the model as 4,000 characters, with a warning naming it', async () => {
    const { manager, warnings } = toolsEndpoint([
      [
        definition('get_single_card_by_id', { description: HUGE }),
        definition('get_single_note_by_id'),
      ],
    ])

    const tools = await manager.getTools('acct_budget')

    const card = tools.find((t) => t.name === 'get_single_card_by_id')
    expect(card?.description).toHaveLength(4_000)
    expect(card?.description.endsWith('…')).toBe(true)
    expect(tools.find((t) => t.name === 'get_single_note_by_id')?.description).toBe(
      'Does get_single_note_by_id.',
    )
    expect(warnings).toEqual([
      'Cut the Truto tools of account acct_budget to fit the listing budgets: shortened the descriptions of 1 tool (get_single_card_by_id) to 4,000 characters.',
    ])
  })

  test('a property description is cut to 1,000 characters; the tool keeps its other fields', async () => {
    const query_schema = {
      type: 'object',
      properties: {
        q: { type: 'string', description: 'Search words. '.repeat(5_000) },
        limit: { type: 'integer', description: 'Most items.' },
      },
    }
    const { manager, warnings } = toolsEndpoint([
      [definition('get_single_card_by_id', { query_schema })],
    ])

    const [tool] = await manager.getTools('acct_budget')

    if (!tool) throw new Error('no tool')
    const { properties } = tool.schema as { properties: Record<string, { description: string }> }
    expect(properties.q?.description).toHaveLength(1_000)
    expect(properties.limit?.description).toBe('Most items.')
    expect(warnings).toEqual([
      expect.stringMatching(
        /descriptions in the schemas of 1 tool \(get_single_card_by_id\) to 1,000 characters/,
      ),
    ])
  })

  test('on an MCP server too', async () => {
    const warnings: string[] = []
    const edge = mcpEdge(
      listing([
        { name: 'peek_card', description: HUGE, inputSchema: object },
        { name: 'peek_note', description: 'Peeks.', inputSchema: object },
      ]),
    )
    const manager = new TrutoToolManager({
      apiKey: 'sk_budget_api_key',
      fetch: edge.fetch,
      accountId: 'acct_budget',
      onWarning: (m) => warnings.push(m),
    })

    const tools = await manager.getMcpTools('https://api.truto.one/mcp/mcp_tok_budget_0123456789')

    expect(tools.map((t) => t.description.length)).toEqual([4_000, 'Peeks.'.length])
    expect(warnings).toEqual([
      'Cut the tools of an MCP server for acct_budget to fit the listing budgets: shortened the descriptions of 1 tool (peek_card) to 4,000 characters.',
    ])
  })
})

describe('the listing within budget', () => {
  test('past 5,000 tools the listing stops, saying so once', async () => {
    const pages = Array.from({ length: 6 }, (_, page) =>
      Array.from({ length: 1_000 }, (_, i) => definition(`get_single_t${page}_${i}_by_id`)),
    )
    const { manager, warnings } = toolsEndpoint(pages)

    const tools = await manager.getTools('acct_budget')

    expect(tools).toHaveLength(5_000)
    expect(warnings.filter((w) => w.startsWith('Cut '))).toEqual([
      'Cut the Truto tools of account acct_budget to fit the listing budgets: stopped after 5000 tools at the budget of 5,000 tools; narrow them with methods, tags or include.',
    ])
  })

  test('past 10 million characters the listing stops; one oversized tool costs only itself', async () => {
    const oversized = definition('get_single_huge_by_id', {
      query_schema: {
        type: 'object',
        properties: { x: { type: 'string', default: 'z'.repeat(1_500_000) } },
      },
    })
    const bigs = Array.from({ length: 60 }, (_, i) => big(`get_single_big${i}_by_id`))
    const pages = [[oversized, definition('get_single_small_by_id')], ...chunks(bigs, 10)]
    const { manager, warnings } = toolsEndpoint(pages)
    // what each tool costs the listing: its name, description and schemas as JSON
    const cost = (d: ReturnType<typeof definition>) =>
      d.name.length + d.description.length + JSON.stringify(d.query_schema).length
    let fit = 0
    for (
      let used = cost(definition('get_single_small_by_id'));
      used + cost(bigs[fit] ?? big('x')) <= 10_000_000;
      fit++
    )
      used += cost(bigs[fit] ?? big('x'))

    const tools = await manager.getTools('acct_budget')

    expect(fit).toBeGreaterThan(40)
    expect(tools.map((t) => t.name)).toEqual([
      'get_single_small_by_id',
      ...bigs.slice(0, fit).map((d) => d.name),
    ])
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Skipped Truto tool get_single_huge_by_id: its schemas are \d+ characters of JSON as listed, past the budget of 1,000,000\.$/,
      ),
      `Cut the Truto tools of account acct_budget to fit the listing budgets: stopped after ${fit + 1} tools at the budget of 10,000,000 characters of definitions; narrow them with methods, tags or include.`,
    ])
  })

  // quotes are written escaped: the same strings then take twice the characters as listed
  test.each([
    ['k', 'plain strings'],
    ['"', 'strings JSON escapes'],
  ])(
    'many short pages stop the listing at 10 million characters too, in listing order (%s: %s)',
    async (pad) => {
      // five such tools a page: the budget counts the listing, not one page
      const bigs = Array.from({ length: 60 }, (_, i) => big(`get_single_big${i}_by_id`, pad))
      const pages = chunks(bigs, 5)
      const { manager, warnings } = toolsEndpoint(pages)
      const listed = (d: ReturnType<typeof definition>) =>
        d.name.length + d.description.length + JSON.stringify(d.query_schema).length
      let fit = 0
      for (let used = 0; used + listed(bigs[fit] ?? big('x')) <= 10_000_000; fit++)
        used += listed(bigs[fit] ?? big('x'))

      const names = (await manager.getTools('acct_budget')).map((t) => t.name)

      // every tool until the budget is spent, none after
      expect(fit).toBeGreaterThan(50)
      expect(names).toEqual(bigs.slice(0, fit).map((d) => d.name))
      expect(warnings).toEqual([
        `Cut the Truto tools of account acct_budget to fit the listing budgets: stopped after ${fit} tools at the budget of 10,000,000 characters of definitions; narrow them with methods, tags or include.`,
      ])
    },
  )
})

// a tool whose schema is 190,000 characters of JSON, within what one tool may show: padded with
// quotes, half as many strings take as many characters, written escaped
function big(name: string, pad = 'k') {
  return definition(name, {
    query_schema: {
      type: 'object',
      properties: {
        kind: {
          type: 'string',
          enum: Array.from({ length: pad === '"' ? 950 : 1_900 }, (_, i) =>
            `${i}`.padStart(97, pad),
          ),
        },
      },
    },
  })
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
