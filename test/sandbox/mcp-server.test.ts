import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MultiServerMCPClient } from '@langchain/mcp-adapters'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import {
  createSandbox,
  type Sandbox,
  type SandboxServer,
  type SandboxTool,
} from 'truto-langchainjs-toolset/testing'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { splitArguments } from '../../src/testing/routes/mcp-arguments.js'
import { mcpToolListing } from '../../src/testing/routes/mcp-tool-listing.js'
import { staticImports } from '../helpers/import-graph.js'
import { client } from './helpers.js'

const sandbox = createSandbox({ clock: 'manual' })
const api = client(sandbox)
const MINUTE = 60_000

type Made = { id: string; url: string; token: string; expires_at: string | null }

async function createServer(body: object, on: Sandbox = sandbox, account = on.accounts.octapipe) {
  const { status, json } = await client(on).post(
    `/integrated-account/${account}/mcp`,
    {},
    { config: {}, ...body },
  )
  expect(status).toBe(201)
  return json as Made
}

const open: Client[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()))
  sandbox.reset()
})

type ConnectOptions = { fetch?: typeof fetch; headers?: Record<string, string> }

/** The SDK's own client, over `sandbox.fetch` unless told otherwise. */
async function connect(url: string, options: ConnectOptions = {}): Promise<Client> {
  const mcp = new Client({ name: 'sandbox-test', version: '1.0.0' })
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    fetch: options.fetch ?? sandbox.fetch,
    ...(options.headers ? { requestInit: { headers: options.headers } } : {}),
  })
  await mcp.connect(transport)
  open.push(mcp)
  return mcp
}

const textOf = (result: Awaited<ReturnType<Client['callTool']>>) => {
  const [first] = result.content as { type: string; text: string }[]
  return JSON.parse(first?.text ?? 'null')
}

/** A raw JSON-RPC POST, as any Streamable HTTP client sends it. */
const rpc = (url: string, message: object, headers: Record<string, string> = {}, on = sandbox) =>
  on.fetch(url, {
    method: 'POST',
    headers: {
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(message),
  })

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw', version: '1' },
  },
}

