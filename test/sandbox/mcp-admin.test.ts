import { createSandbox, type Sandbox } from 'truto-langchainjs-toolset/testing'
import { afterEach, describe, expect, test } from 'vitest'
import { client } from './helpers.js'

const sandbox = createSandbox({ clock: 'manual' })
const api = client(sandbox)
const octapipe = `/integrated-account/${sandbox.accounts.octapipe}/mcp`

afterEach(() => sandbox.reset())

const create = (body: unknown, base = octapipe) => api.post(base, {}, body)

describe('CRUD', () => {
  test('create, read, list, update and delete round trip', async () => {
    const made = await create({ name: 'Triage', config: { methods: ['read'], tags: ['cards'] } })
    expect(made.status).toBe(201)
    expect(made.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Triage',
      config: { methods: ['read'], tags: ['cards'] },
      expires_at: null,
      require_api_token_auth: false,
      url: `${sandbox.baseUrl}/mcp/${made.json.token}`,
      token: expect.stringMatching(/^[0-9a-f]{64}$/),
      created_at: '2025-06-02T09:00:00.000Z',
      updated_at: '2025-06-02T09:00:00.000Z',
    })
    const one = `${octapipe}/${made.json.id}`
    expect((await api.get(one)).json).toEqual(made.json)
    expect((await api.get(octapipe)).json).toEqual({ result: [made.json], next_cursor: null })

    sandbox.clock.advance(60_000)
    const changed = await api.patch(
      one,
      {},
      {
        name: 'Triage (all)',
        config: { methods: ['read', 'write'] },
        expires_at: '2025-07-01T00:00:00+02:00',
        require_api_token_auth: true,
      },
    )
    expect(changed.status).toBe(200)
    expect(changed.json).toEqual({
      ...made.json,
      name: 'Triage (all)',
      // config is replaced as a whole: the tags are gone
      config: { methods: ['read', 'write'] },
      expires_at: '2025-06-30T22:00:00.000Z',
      require_api_token_auth: true,
      updated_at: '2025-06-02T09:01:00.000Z',
    })
    const partial = await api.patch(one, {}, { expires_at: null })
    expect(partial.json).toMatchObject({ name: 'Triage (all)', expires_at: null })

    const removed = await api.delete(one)
    expect(removed).toMatchObject({ status: 200, json: { id: made.json.id } })
    expect((await api.get(one)).json).toMatchObject({
      statusCode: 404,
      message: `MCP server "${made.json.id}" not found`,
    })
    expect((await api.get(octapipe)).json).toEqual({ result: [], next_cursor: null })
  })

  test('a create without config serves every tool and says so by leaving the lists out', async () => {
    const { json } = await create({ name: 'All' })
    expect(json.config).toEqual({})
  })

  test('the list pages with opaque cursors and only shows the account’s own servers', async () => {
    for (const name of ['a', 'b', 'c']) await create({ name })
    await create({ name: 'other' }, `/integrated-account/${sandbox.accounts.gumloop}/mcp`)
    const first = await api.get(octapipe, { limit: 2 })
    expect(first.json.result.map((s: { name: string }) => s.name)).toEqual(['a', 'b'])
    const second = await api.get(octapipe, { limit: 2, next_cursor: first.json.next_cursor })
    expect(second.json).toMatchObject({ result: [{ name: 'c' }], next_cursor: null })
    const bad = await api.get(octapipe, { next_cursor: 'nope' })
    expect(bad.status).toBe(400)
  })

  test('a server of another account is not found under this one', async () => {
    const { json } = await create(
      { name: 'x' },
      `/integrated-account/${sandbox.accounts.gumloop}/mcp`,
    )
    expect((await api.get(`${octapipe}/${json.id}`)).status).toBe(404)
    expect((await api.delete(`${octapipe}/${json.id}`)).status).toBe(404)
    expect(sandbox.state.mcpServers).toHaveLength(1)
  })

  test('an unknown account is a 404, an unsupported verb a 405', async () => {
    const unknown = await create({ name: 'x' }, '/integrated-account/acct_nope/mcp')
    expect(unknown.json).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Integrated account "acct_nope" not found',
    })
    expect((await api.send('PUT', octapipe, {}, { name: 'x' })).status).toBe(405)
  })

  test('the admin API needs the bearer token', async () => {
    const response = await sandbox.fetch(octapipe, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    })
    expect(response.status).toBe(401)
    expect(sandbox.state.mcpServers).toEqual([])
  })
})

