import { fileURLToPath } from 'node:url'
import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js'
import {
  createInterruptOn,
  TrutoToolManager,
  type TrutoToolManagerOptions,
} from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { staticImports } from '../helpers/import-graph.js'
import { sourceSetup } from '../helpers/tool-sources.js'
import { toolCall } from '../helpers/truto-api.js'

const HOUR = 3_600_000
const object = { type: 'object' as const, properties: {} }

/** An MCP server of our own at the fetch edge, for tools the sandbox does not have. */
function stubServer(
  tools: Tool[],
  call: (name: string) => unknown = () => ({ content: [] }),
  options: Partial<TrutoToolManagerOptions> = {},
) {
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const server = new Server({ name: 'stub', version: '1.0.0' }, { capabilities: { tools: {} } })
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }))
    server.setRequestHandler(CallToolRequestSchema, ({ params }) => call(params.name) as never)
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true })
    await server.connect(transport)
    return transport.handleRequest(new Request(input, init))
  }
  const manager = new TrutoToolManager({ apiKey: 'sk_stub_api_key', fetch, ...options })
  return { manager, url: 'https://api.truto.one/mcp/stub_token_0123456789' }
}

describe('what an MCP tool does', () => {
  test('Truto’s naming decides the method kind; hints only add risk; an unknown name is a custom write', async () => {
    const { manager, url } = stubServer([
      { name: 'peek', inputSchema: object, annotations: { readOnlyHint: true } },
      { name: 'list_all_things', inputSchema: object, annotations: { readOnlyHint: true } },
      {
        name: 'update_a_thing_by_id',
        inputSchema: object,
        annotations: { readOnlyHint: false, destructiveHint: true },
      },
      { name: 'delete_a_thing_by_id', inputSchema: object },
      { name: 'frobnicate', inputSchema: object },
    ])

    const tools = await manager.getMcpTools(url)
    const interruptOn = createInterruptOn(tools)

    expect(Object.fromEntries(tools.map((t) => [t.name, t.metadata.method]))).toEqual({
      peek: 'custom',
      list_all_things: 'list',
      update_a_thing_by_id: 'delete',
      delete_a_thing_by_id: 'delete',
      frobnicate: 'custom',
    })
    expect(interruptOn.frobnicate).not.toBe(false)
    expect(interruptOn.peek).not.toBe(false)
    expect(interruptOn.list_all_things).toBe(false)
  })

  test('readOnly keeps only tools known to read', async () => {
    const { manager, url } = stubServer(
      [
        { name: 'peek', inputSchema: object, annotations: { readOnlyHint: true } },
        {
          name: 'get_single_thing_by_id',
          inputSchema: object,
          annotations: { readOnlyHint: true },
        },
        { name: 'frobnicate', inputSchema: object },
      ],
      undefined,
      { readOnly: true },
    )

    const tools = await manager.getMcpTools(url)

    expect(tools.map((t) => t.name)).toEqual(['get_single_thing_by_id'])
  })

  test('an error result without Truto’s error JSON is an error message with the server’s words', async () => {
    const { manager, url } = stubServer([{ name: 'frobnicate', inputSchema: object }], () => ({
      isError: true,
      content: [{ type: 'text', text: 'The widget is locked by another user.' }],
    }))
    const [tool] = await manager.getMcpTools(url)

    const message = await tool?.invoke(toolCall('frobnicate', {}))

    expect(message?.status).toBe('error')
    expect(String(message?.content)).toBe(
      'frobnicate failed: The widget is locked by another user. Fix the arguments or check the record with a read tool, then call again.',
    )
  })

  test('a listed schema that cannot be used costs that tool only', async () => {
    const deep: Record<string, unknown> = { type: 'object', properties: {} }
    let node = deep
    for (let i = 0; i < 200; i++) {
      const next = { type: 'object', properties: {} }
      node.properties = { x: next }
      node = next
    }
    const warnings: string[] = []
    const { manager, url } = stubServer(
      [
        { name: 'too_deep', inputSchema: deep as Tool['inputSchema'] },
        { name: 'fine', inputSchema: object },
      ],
      undefined,
      { onWarning: (m) => warnings.push(m) },
    )

    const tools = await manager.getMcpTools(url)

    expect(tools.map((t) => t.name)).toEqual(['fine'])
    expect(warnings).toEqual([expect.stringMatching(/^Skipped MCP tool too_deep: .*depth budget/)])
  })
})