describe('tools/list', () => {
  test('an unfiltered server lists every tool of the account, stateless', async () => {
    const made = await createServer({ name: 'Everything' })
    const mcp = await connect(made.url)
    expect(mcp.getServerVersion()).toMatchObject({ name: 'Everything' })
    expect(mcp.getServerCapabilities()).toMatchObject({ tools: {} })
    const { tools } = await mcp.listTools()
    expect(tools.map((t) => t.name)).toEqual(sandbox.tools.octapipe.map((t) => t.name))
    // no session: every request stands alone
    const response = await rpc(made.url, initialize)
    expect(response.headers.get('mcp-session-id')).toBeNull()
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  })

  test('each tool has the definition’s description and one flat input schema', async () => {
    const mcp = await connect((await createServer({ name: 'x' })).url)
    const { tools } = await mcp.listTools()
    const update = tools.find((t) => t.name === 'update_a_octapipe_pipeline_card_by_id')
    const definition = sandbox.tools.octapipe.find((t) => t.name === update?.name)
    expect(update?.description).toBe(definition?.description)
    expect(update?.inputSchema).toMatchObject({ type: 'object', required: ['id'] })
    expect(Object.keys(update?.inputSchema.properties ?? {})).toEqual([
      'id',
      ...Object.keys(definition?.body_schema?.properties as object),
    ])
    // a body's local $ref keeps resolving from the merged root
    const bulk = tools.find((t) => t.name === 'octapipe_database_records_bulk_update')
    expect(bulk?.inputSchema).toMatchObject({
      properties: { filters: { items: { $ref: '#/$defs/filter' } } },
      $defs: { filter: { required: ['field', 'value'] } },
    })
  })

  test('methods: [read] lists no write or custom tool', async () => {
    const mcp = await connect(
      (await createServer({ name: 'ro', config: { methods: ['read'] } })).url,
    )
    const names = (await mcp.listTools()).tools.map((t) => t.name)
    const reads = sandbox.tools.octapipe.filter((t) => t.method === 'list' || t.method === 'get')
    expect(names).toEqual(reads.map((t) => t.name))
    expect(names.some((name) => /^(create|update|delete)_|bulk/.test(name))).toBe(false)
  })

  test('a tag-scoped server lists only the tools of its tags', async () => {
    const mcp = await connect((await createServer({ name: 't', config: { tags: ['cards'] } })).url)
    const names = (await mcp.listTools()).tools.map((t) => t.name)
    expect(names).toEqual([
      'list_all_octapipe_pipeline_cards',
      'get_single_octapipe_pipeline_card_by_id',
      'create_a_octapipe_pipeline_card',
      'update_a_octapipe_pipeline_card_by_id',
      'delete_a_octapipe_pipeline_card_by_id',
    ])
  })

  test('methods and tags combine, and single method names select that method', async () => {
    const config = { methods: ['bulk_update', 'get'], tags: ['databases'] }
    const mcp = await connect((await createServer({ name: 'x', config })).url)
    expect((await mcp.listTools()).tools.map((t) => t.name)).toEqual([
      'get_single_octapipe_database_by_id',
      'get_single_octapipe_database_record_by_id',
      'octapipe_database_records_bulk_update',
    ])
  })

  test('annotations follow the method; custom methods carry none', async () => {
    const mcp = await connect((await createServer({ name: 'x' })).url)
    const { tools } = await mcp.listTools()
    const annotations = (name: string) => tools.find((t) => t.name === name)?.annotations
    expect(annotations('list_all_octapipe_pipeline_cards')).toEqual({ readOnlyHint: true })
    expect(annotations('get_single_octapipe_pipeline_card_by_id')).toEqual({ readOnlyHint: true })
    expect(annotations('create_a_octapipe_pipeline_card')).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
    })
    expect(annotations('update_a_octapipe_pipeline_card_by_id')).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
    })
    expect(annotations('delete_a_octapipe_pipeline_card_by_id')).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
    })
    expect(annotations('octapipe_database_records_bulk_delete')).toBeUndefined()
  })

  test('tools follow a config change on the next request', async () => {
    const made = await createServer({ name: 'x', config: { methods: ['read'] } })
    const mcp = await connect(made.url)
    const before = (await mcp.listTools()).tools.length
    await api.patch(
      `/integrated-account/${sandbox.accounts.octapipe}/mcp/${made.id}`,
      {},
      {
        config: { methods: ['delete'] },
      },
    )
    const after = (await mcp.listTools()).tools.map((t) => t.name)
    expect(before).toBeGreaterThan(after.length)
    expect(after.every((name) => name.startsWith('delete_a_'))).toBe(true)
  })
})

