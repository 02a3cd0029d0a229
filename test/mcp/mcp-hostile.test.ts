import { TrutoToolManager, type TrutoToolManagerOptions } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { sourceSetup } from '../helpers/tool-sources.js'
import { toolCall } from '../helpers/truto-api.js'

const URL_TOKEN = 'mcp_tok_ABCDEFGH12345678'
const MCP_URL = `https://api.truto.one/mcp/${URL_TOKEN}`
const object = { type: 'object', properties: {} }

type Rpc = { method: string; id?: number | string; params?: Record<string, unknown> }

/**
 * An MCP server written by hand at the fetch edge, so it can answer what the SDK's own server
 * never would: malformed listings, endless cursors, hostile results.
 */
function hostileServer(
  answer: (rpc: Rpc) => unknown,
  options: Partial<TrutoToolManagerOptions> = {},
) {
  const seen: string[] = []
  const warnings: string[] = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    seen.push(request.method)
    if (request.method !== 'POST') return new Response(null, { status: 405 })
    const rpc = (await request.json()) as Rpc
    seen.push(rpc.method)
    if (rpc.id === undefined) return new Response(null, { status: 202 })
    const result =
      rpc.method === 'initialize'
        ? {
            protocolVersion: '2025-06-18',
            capabilities: { tools: {} },
            serverInfo: { name: 'h', version: '1' },
          }
        : answer(rpc)
    return Response.json({ jsonrpc: '2.0', id: rpc.id, result })
  }
  const manager = new TrutoToolManager({
    apiKey: 'sk_hostile_api_key',
    fetch,
    onWarning: (m) => warnings.push(m),
    ...options,
  })
  return { manager, seen, warnings }
}

const listing = (tools: unknown[], nextCursor?: string) => (rpc: Rpc) =>
  rpc.method === 'tools/list' ? { tools, ...(nextCursor ? { nextCursor } : {}) } : { content: [] }

describe('a hostile tools/list costs only the bad tools', () => {
  test('malformed entries and unusable output schemas are skipped, the good tool loads', async () => {
    const { manager, warnings } = hostileServer(
      listing([
        { name: 'takes_a_string', inputSchema: { type: 'string' } },
        { name: 'no_schema' },
        { name: 42, inputSchema: object },
        {
          name: 'bad_output',
          inputSchema: object,
          outputSchema: { $ref: '#/nowhere', pattern: '(' },
        },
        { name: 'fine', inputSchema: object },
      ]),
    )

    const tools = await manager.getMcpTools(MCP_URL)

    expect(tools.map((t) => t.name)).toEqual(['bad_output', 'fine'])
    expect(warnings).toEqual([
      'Skipped MCP tool takes_a_string: its inputSchema does not take an object.',
      'Skipped MCP tool no_schema: its inputSchema is not a JSON Schema object.',
      'Skipped MCP tool (unnamed): it has no name.',
    ])
  })

  test('a cursor that repeats ends the listing with a warning', async () => {
    const { manager, seen, warnings } = hostileServer(
      listing([{ name: 'fine', inputSchema: object }], 'again'),
    )

    const tools = await manager.getMcpTools(MCP_URL)

    expect(tools.map((t) => t.name)).toEqual(['fine'])
    expect(seen.filter((m) => m === 'tools/list')).toHaveLength(2)
    expect(warnings.some((w) => /pages did not end/.test(w))).toBe(true)
  })

  test('a read-only hint cannot make a tool named as a delete pass readOnly', async () => {
    const { manager } = hostileServer(
      listing([
        { name: 'delete_a_thing_by_id', inputSchema: object, annotations: { readOnlyHint: true } },
        { name: 'list_all_things', inputSchema: object, annotations: { readOnlyHint: true } },
      ]),
      { readOnly: true },
    )

    const tools = await manager.getMcpTools(MCP_URL)

    expect(tools.map((t) => t.name)).toEqual(['list_all_things'])
  })
})

describe('a hostile tools/call result', () => {
  test('an output schema with a catastrophic pattern is never run on the result', async () => {
    const outputSchema = {
      type: 'object',
      properties: { code: { type: 'string', pattern: '^(a+)+$' } },
    }
    const { manager } = hostileServer((rpc) =>
      rpc.method === 'tools/list'
        ? { tools: [{ name: 'fine', inputSchema: object, outputSchema }] }
        : { content: [], structuredContent: { code: `${'a'.repeat(40)}!` } },
    )
    const [tool] = await manager.getMcpTools(MCP_URL)

    const message = await tool?.invoke(toolCall('fine', {}))

    expect(message?.status).toBe('success')
    expect(String(message?.content)).toContain('aaaa!')
  })

  test('credential headers echoed inside a tool’s text are dropped, and the URL’s token redacted', async () => {
    const body = {
      statusCode: 502,
      message: `upstream failed calling /mcp/${URL_TOKEN}`,
      raw_response: {
        headers: { 'x-api-key': 'upstream-secret-key-123', 'set-cookie': 'sid=abc123456' },
      },
    }
    const { manager } = hostileServer((rpc) =>
      rpc.method === 'tools/list'
        ? { tools: [{ name: 'frobnicate', inputSchema: object }] }
        : { isError: true, content: [{ type: 'text', text: JSON.stringify(body) }] },
    )
    const [tool] = await manager.getMcpTools(MCP_URL)

    const message = await tool?.invoke(toolCall('frobnicate', {}))
    const everything = JSON.stringify([message?.content, message?.artifact])

    expect(message?.status).toBe('error')
    expect(everything).not.toContain('upstream-secret-key-123')
    expect(everything).not.toContain('sid=abc123456')
    expect(everything).not.toContain(URL_TOKEN)
  })
})

describe('connections', () => {
  test('the SDK’s standing GET stream is never opened, so it cannot spend the rate limit', async () => {
    const { manager, seen } = hostileServer(listing([{ name: 'fine', inputSchema: object }]))
    const [tool] = await manager.getMcpTools(MCP_URL)

    await tool?.invoke(toolCall('fine', {}))
    await new Promise((resolve) => setTimeout(resolve, 50))

    expect(seen).not.toContain('GET')
  })

  test('after close(), a loaded tool fails as closed and opens no new connection', async () => {
    const { manager, seen } = hostileServer(listing([{ name: 'fine', inputSchema: object }]))
    const [tool] = await manager.getMcpTools(MCP_URL)
    await manager.close()
    const before = seen.length

    const message = await tool?.invoke(toolCall('fine', {}))

    expect(String(message?.content)).toMatch(/connection to its MCP server was closed/)
    expect(seen).toHaveLength(before)
  })

  test('deleting a server closes its connection: its old tools send nothing more', async () => {
    const { sandbox, manager } = sourceSetup()
    const account = sandbox.accounts.octapipe
    const server = await manager.mcpServers.create({ name: 'short', accountId: account })
    const tools = await manager.getMcpTools(server)
    const list = tools.find((t) => t.name === 'list_all_octapipe_pipelines')
    await manager.mcpServers.delete(server.id, account)
    const before = sandbox.requests.filter((r) => r.path.startsWith('/mcp/')).length

    const message = await list?.invoke(toolCall('list_all_octapipe_pipelines', {}))

    expect(message?.status).toBe('error')
    expect(sandbox.requests.filter((r) => r.path.startsWith('/mcp/'))).toHaveLength(before)
  })
})
