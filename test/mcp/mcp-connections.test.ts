import { type TrutoTool, TrutoToolManager } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { mcpEdge, type Rpc } from '../helpers/mcp-edge.js'
import { sourceSetup } from '../helpers/tool-sources.js'
import { toolCall } from '../helpers/truto-api.js'

const object = { type: 'object', properties: {} }
const serverUrl = (n: number) =>
  `https://api.truto.one/mcp/mcp_tok_pool_${String(n).padStart(4, '0')}`
const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

describe('requests a server sends the client', () => {
  test('a flood of ping and sampling requests in one answer sends nothing back', async () => {
    const flood: Rpc[] = []
    for (let i = 0; i < 300; i++) {
      flood.push({ jsonrpc: '2.0', id: `ping-${i}`, method: 'ping' })
      flood.push({
        jsonrpc: '2.0',
        id: `sample-${i}`,
        method: 'sampling/createMessage',
        params: { messages: [], maxTokens: 1 },
      })
    }
    const edge = mcpEdge((rpc) =>
      rpc.method === 'tools/list'
        ? { tools: [{ name: 'frobnicate', inputSchema: object }] }
        : undefined,
    )
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      const rpc = (await request
        .clone()
        .json()
        .catch(() => ({}))) as Rpc
      if (rpc.method !== 'tools/call') return edge.fetch(request)
      const result = { content: [{ type: 'text', text: '{"done":true}' }] }
      return Response.json([...flood, { jsonrpc: '2.0', id: rpc.id, result }])
    }
    const manager = new TrutoToolManager({ apiKey: 'sk_flood_api_key', fetch, trutoLimits: false })
    const [tool] = await manager.getMcpTools(serverUrl(1))
    const before = edge.posts.length

    const message = await tool?.invoke(toolCall('frobnicate', {}))
    await settle()

    expect(message?.status).toBe('success')
    expect(edge.posts.length - before).toBe(0)
  })
})

/** Many servers at the fetch edge; a call to a held server waits until `release()`. */
function manyServers() {
  let held: (() => void) | undefined
  const gate = { hold: false }
  const edge = mcpEdge(async (rpc) => {
    if (rpc.method === 'tools/list') return { tools: [{ name: 'peek_thing', inputSchema: object }] }
    if (gate.hold) await new Promise<void>((resolve) => (held = resolve))
    return { content: [{ type: 'text', text: '{"ok":true}' }] }
  })
  const manager = new TrutoToolManager({
    apiKey: 'sk_pool_api_key',
    fetch: edge.fetch,
    trutoLimits: false,
  })
  const load = async (n: number) => {
    const [tool] = await manager.getMcpTools(serverUrl(n))
    if (!tool) throw new Error('no tool')
    return tool
  }
  const initializations = (n: number) =>
    edge.requests('initialize').filter((p) => p.url === serverUrl(n)).length
  return { manager, edge, load, gate, release: () => held?.(), initializations }
}

const call = (tool: TrutoTool) => tool.invoke(toolCall(tool.name, {}))

describe('a full pool of MCP connections', () => {
  test('a call in flight keeps its connection when a 33rd server is loaded', async () => {
    const { load, gate, release } = manyServers()
    const first = await load(1)
    for (let n = 2; n <= 32; n++) await load(n)
    gate.hold = true
    const pending = call(first)
    await settle()

    await load(33)
    gate.hold = false
    release()
    const message = await pending

    expect(message.status).toBe('success')
  })

  test('a call counts as use: the server called last stays open, the longest idle makes room', async () => {
    const { load, initializations } = manyServers()
    const first = await load(1)
    const second = await load(2)
    for (let n = 3; n <= 32; n++) await load(n)
    await call(first)

    await load(33)
    const again = await call(first)
    const reopened = await call(second)

    expect([again.status, reopened.status]).toEqual(['success', 'success'])
    expect([initializations(1), initializations(2)]).toEqual([1, 2])
  })

  test('a tool whose connection made room reopens it on its next call', async () => {
    const { load, initializations } = manyServers()
    const first = await load(1)
    for (let n = 2; n <= 33; n++) await load(n)

    const message = await call(first)

    expect(message.status).toBe('success')
    expect(initializations(1)).toBe(2)
  })

  test('after close(), tools of a connection closed for room stay closed', async () => {
    const { manager, load, edge } = manyServers()
    const first = await load(1)
    for (let n = 2; n <= 33; n++) await load(n)
    await manager.close()
    const before = edge.posts.length

    const message = await call(first)

    expect(String(message.content)).toMatch(/connection to its MCP server was closed/)
    expect(edge.posts).toHaveLength(before)
  })
})

test('a tool of a server this manager deleted says the server is gone, not to load it again', async () => {
  const { sandbox, manager } = sourceSetup()
  const accountId = sandbox.accounts.octapipe
  const server = await manager.mcpServers.create({ name: 'short-lived', accountId })
  const [tool] = await manager.getMcpTools(server)
  if (!tool) throw new Error('no tool')

  await manager.mcpServers.delete(server.id, accountId)
  const message = await tool.invoke({ type: 'tool_call', id: 'c1', name: tool.name, args: {} })

  expect(message.status).toBe('error')
  expect(String(message.content)).toMatch(/expired or was deleted.*do not retry/)
  expect(String(message.content)).not.toMatch(/load the tools again/)
})