describe('validation', () => {
  test.each([
    ['a missing name', {}, 'name is required'],
    ['an empty name', { name: '  ' }, 'name must be a non-empty string'],
    ['a config that is no object', { name: 'x', config: ['read'] }, 'config must be an object'],
    [
      'methods that are not a list',
      { name: 'x', config: { methods: 'read' } },
      'config.methods must be an array of strings',
    ],
    [
      'methods holding a number',
      { name: 'x', config: { methods: ['read', 1] } },
      'config.methods must be an array of strings',
    ],
    [
      'an unknown method kind',
      { name: 'x', config: { methods: ['admin'] } },
      /config\.methods has "admin", not one of read, write, custom, list, .*bulk_update/,
    ],
    [
      'a method of another integration',
      { name: 'x', config: { methods: ['send_message'] } },
      'config.methods has "send_message"',
    ],
    [
      'an empty method list',
      { name: 'x', config: { methods: [] } },
      'config.methods must not be empty; leave it out to serve every tool',
    ],
    ['an unknown tag', { name: 'x', config: { tags: ['tickets'] } }, 'config.tags has "tickets"'],
    [
      'an expiry that is no ISO date',
      { name: 'x', expires_at: 'next week' },
      'expires_at must be an ISO 8601 date-time',
    ],
    [
      'an expiry in the past',
      { name: 'x', expires_at: '2025-06-01T00:00:00Z' },
      /^expires_at must be in the future \(sandbox time is 2025-06-02T09:\d\d:00\.000Z\)$/,
    ],
    [
      'a require_api_token_auth that is no boolean',
      { name: 'x', require_api_token_auth: 'yes' },
      'require_api_token_auth must be a boolean',
    ],
    ['a body that is no object', ['x'], 'The request body must be a JSON object'],
  ])('%s is a 400', async (_, body, message) => {
    const { status, json } = await create(body)
    expect(status).toBe(400)
    expect(json).toMatchObject({ statusCode: 400, error: 'Bad Request' })
    expect(json.message).toMatch(message)
    expect(sandbox.state.mcpServers).toEqual([])
  })

  test('every problem is named in one answer', async () => {
    const { json } = await create({ name: '', config: { methods: ['nope'], tags: 'x' } })
    expect(json.message.split('; ')).toHaveLength(3)
  })

  test('method names the account has are accepted beside the kinds', async () => {
    const { status, json } = await create({
      name: 'x',
      config: { methods: ['custom', 'get', 'bulk_update'] },
    })
    expect(status).toBe(201)
    expect(json.config.methods).toEqual(['custom', 'get', 'bulk_update'])
  })

  test('an update is checked the same way and changes nothing when refused', async () => {
    const { json } = await create({ name: 'Keep' })
    const one = `${octapipe}/${json.id}`
    const refused = await api.patch(one, {}, { name: '', config: { methods: ['nope'] } })
    expect(refused.status).toBe(400)
    expect((await api.get(one)).json).toEqual(json)
  })
})

describe('state', () => {
  test('servers are readable in sandbox.state.mcpServers and reset() clears them', async () => {
    const { json } = await create({ name: 'x', expires_at: '2025-06-03T00:00:00Z' })
    expect(sandbox.state.mcpServers).toEqual([
      {
        id: json.id,
        integrated_account_id: sandbox.accounts.octapipe,
        name: 'x',
        config: {},
        expires_at: '2025-06-03T00:00:00.000Z',
        require_api_token_auth: false,
        token: json.token,
        created_at: json.created_at,
        updated_at: json.updated_at,
      },
    ])
    sandbox.reset()
    expect(sandbox.state.mcpServers).toEqual([])
  })

  test('ids and tokens are the same for the same sandbox setup, and differ per api key', async () => {
    const make = async (other: Sandbox) =>
      (
        await client(other).post(
          `/integrated-account/${other.accounts.octapipe}/mcp`,
          {},
          { name: 'x' },
        )
      ).json
    const a = await make(createSandbox({ clock: 'manual' }))
    const b = await make(createSandbox({ clock: 'manual' }))
    const c = await make(createSandbox({ clock: 'manual', apiKey: 'another-key' }))
    expect(b.token).toBe(a.token)
    expect(b.id).toBe(a.id)
    expect(c.token).not.toBe(a.token)
  })

  test('a second server gets its own id and token', async () => {
    const first = (await create({ name: 'a' })).json
    const second = (await create({ name: 'b' })).json
    expect(second.id).not.toBe(first.id)
    expect(second.token).not.toBe(first.token)
  })

  test('the url points at the origin the request came in on', async () => {
    const server = await sandbox.listen()
    try {
      const { json } = await client(sandbox, server.url).post(octapipe, {}, { name: 'x' })
      expect(json.url).toBe(`${server.url}/mcp/${json.token}`)
      // the same server read through the in-process fetch points at baseUrl
      expect((await api.get(`${octapipe}/${json.id}`)).json.url).toBe(
        `${sandbox.baseUrl}/mcp/${json.token}`,
      )
    } finally {
      await server.close()
    }
  })
})