describe('tools/call', () => {
  const moveTarget = () => {
    const card = sandbox.state.octapipe.cards[0]!
    const stage = sandbox.state.octapipe.stages.find(
      (s) => s.pipeline_uuid === card.pipeline_uuid && s.uuid !== card.pipeline_stage_uuid,
    )!
    return { card, stage }
  }

  test('moving an Octapipe card changes the state the proxy reads', async () => {
    const mcp = await connect((await createServer({ name: 'x' })).url)
    const { card, stage } = moveTarget()
    const result = await mcp.callTool({
      name: 'update_a_octapipe_pipeline_card_by_id',
      arguments: {
        id: card.uuid,
        pipeline_uuid: card.pipeline_uuid,
        pipeline_stage_uuid: stage.uuid,
      },
    })
    expect(result.isError).toBeFalsy()
    expect(textOf(result)).toMatchObject({ uuid: card.uuid, pipeline_stage_uuid: stage.uuid })
    const proxied = await api.get(`/proxy/pipeline-cards/${card.uuid}`, {
      integrated_account_id: sandbox.accounts.octapipe,
    })
    expect(proxied.json.pipeline_stage_uuid).toBe(stage.uuid)
  })

  test('Octapipe’s placement rule arrives as a tool error with Truto’s error JSON', async () => {
    const mcp = await connect((await createServer({ name: 'x' })).url)
    const { card } = moveTarget()
    const before = structuredClone(card)
    const result = await mcp.callTool({
      name: 'update_a_octapipe_pipeline_card_by_id',
      arguments: { id: card.uuid, title: 'Renamed' },
    })
    expect(result.isError).toBe(true)
    expect(textOf(result)).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/pipeline_uuid and pipeline_stage_uuid are both required/),
      truto_is_remote_error: true,
      raw_response: { error: { code: 'VALIDATION_FAILED', field: 'pipeline_uuid' } },
    })
    expect(sandbox.state.octapipe.cards[0]).toEqual(before)
  })

  test('a list answers { result, next_cursor } and pages by its arguments', async () => {
    const mcp = await connect((await createServer({ name: 'x' })).url)
    const first = textOf(await mcp.callTool({ name: 'list_all_octapipe_pipeline_cards' }))
    expect(first.result).toHaveLength(15)
    expect(first.next_cursor).toEqual(expect.any(String))
    const second = textOf(
      await mcp.callTool({
        name: 'list_all_octapipe_pipeline_cards',
        arguments: { limit: 5, next_cursor: first.next_cursor },
      }),
    )
    expect(second.result[0].uuid).toBe(sandbox.state.octapipe.cards[15]!.uuid)
    expect(second.result).toHaveLength(5)
  })

  test('arguments that break the schema, or a missing id, are tool errors', async () => {
    const mcp = await connect((await createServer({ name: 'x' })).url)
    const badLimit = await mcp.callTool({
      name: 'list_all_octapipe_pipeline_cards',
      arguments: { limit: 0 },
    })
    expect(badLimit.isError).toBe(true)
    expect(textOf(badLimit).message).toMatch('limit must be ≥ 1')
    const noId = await mcp.callTool({ name: 'get_single_octapipe_pipeline_card_by_id' })
    expect(textOf(noId)).toMatchObject({ statusCode: 400, message: 'id is required' })
    const missing = await mcp.callTool({
      name: 'get_single_octapipe_pipeline_card_by_id',
      arguments: { id: '00000000-0000-4000-8000-000000000000' },
    })
    expect(textOf(missing)).toMatchObject({ statusCode: 404 })
  })

  test('a custom method’s id goes to the query and the rest to the body; private notes stay private', async () => {
    const happyfox = await createServer({ name: 'hf' }, sandbox, sandbox.accounts.happyfox)
    const mcp = await connect(happyfox.url)
    const ticket = sandbox.state.happyfox.tickets[0]!
    const staff = sandbox.state.happyfox.staff[0]!
    const reply = await mcp.callTool({
      name: 'happyfox_tickets_staff_reply',
      arguments: { id: ticket.id, staff_id: staff.id, text: 'We are on it.' },
    })
    expect(textOf(reply)).toMatchObject({ ticket_id: ticket.id, visibility: 'public' })
    const note = await mcp.callTool({
      name: 'create_a_happyfox_ticket_note',
      arguments: { ticket_id: ticket.id, staff_id: staff.id, text: 'Internal: VIP customer.' },
    })
    expect(note.isError).toBeFalsy()
    const thread = textOf(
      await mcp.callTool({
        name: 'list_all_happyfox_ticket_messages',
        arguments: { ticket_id: ticket.id },
      }),
    )
    const texts = thread.result.map((m: { text: string }) => m.text)
    expect(texts).toContain('We are on it.')
    expect(texts).not.toContain('Internal: VIP customer.')
  })

  test('an unknown tool, or one the server does not serve, is a JSON-RPC error', async () => {
    const mcp = await connect(
      (await createServer({ name: 'ro', config: { methods: ['read'] } })).url,
    )
    const cards = sandbox.state.octapipe.cards.length
    for (const name of ['nope', 'delete_a_octapipe_pipeline_card_by_id']) {
      const failure = await mcp
        .callTool({ name, arguments: { id: sandbox.state.octapipe.cards[0]!.uuid } })
        .catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(McpError)
      expect(failure).toMatchObject({ code: ErrorCode.InvalidParams })
      expect((failure as Error).message).toMatch(`Tool ${name} not found`)
    }
    expect(sandbox.state.octapipe.cards).toHaveLength(cards)
  })

  test('every MCP request is in sandbox.requests with its account', async () => {
    const made = await createServer({ name: 'x' })
    const mcp = await connect(made.url)
    const start = sandbox.requests.length
    await mcp.callTool({ name: 'list_all_octapipe_pipelines' })
    expect(sandbox.requests.slice(start)).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: `/mcp/${made.token}`,
        status: 200,
        account: sandbox.accounts.octapipe,
        body: expect.objectContaining({ method: 'tools/call' }),
      }),
    ])
  })
})

