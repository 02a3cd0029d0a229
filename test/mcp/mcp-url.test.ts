import { isTrutoConfigError, TrutoToolManager } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { listing, mcpEdge } from '../helpers/mcp-edge.js'

const API_KEY = 'sk_url_rule_api_key'
const TOKEN = 'mcp_tok_url_rule_0123456789'
const tools = [{ name: 'list_all_things', inputSchema: { type: 'object' } }]

function manager(baseUrl?: string) {
  const edge = mcpEdge(listing(tools))
  const made = new TrutoToolManager({ apiKey: API_KEY, fetch: edge.fetch, baseUrl })
  return { manager: made, edge }
}

describe('the API token goes only to <baseUrl>/mcp/<token>', () => {
  test.each([
    ['a proxy path', `https://api.truto.one/proxy/cards/${TOKEN}`],
    ['another account’s admin API', 'https://api.truto.one/integrated-account/acct_other/mcp'],
    ['a path below a server', `https://api.truto.one/mcp/${TOKEN}/tools`],
    ['a dot segment, encoded', 'https://api.truto.one/mcp/%2e%2e'],
    ['an encoded slash', `https://api.truto.one/mcp/${TOKEN}%2Fx`],
    ['no token', 'https://api.truto.one/mcp/'],
    ['a query', `https://api.truto.one/mcp/${TOKEN}?integrated_account_id=acct_other`],
  ])('%s on the API’s origin is refused before any request, saying why', async (_, url) => {
    const { manager: m, edge } = manager()

    const error = await m.getMcpTools(url).catch((e: unknown) => e)

    expect(isTrutoConfigError(error)).toBe(true)
    expect(String(error)).toMatch(/must be `\/mcp\/<token>`.*would receive the API token/)
    expect(String(error)).not.toContain(TOKEN)
    expect(edge.posts).toHaveLength(0)
  })

  test('a server URL on the API’s origin gets the token; one elsewhere never does', async () => {
    const { manager: m, edge } = manager()

    await m.getMcpTools(`https://api.truto.one/mcp/${TOKEN}`)
    await m.getMcpTools(`https://mcp.elsewhere.example/proxy/${TOKEN}`)

    const sent = edge.posts.map((p) => [new URL(p.url).origin, p.authorization])
    expect(new Set(sent.map(String))).toEqual(
      new Set([`https://api.truto.one,Bearer ${API_KEY}`, 'https://mcp.elsewhere.example,']),
    )
  })

  test('under a base URL with a path, servers must lie under that path', async () => {
    const { manager: m, edge } = manager('https://gateway.example/truto/')

    const refused = await m.getMcpTools(`https://gateway.example/mcp/${TOKEN}`).catch((e) => e)
    const loaded = await m.getMcpTools(`https://gateway.example/truto/mcp/${TOKEN}`)

    expect(isTrutoConfigError(refused)).toBe(true)
    expect(String(refused)).toContain('`/truto/mcp/<token>`')
    expect(loaded.map((t) => t.name)).toEqual(['list_all_things'])
    expect(edge.posts.every((p) => new URL(p.url).pathname === `/truto/mcp/${TOKEN}`)).toBe(true)
  })
})
