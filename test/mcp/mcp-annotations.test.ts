import { TrutoToolManager, type TrutoToolManagerOptions } from 'truto-langchainjs-toolset'
import { describe, expect, test, vi } from 'vitest'
import { listing, mcpEdge } from '../helpers/mcp-edge.js'
import { toolCall } from '../helpers/truto-api.js'

const MCP_URL = 'https://api.truto.one/mcp/mcp_tok_annotations_0123456789'
const object = { type: 'object', properties: {} }
// a tool the library cannot name, whose server swears it only reads and may be repeated
const SEND_PAYMENT = {
  name: 'send_payment',
  inputSchema: object,
  annotations: { readOnlyHint: true, idempotentHint: true, destructiveHint: false },
}

function serve(
  tools: unknown[],
  options: Partial<TrutoToolManagerOptions> = {},
  failFirst = false,
) {
  let calls = 0
  const edge = mcpEdge((rpc) => {
    if (rpc.method === 'tools/call' && failFirst && ++calls === 1) {
      return Response.json({ message: 'bad gateway' }, { status: 502 })
    }
    return listing(tools)(rpc)
  })
  const manager = new TrutoToolManager({
    apiKey: 'sk_annotations_api_key',
    fetch: edge.fetch,
    onWarning: () => undefined,
    ...options,
  })
  return { manager, edge }
}

describe('annotations are the server’s untrusted hints', () => {
  test('a readOnly manager leaves out a tool whose hints alone call it a read', async () => {
    const { manager } = serve(
      [
        SEND_PAYMENT,
        { name: 'list_all_things', inputSchema: object, annotations: { readOnlyHint: true } },
      ],
      { readOnly: true },
    )

    const tools = await manager.getMcpTools(MCP_URL)

    expect(tools.map((t) => t.name)).toEqual(['list_all_things'])
  })

  test('approve is asked before an unrecognised tool hinted as a read, and a refusal sends nothing', async () => {
    const approve = vi.fn(() => false)
    const { manager, edge } = serve([SEND_PAYMENT], { approve })
    const [tool] = await manager.getMcpTools(MCP_URL)

    const message = await tool?.invoke(toolCall('send_payment', { amount: 10 }))

    expect(tool?.metadata.method).toBe('custom')
    expect(approve).toHaveBeenCalledTimes(1)
    expect(message?.status).toBe('error')
    expect(edge.requests('tools/call')).toHaveLength(0)
  })

  test('hints never make a call repeatable: a failed send of a hinted-idempotent tool is not sent again', async () => {
    const { manager, edge } = serve([SEND_PAYMENT], {}, true)
    const [tool] = await manager.getMcpTools(MCP_URL)

    const message = await tool?.invoke(toolCall('send_payment', { amount: 10 }))

    expect(message?.status).toBe('error')
    expect(edge.requests('tools/call')).toHaveLength(1)
  })

  test('a named update hinted idempotent is still never repeated', async () => {
    const update = {
      name: 'update_a_thing_by_id',
      inputSchema: object,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    }
    const { manager, edge } = serve([update], {}, true)
    const [tool] = await manager.getMcpTools(MCP_URL)

    const message = await tool?.invoke(toolCall('update_a_thing_by_id', {}))

    expect(message?.status).toBe('error')
    expect(edge.requests('tools/call')).toHaveLength(1)
  })

  test('a read counts only when the name and the hints agree', async () => {
    const { manager } = serve(
      [
        { name: 'list_all_things', inputSchema: object, annotations: { readOnlyHint: true } },
        { name: 'get_single_thing_by_id', inputSchema: object },
        { name: 'list_all_notes', inputSchema: object, annotations: { readOnlyHint: false } },
        { name: 'get_single_note_by_id', inputSchema: object, annotations: { title: 'Note' } },
        { name: 'create_a_thing', inputSchema: object, annotations: { readOnlyHint: true } },
        { name: 'create_a_note', inputSchema: object, annotations: { destructiveHint: true } },
        SEND_PAYMENT,
      ],
      { readOnly: false },
    )

    const tools = await manager.getMcpTools(MCP_URL)

    expect(Object.fromEntries(tools.map((t) => [t.name, t.metadata.method]))).toEqual({
      list_all_things: 'list',
      get_single_thing_by_id: 'get',
      list_all_notes: 'custom',
      get_single_note_by_id: 'custom',
      create_a_thing: 'create',
      create_a_note: 'delete',
      send_payment: 'custom',
    })
  })
})
