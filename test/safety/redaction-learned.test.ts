import { isTrutoMcpError, TrutoToolManager } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'

const API_KEY = 'sk_short_api_key'
const ACCOUNT = 'acct_redaction'

/**
 * Truto at the fetch edge: the admin API creates servers with tokens longer than the API key,
 * and every MCP server answers `tools/list` with an error that quotes its own URL and the key.
 */
function truto() {
  let made = 0
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    if (url.pathname === `/integrated-account/${ACCOUNT}/mcp` && request.method === 'POST') {
      const body = (await request.json()) as { name: string }
      const token = `mcp_${String(++made).padStart(6, '0')}_${'t'.repeat(40)}`
      return Response.json({
        id: `srv_${made}`,
        name: body.name,
        config: {},
        expires_at: null,
        url: `https://api.truto.one/mcp/${token}`,
        token,
      })
    }
    if (request.method !== 'POST') return new Response(null, { status: 405 })
    const rpc = (await request.json()) as { id?: number; method: string }
    if (rpc.id === undefined) return new Response(null, { status: 202 })
    if (rpc.method === 'initialize') {
      const result = {
        protocolVersion: '2025-06-18',
        capabilities: { tools: {} },
        serverInfo: { name: 'echo', version: '1' },
      }
      return Response.json({ jsonrpc: '2.0', id: rpc.id, result })
    }
    const error = { code: -32603, message: `internal error at ${request.url} with ${API_KEY}` }
    return Response.json({ jsonrpc: '2.0', id: rpc.id, error })
  }
  return new TrutoToolManager({ apiKey: API_KEY, fetch, accountId: ACCOUNT, trutoLimits: false })
}

describe('learned secrets', () => {
  test('after thousands of servers, the newest server’s URL and the API key are still redacted', async () => {
    const manager = truto()
    for (let i = 0; i < 2100; i++) await manager.mcpServers.create({ name: `s${i}` })
    const newest = await manager.mcpServers.create({ name: 'newest' })

    const error = await manager.getMcpTools(newest).catch((e: unknown) => e)

    expect(isTrutoMcpError(error)).toBe(true)
    expect(String((error as Error).message)).toContain('internal error at')
    expect(String((error as Error).message)).not.toContain(String(newest.token))
    expect(String((error as Error).message)).not.toContain(API_KEY)
  }, 60_000)
})