describe('lifetime and credentials', () => {
  test('an expired server answers 404 with a JSON-RPC error the client surfaces', async () => {
    const timed = createSandbox({ clock: 'manual' })
    const expiresAt = new Date(timed.clock.now() + MINUTE).toISOString()
    const made = await createServer({ name: 'x', expires_at: expiresAt }, timed)
    const mcp = await connect(made.url, { fetch: timed.fetch })
    await expect(mcp.listTools()).resolves.toBeTruthy()
    timed.clock.advance(MINUTE)
    const failure = await mcp.listTools().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(StreamableHTTPError)
    expect(failure).toMatchObject({ code: 404 })
    expect((failure as Error).message).toMatch(`MCP server expired at ${expiresAt}`)
    const response = await rpc(made.url, initialize, {}, timed)
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32001, message: `MCP server expired at ${expiresAt}` },
      id: null,
    })
  })

  test('a deleted server answers 404 "MCP server not found"', async () => {
    const made = await createServer({ name: 'x' })
    const mcp = await connect(made.url)
    await api.delete(`/integrated-account/${sandbox.accounts.octapipe}/mcp/${made.id}`)
    const failure = await mcp.listTools().catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: 404 })
    expect((failure as Error).message).toMatch('MCP server not found')
    await expect(connect(made.url)).rejects.toMatchObject({ code: 404 })
  })

  test('config.require_api_token_auth refuses a request without the bearer and accepts one with it', async () => {
    const made = await createServer({ name: 'x', config: { require_api_token_auth: true } })
    await expect(connect(made.url)).rejects.toMatchObject({ code: 401 })
    await expect(
      connect(made.url, { headers: { authorization: 'Bearer wrong' } }),
    ).rejects.toMatchObject({ code: 401 })
    const refused = await rpc(made.url, initialize)
    expect(await refused.json()).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32000 },
      id: null,
    })
    const mcp = await connect(made.url, { headers: { authorization: `Bearer ${sandbox.apiKey}` } })
    expect((await mcp.listTools()).tools.length).toBeGreaterThan(0)
  })

  test('without require_api_token_auth the token in the URL is enough', async () => {
    const made = await createServer({ name: 'x' })
    const response = await rpc(made.url, initialize)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ id: 1, result: { serverInfo: { name: 'x' } } })
  })

  test('a require_api_token_auth outside config protects nothing', async () => {
    const made = await createServer({ name: 'x', require_api_token_auth: true })
    expect((await rpc(made.url, initialize)).status).toBe(200)
  })

  test('an unknown token is a 404 and its query is never read', async () => {
    const response = await sandbox.fetch('/mcp/0123abcd?limit=5', { method: 'POST' })
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32001, message: 'MCP server not found' },
      id: null,
    })
    expect(sandbox.requests.at(-1)).toMatchObject({ account: undefined, status: 404 })
    expect(Object.keys(sandbox.requests.at(-1)?.query ?? { unread: true })).toEqual([])
  })

  test('GET and DELETE are 405: a stateless server has no stream and no session', async () => {
    const made = await createServer({ name: 'x' })
    for (const method of ['GET', 'DELETE']) {
      const response = await sandbox.fetch(made.url, {
        method,
        headers: { accept: 'text/event-stream' },
      })
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('POST')
    }
  })
})