describe('servers that stop answering', () => {
  test('an expired server tells the model a person must provision a new one', async () => {
    const sandbox = createSandbox({ clock: 'manual', startTime: Date.now() })
    const { manager } = sourceSetup({}, sandbox)
    const server = await manager.mcpServers.create({
      name: 'short-lived',
      expiresAt: new Date(Date.now() + HOUR),
      accountId: sandbox.accounts.octapipe,
    })
    const tools = await manager.getMcpTools(server)
    const list = tools.find((t) => t.name === 'list_all_octapipe_pipelines')
    if (!list) throw new Error('no tool')

    sandbox.clock.advance(2 * HOUR)
    const message = await list.invoke(toolCall(list.name, {}))

    expect(message.status).toBe('error')
    expect(String(message.content)).toMatch(
      /MCP server has expired or was deleted\. A person must provision a new one; do not retry/,
    )
    expect(String(message.content)).not.toContain(server.token)
  })

  test('a tool the server no longer serves is a refusal the model does not retry', async () => {
    const { sandbox, manager } = sourceSetup()
    const account = sandbox.accounts.octapipe
    const server = await manager.mcpServers.create({ name: 'narrowing', accountId: account })
    const tools = await manager.getMcpTools(server)
    const create = tools.find((t) => t.name === 'create_a_octapipe_task')
    if (!create) throw new Error('no tool')

    await manager.mcpServers.update(server.id, { methods: ['read'] }, account)
    const message = await create.invoke(toolCall(create.name, { title: 'T' }))

    expect(message.status).toBe('error')
    expect(String(message.content)).toBe(
      'create_a_octapipe_task is not a tool of this MCP server (any longer); do not retry it.',
    )
    expect(sandbox.state.octapipe.tasks.some((t) => t.title === 'T')).toBe(false)
  })
})

describe('credentials', () => {
  test('the API token goes to a requireApiTokenAuth server on Truto’s origin, never to another', async () => {
    const sandbox = createSandbox()
    const seen: { origin: string; authorization: string | null }[] = []
    const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      seen.push({
        origin: new URL(request.url).origin,
        authorization: request.headers.get('authorization'),
      })
      return sandbox.fetch(request)
    }
    const manager = new TrutoToolManager({
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.baseUrl,
      fetch,
    })
    const server = await manager.mcpServers.create({
      name: 'guarded',
      requireApiTokenAuth: true,
      accountId: sandbox.accounts.octapipe,
    })

    const tools = await manager.getMcpTools(server)
    const url = String(server.url)
    const elsewhere = url.replace(new URL(url).origin, 'https://elsewhere.example')
    const refused = await manager.getMcpTools(elsewhere).catch((e: unknown) => e)

    expect(tools.length).toBeGreaterThan(0)
    const offOrigin = seen.filter((s) => s.origin === 'https://elsewhere.example')
    expect(offOrigin.length).toBeGreaterThan(0)
    expect(offOrigin.every((s) => s.authorization === null)).toBe(true)
    expect(String(refused)).toMatch(/unauthorized/)
    expect(String(refused)).not.toContain(sandbox.apiKey)
  })
})

describe('packaging', () => {
  // users who never touch MCP need not install the SDK
  test('the main entry reaches the MCP SDK only through a dynamic import', () => {
    const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url))

    const { files, packages } = staticImports(entry)

    expect(files.size).toBeGreaterThan(20)
    expect(packages.filter((p) => p.startsWith('@modelcontextprotocol/'))).toEqual([])
  })
})
