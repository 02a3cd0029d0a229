import fc from 'fast-check'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { listing, mcpEdge } from '../helpers/mcp-edge.js'
import { toolCall } from '../helpers/truto-api.js'

const ROOT = 'integrated_account_id'
const open = { type: 'object', properties: {}, additionalProperties: true }
const definitions = [
  {
    name: 'list_all_cards',
    description: 'x',
    resource: 'cards',
    method: 'list',
    query_schema: open,
  },
  {
    name: 'create_a_card',
    description: 'x',
    resource: 'cards',
    method: 'create',
    body_schema: open,
  },
]

/** A manager at the fetch edge that records every proxy request. */
function proxy() {
  const sent: URL[] = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(new Request(input, init).url)
    if (url.pathname.endsWith('/tools'))
      return Response.json({ result: definitions, next_cursor: null })
    sent.push(url)
    return Response.json({ result: [], next_cursor: null })
  }
  return {
    manager: new TrutoToolManager({ apiKey: 'sk_alias_api_key', fetch, maxRetries: 0 }),
    sent,
  }
}

/** `integrated_account_id` as a `qs`-style parser would still read it: bracketed, dotted, in any case. */
const alias = fc
  .record({
    cases: fc.array(fc.boolean(), { minLength: ROOT.length, maxLength: ROOT.length }),
    lead: fc.constantFrom('', '[', '.', '[[', '.[', ']'),
    close: fc.boolean(),
    tail: fc.array(fc.constantFrom('[0]', '[]', '[x]', '.x', '[1][y]'), { maxLength: 3 }),
    encoded: fc.boolean(),
  })
  .map(({ cases, lead, close, tail, encoded }) => {
    const root = [...ROOT].map((c, i) => (cases[i] ? c.toUpperCase() : c)).join('')
    const name = `${lead}${root}${lead.endsWith('[') && close ? ']' : ''}${tail.join('')}`
    return encoded ? name.replaceAll('[', '%5B').replaceAll(']', '%5D') : name
  })
  .filter((name) => name !== ROOT)

const value = fc.oneof(
  fc.constant('acct_other'),
  fc.constant(['acct_other']),
  fc.constant({ a: 'acct_other' }),
)

describe('no alias of the account parameter is sent', () => {
  test('a bracketed, dotted or recased integrated_account_id is refused, in the query and the body', async () => {
    const { manager, sent } = proxy()
    const tools = await manager.getTools('acct_1')

    await fc.assert(
      fc.asyncProperty(alias, value, fc.constantFrom(0, 1), async (name, given, which) => {
        const tool = tools[which]
        if (!tool) throw new Error('no tool')
        const before = sent.length

        const message = await tool.invoke(toolCall(tool.name, { [name]: given }))

        expect(message.status).toBe('error')
        expect(String(message.content)).toMatch(/set by the toolset/)
        expect(sent).toHaveLength(before)
      }),
      { numRuns: 300 },
    )
  })

  test('names that only resemble it are sent as they are', async () => {
    const { manager, sent } = proxy()
    const [list] = await manager.getTools('acct_1')
    const names = [
      'integrated_account_ids',
      'x_integrated_account_id',
      'integrated-account-id',
      'account[integrated_account_id]',
    ]

    for (const name of names) await list?.invoke(toolCall('list_all_cards', { [name]: 'v' }))

    expect(sent.map((url) => [...url.searchParams.keys()].filter((k) => k !== ROOT))).toEqual(
      names.map((name) => [name]),
    )
    expect(sent.every((url) => url.searchParams.getAll(ROOT).length === 1)).toBe(true)
  })

  test('an MCP tool refuses an alias too, and sends nothing', async () => {
    const edge = mcpEdge(listing([{ name: 'list_all_cards', inputSchema: open }]))
    const manager = new TrutoToolManager({ apiKey: 'sk_alias_api_key', fetch: edge.fetch })
    const [tool] = await manager.getMcpTools('https://api.truto.one/mcp/mcp_tok_alias_0123456789')

    const message = await tool?.invoke(toolCall('list_all_cards', { [`[${ROOT}]`]: 'acct_other' }))

    expect(message?.status).toBe('error')
    expect(edge.requests('tools/call')).toHaveLength(0)
  })
})