describe('rate limits and faults', () => {
  test('a rate-limited account answers 429 with the proxy’s headers on the MCP URL', async () => {
    const limited = createSandbox({ clock: 'manual', rateLimit: { limit: 2, windowMs: 10_000 } })
    const made = await createServer({ name: 'x' }, limited)
    limited.clock.advance(10_000)
    const first = await rpc(made.url, initialize, {}, limited)
    expect(first.headers.get('ratelimit-limit')).toBe('2')
    expect(first.headers.get('ratelimit-remaining')).toBe('1')
    await rpc(made.url, initialize, {}, limited)
    limited.clock.advance(4_000)
    const refused = await rpc(made.url, initialize, {}, limited)
    expect(refused.status).toBe(429)
    expect(
      Object.fromEntries([...refused.headers].filter(([k]) => /^(ratelimit|retry)/.test(k))),
    ).toEqual({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '6',
      'retry-after': '6',
    })
    expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } })
    await expect(connect(made.url, { fetch: limited.fetch })).rejects.toMatchObject({ code: 429 })
  })

  test('the MCP URL and the proxy share the account’s window', async () => {
    const limited = createSandbox({ clock: 'manual', rateLimit: { limit: 2, windowMs: 10_000 } })
    const made = await createServer({ name: 'x' }, limited)
    await rpc(made.url, initialize, {}, limited)
    const proxied = await client(limited).get('/proxy/pipelines', {
      integrated_account_id: limited.accounts.octapipe,
    })
    expect(proxied.status).toBe(429)
  })

  test('faults strike MCP URLs by route, and proxy-route faults leave them alone', async () => {
    const made = await createServer({ name: 'x' })
    sandbox.faults.inject({ kind: '5xx', route: '/proxy/' })
    const mcp = await connect(made.url)
    sandbox.faults.inject({ kind: '5xx', route: '/mcp/', times: 1 })
    await expect(mcp.listTools()).rejects.toMatchObject({ code: 503 })
    await expect(mcp.listTools()).resolves.toBeTruthy()
    sandbox.faults.inject({ kind: 'drop', route: new URL(made.url).pathname, times: 1 })
    await expect(mcp.listTools()).rejects.toThrow(TypeError)
    expect(sandbox.requests.at(-1)).toMatchObject({ fault: 'drop', status: 0 })
  })
})

describe('hostile input', () => {
  const PROBES = ['polluted', 'a'] as const
  const pollution = () =>
    PROBES.map((name) => (({}) as Record<string, unknown>)[name]).filter((v) => v !== undefined)
  afterEach(() => {
    for (const name of PROBES) delete (Object.prototype as Record<string, unknown>)[name]
  })

  test.each([
    '__proto__[polluted]=yes',
    'constructor[prototype][polluted]=yes',
    'x[__proto__][a]=1',
  ])('?%s on a live MCP URL is a 400 and pollutes nothing', async (query) => {
    const made = await createServer({ name: 'x' })
    const response = await rpc(`${made.url}?${query}`, initialize)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      jsonrpc: '2.0',
      error: { message: expect.stringMatching(/not allowed in the query/) },
    })
    expect(pollution()).toEqual([])
  })

  test('a hostile query on an unknown token is a 404 without being parsed', async () => {
    const response = await sandbox.fetch('/mcp/x?__proto__[polluted]=yes', { method: 'POST' })
    expect(response.status).toBe(404)
    expect(sandbox.requests.at(-1)).toMatchObject({ status: 404, body: undefined })
    expect(Object.keys(sandbox.requests.at(-1)?.query ?? { unread: true })).toEqual([])
    expect(pollution()).toEqual([])
  })

  test.each([
    ['__proto__', '{"__proto__": {"polluted": "yes"}, "title": "x"}'],
    ['constructor', '{"constructor": {"prototype": {"polluted": "yes"}}, "title": "x"}'],
  ])('a %s key in tool arguments is refused and creates nothing', async (key, args) => {
    const made = await createServer({ name: 'x' })
    const cards = sandbox.state.octapipe.cards.length
    const text = `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"create_a_octapipe_pipeline_card","arguments":${args}}}`
    const response = await sandbox.fetch(made.url, {
      method: 'POST',
      headers: {
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        'mcp-protocol-version': '2025-06-18',
      },
      body: text,
    })
    expect(response.status).toBe(400)
    expect((await response.json()).error.message).toMatch(`"${key}" is not allowed in the body`)
    expect(sandbox.state.octapipe.cards).toHaveLength(cards)
    expect(pollution()).toEqual([])
  })

  test('a body that is not JSON is a JSON-RPC parse error', async () => {
    const made = await createServer({ name: 'x' })
    const response = await sandbox.fetch(made.url, {
      method: 'POST',
      headers: {
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
      },
      body: '{"jsonrpc": "2.0", "id": 1, "method": "initia',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { code: -32700 }, id: null })
  })

  test('a hostile query on the admin API is a 400 and pollutes nothing', async () => {
    const response = await sandbox.fetch(
      `/integrated-account/${sandbox.accounts.octapipe}/mcp?__proto__[polluted]=yes`,
      { headers: { authorization: `Bearer ${sandbox.apiKey}` } },
    )
    expect(response.status).toBe(400)
    expect(pollution()).toEqual([])
  })
})

describe('over a real socket', () => {
  const served = createSandbox({ clock: 'manual' })
  let server: SandboxServer
  beforeAll(async () => {
    server = await served.listen()
  })
  afterAll(() => server.close())
  afterEach(() => served.reset())

  const madeOnSocket = async (body: object = { name: 'socket', config: {} }) => {
    const { json } = await client(served, server.url).post(
      `/integrated-account/${served.accounts.octapipe}/mcp`,
      {},
      body,
    )
    return json as Made
  }

  test('the SDK client lists and calls tools over HTTP', async () => {
    const made = await madeOnSocket()
    expect(made.url.startsWith(server.url)).toBe(true)
    const mcp = await connect(made.url, { fetch: globalThis.fetch })
    expect((await mcp.listTools()).tools).toHaveLength(served.tools.octapipe.length)
    const pipelines = textOf(await mcp.callTool({ name: 'list_all_octapipe_pipelines' }))
    expect(pipelines.result.map((p: { uuid: string }) => p.uuid)).toEqual(
      served.state.octapipe.pipelines.map((p) => p.uuid),
    )
  })

  test('MultiServerMCPClient loads the tools and calls them; a tool error throws', async () => {
    const made = await madeOnSocket({ name: 'socket', config: { tags: ['cards'] } })
    const adapters = new MultiServerMCPClient({
      mcpServers: { truto: { url: made.url, transport: 'http' } },
    })
    try {
      const tools = await adapters.getTools()
      expect(tools.map((t) => t.name)).toContain('update_a_octapipe_pipeline_card_by_id')
      const card = served.state.octapipe.cards[0]!
      const stage = served.state.octapipe.stages.find(
        (s) => s.pipeline_uuid === card.pipeline_uuid && s.uuid !== card.pipeline_stage_uuid,
      )!
      const update = tools.find((t) => t.name === 'update_a_octapipe_pipeline_card_by_id')!
      const moved = await update.invoke({
        id: card.uuid,
        pipeline_uuid: card.pipeline_uuid,
        pipeline_stage_uuid: stage.uuid,
      })
      expect(JSON.parse(String(moved))).toMatchObject({ pipeline_stage_uuid: stage.uuid })
      expect(served.state.octapipe.cards[0]!.pipeline_stage_uuid).toBe(stage.uuid)
      await expect(update.invoke({ id: card.uuid, title: 'Renamed' })).rejects.toThrow(
        /returned an error: .*"statusCode":400.*pipeline_uuid and pipeline_stage_uuid/,
      )
    } finally {
      await adapters.close()
    }
  })
})

describe('through msw', () => {
  const mocked = createSandbox({ clock: 'manual' })
  const interceptor = setupServer(...mocked.mswHandlers(http))
  beforeAll(() => interceptor.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => interceptor.close())

  test('msw handlers serve the MCP URL to the global fetch', async () => {
    const made = await createServer({ name: 'msw' }, mocked)
    const mcp = await connect(made.url, { fetch: globalThis.fetch })
    const result = await mcp.callTool({ name: 'list_all_octapipe_users' })
    expect(textOf(result).result).toHaveLength(mocked.state.octapipe.users.length)
  })
})

describe('packaging', () => {
  // the SDK is an optional peer: the sandbox's entry must load without it
  test('src/testing/index.ts reaches the MCP SDK only through a dynamic import', () => {
    const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/testing/index.ts')
    const { files, packages } = staticImports(root)
    expect(files.size).toBeGreaterThan(20)
    expect(packages.filter((s) => s.startsWith('@modelcontextprotocol/'))).toEqual([])
    const loader = readFileSync(resolve(dirname(root), 'mcp-sdk.ts'), 'utf8')
    expect(loader).toMatch("import('@modelcontextprotocol/sdk/server/index.js')")
  })
})

describe('the flat-argument rule', () => {
  const tool = (method: string, query: object | null, body: object | null): SandboxTool => ({
    name: `t_${method}`,
    description: '',
    resource: 'things',
    method,
    query_schema: query && { type: 'object', properties: query },
    body_schema: body && { type: 'object', properties: body },
    required: [],
    tags: [],
  })
  const status = (where: string) => ({ type: 'string', description: where })

  test('a name in both schemas goes to the body of create, update and custom methods only', () => {
    for (const method of ['create', 'update', 'bulk_update']) {
      const both = tool(method, { status: status('query') }, { status: status('body') })
      const args = method === 'update' ? { id: '7', status: 'open' } : { status: 'open' }
      expect(splitArguments(both, args)).toEqual({
        id: method === 'update' ? '7' : undefined,
        query: {},
        body: { status: 'open' },
      })
      expect(mcpToolListing(both).inputSchema.properties).toMatchObject({ status: status('body') })
    }
  })

  test('a name in both schemas goes to the query of list, get and delete only', () => {
    for (const method of ['list', 'get', 'delete']) {
      const both = tool(method, { status: status('query') }, { status: status('body') })
      const args = method === 'list' ? { status: 'open' } : { id: '7', status: 'open' }
      expect(splitArguments(both, args)).toEqual({
        id: method === 'list' ? undefined : '7',
        query: { status: 'open' },
        body: {},
      })
      expect(mcpToolListing(both).inputSchema.properties).toMatchObject({ status: status('query') })
    }
  })

  test('a custom method’s id goes to the query whichever schema names it; the path id is apart', () => {
    const custom = tool('bulk_update', { id: status('query') }, { id: status('body'), n: {} })
    expect(splitArguments(custom, { id: '7', n: 1 })).toEqual({
      id: undefined,
      query: { id: '7' },
      body: { n: 1 },
    })
    expect(mcpToolListing(custom).inputSchema.properties).toMatchObject({ id: status('query') })
    const update = tool('update', { id: status('path') }, { title: {} })
    expect(splitArguments(update, { id: 7, title: 'x' })).toEqual({
      id: '7',
      query: {},
      body: { title: 'x' },
    })
  })

  test('a name neither schema knows goes to the body when the method sends one, else the query', () => {
    expect(splitArguments(tool('create', { a: {} }, { b: {} }), { extra: 1 }).body).toEqual({
      extra: 1,
    })
    expect(splitArguments(tool('list', { a: {} }, null), { extra: 1 }).query).toEqual({
      extra: 1,
    })
  })
})
