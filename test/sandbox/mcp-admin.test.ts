import { createSandbox, type Sandbox } from 'truto-langchainjs-toolset/testing'
import { afterEach, describe, expect, test } from 'vitest'
import { client } from './helpers.js'

const sandbox = createSandbox({ clock: 'manual' })
const api = client(sandbox)
const octapipe = `/integrated-account/${sandbox.accounts.octapipe}/mcp`
const gumloop = `/integrated-account/${sandbox.accounts.gumloop}/mcp`
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/
const MINUTE = 60_000

afterEach(() => sandbox.reset())

const create = (body: unknown, base = octapipe) => api.post(base, {}, body)
const inMs = (ms: number) => new Date(sandbox.clock.now() + ms).toISOString()

describe('CRUD', () => {
  test('only the answer to create carries the token and url', async () => {
    const made = await create({
      name: 'Triage',
      config: { methods: ['read'], tags: ['cards'], require_api_token_auth: true },
    })

    expect(made.status).toBe(201)
    expect(made.json).toEqual({
      id: expect.stringMatching(UUID),
      name: 'Triage',
      config: { methods: ['read'], tags: ['cards'], require_api_token_auth: true },
      integrated_account_id: sandbox.accounts.octapipe,
      created_by: expect.stringMatching(UUID),
      expires_at: null,
      created_at: '2025-06-02T09:00:00.000Z',
      updated_at: '2025-06-02T09:00:00.000Z',
      token: expect.stringMatching(/^[0-9a-f]{64}$/),
      url: `${sandbox.baseUrl}/mcp/${made.json.token}`,
    })
    const { token: _, url: __, ...server } = made.json
    const one = `${octapipe}/${server.id}`
    expect((await api.get(one)).json).toEqual(server)
    expect((await api.get(octapipe)).json).toEqual({ result: [server], next_cursor: null })
    expect((await api.patch(one, {}, { name: 'Renamed' })).json).toEqual({
      ...server,
      name: 'Renamed',
    })
  })

  test('a PATCH with config replaces the whole config', async () => {
    const { json } = await create({
      name: 'x',
      config: { methods: ['read'], tags: ['cards'], require_api_token_auth: true },
    })
    sandbox.clock.advance(MINUTE)

    const changed = await api.patch(
      `${octapipe}/${json.id}`,
      {},
      { config: { methods: ['write'] } },
    )

    expect(changed.status).toBe(200)
    expect(changed.json).toMatchObject({
      config: { methods: ['write'] },
      updated_at: '2025-06-02T09:01:00.000Z',
    })
    expect(changed.json.config).not.toHaveProperty('require_api_token_auth')
  })

  test('a PATCH without config changes name and expiry only, with no tool check', async () => {
    const { json } = await create({ name: 'x', config: { tags: ['cards'] } })
    // a config no tool matches any more, as when the integration drops a tool
    sandbox.state.mcpServers[0]!.config = { tags: ['retired'] }

    const changed = await api.patch(
      `${octapipe}/${json.id}`,
      {},
      { name: 'y', expires_at: '2025-07-01T00:00:00+02:00' },
    )

    expect(changed.status).toBe(200)
    expect(changed.json).toMatchObject({
      name: 'y',
      config: { tags: ['retired'] },
      expires_at: '2025-06-30T22:00:00.000Z',
    })
  })

  test('expires_at: null on a PATCH clears the expiry', async () => {
    const { json } = await create({ name: 'x', config: {}, expires_at: inMs(60 * MINUTE) })

    const cleared = await api.patch(`${octapipe}/${json.id}`, {}, { expires_at: null })

    expect(cleared.json).toMatchObject({ name: 'x', expires_at: null })
    expect(sandbox.state.mcpServers[0]?.expires_at).toBeNull()
  })

  test('a delete answers { id } and the server is gone', async () => {
    const { json } = await create({ name: 'x', config: {} })
    const one = `${octapipe}/${json.id}`

    const removed = await api.delete(one)

    expect(removed).toMatchObject({ status: 200, json: { id: json.id } })
    expect((await api.get(one)).json).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: `MCP server "${json.id}" not found`,
    })
    expect((await api.get(octapipe)).json).toEqual({ result: [], next_cursor: null })
  })

  test('the list pages with opaque cursors and only shows the account’s own servers', async () => {
    for (const name of ['a', 'b', 'c']) await create({ name, config: {} })
    await create({ name: 'other', config: {} }, gumloop)
    const first = await api.get(octapipe, { limit: 2 })
    expect(first.json.result.map((s: { name: string }) => s.name)).toEqual(['a', 'b'])
    const second = await api.get(octapipe, { limit: 2, next_cursor: first.json.next_cursor })
    expect(second.json).toMatchObject({ result: [{ name: 'c' }], next_cursor: null })
    const bad = await api.get(octapipe, { next_cursor: 'nope' })
    expect(bad.status).toBe(400)
  })

  test('a server of another account is not found under this one', async () => {
    const { json } = await create({ name: 'x', config: {} }, gumloop)
    expect((await api.get(`${octapipe}/${json.id}`)).status).toBe(404)
    expect((await api.delete(`${octapipe}/${json.id}`)).status).toBe(404)
    expect(sandbox.state.mcpServers).toHaveLength(1)
  })

  test('an unknown account is a 404, an unsupported verb a 405', async () => {
    const unknown = await create({ name: 'x', config: {} }, '/integrated-account/acct_nope/mcp')
    expect(unknown.json).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Integrated account "acct_nope" not found',
    })
    const put = await api.send('PUT', octapipe, {}, { name: 'x', config: {} })
    expect(put.json).toEqual({
      statusCode: 405,
      error: 'Method Not Allowed',
      message: `PUT is not allowed on ${octapipe}`,
    })
  })

  test('the admin API needs the bearer token', async () => {
    const response = await sandbox.fetch(octapipe, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', config: {} }),
    })
    expect(response.status).toBe(401)
    expect(sandbox.state.mcpServers).toEqual([])
  })

  test('every server names the same creator, the API key’s user', async () => {
    const a = (await create({ name: 'a', config: {} })).json
    const b = (await create({ name: 'b', config: {} }, gumloop)).json
    expect(b.created_by).toBe(a.created_by)
  })
})

describe('config', () => {
  test('require_api_token_auth is read inside config; at the top level it is ignored', async () => {
    const inside = await create({ name: 'a', config: { require_api_token_auth: true } })
    const outside = await create({ name: 'b', config: {}, require_api_token_auth: true })

    expect(inside.json.config).toEqual({ require_api_token_auth: true })
    expect(outside.status).toBe(201)
    expect(outside.json.config).toEqual({})
    expect(outside.json).not.toHaveProperty('require_api_token_auth')
  })

  test('a config matching no tool is a 400 naming methods and tags, and creates nothing', async () => {
    const { status, json } = await create({
      name: 'x',
      config: { methods: ['read'], tags: ['tickets'] },
    })

    expect(status).toBe(400)
    expect(json).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message:
        'No tool of this integrated account matches config.methods ["read"] and config.tags ["tickets"]; at least one tool must match',
    })
    expect(sandbox.state.mcpServers).toEqual([])
  })

  test('a method no tool has matches nothing', async () => {
    const { status, json } = await create({ name: 'x', config: { methods: ['send_message'] } })
    expect(status).toBe(400)
    expect(json.message).toMatch(
      /config\.methods \["send_message"\] and config\.tags \(every tag\)/,
    )
  })

  test('a tool needs only one of the tags', async () => {
    const { status } = await create({ name: 'x', config: { tags: ['cards', 'tickets'] } })
    expect(status).toBe(201)
  })

  test('method kinds and exact method names select tools side by side', async () => {
    const { status, json } = await create({
      name: 'x',
      config: { methods: ['custom', 'get', 'bulk_update'] },
    })
    expect(status).toBe(201)
    expect(json.config.methods).toEqual(['custom', 'get', 'bulk_update'])
  })

  test('a PATCH whose config matches no tool is a 400 and changes nothing', async () => {
    const made = await create({ name: 'Keep', config: { tags: ['cards'] } })
    const { token: _, url: __, ...server } = made.json
    const one = `${octapipe}/${server.id}`

    const refused = await api.patch(one, {}, { config: { tags: ['tickets'] } })

    expect(refused.status).toBe(400)
    expect(refused.json.message).toMatch(/^No tool of this integrated account matches/)
    expect((await api.get(one)).json).toEqual(server)
  })
})

describe('expiry', () => {
  test('an expiry less than 60 s after sandbox time is a 400 naming the minimum', async () => {
    const early = await create({ name: 'x', config: {}, expires_at: inMs(59_000) })
    const enough = await create({ name: 'y', config: {}, expires_at: inMs(60_000) })

    expect(early.status).toBe(400)
    expect(early.json.message).toBe(
      `expires_at must be at least 60 seconds after sandbox time (${inMs(0)}); got ${inMs(59_000)}`,
    )
    expect(enough.json).toMatchObject({ expires_at: inMs(60_000) })
  })

  test('a PATCH expiry is held to the same minimum', async () => {
    const { json } = await create({ name: 'x', config: {} })
    const refused = await api.patch(`${octapipe}/${json.id}`, {}, { expires_at: inMs(1_000) })
    expect(refused.status).toBe(400)
    expect(refused.json.message).toMatch(/^expires_at must be at least 60 seconds/)
  })
})

describe('validation', () => {
  test.each([
    ['a missing name', { config: {} }, 'name is required'],
    ['an empty name', { name: '  ', config: {} }, 'name must be a non-empty string'],
    ['a missing config', { name: 'x' }, 'config is required'],
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
      'an empty method list',
      { name: 'x', config: { methods: [] } },
      'config.methods must not be empty (leave it out to serve every tool)',
    ],
    [
      'a require_api_token_auth that is no boolean',
      { name: 'x', config: { require_api_token_auth: 'yes' } },
      'config.require_api_token_auth must be a boolean',
    ],
    [
      'an expiry that is no ISO date',
      { name: 'x', config: {}, expires_at: 'next week' },
      'expires_at must be an ISO 8601 date-time',
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
    const { json } = await create({ name: '', config: { methods: [], tags: 'x' } })
    expect(json.message.split('; ')).toHaveLength(3)
  })
})

describe('state', () => {
  test('servers are readable in sandbox.state.mcpServers and reset() clears them', async () => {
    const { json } = await create({
      name: 'x',
      config: { tags: ['cards'] },
      expires_at: '2025-06-03T00:00:00Z',
    })
    expect(sandbox.state.mcpServers).toEqual([
      {
        id: json.id,
        integrated_account_id: sandbox.accounts.octapipe,
        name: 'x',
        config: { tags: ['cards'] },
        created_by: json.created_by,
        expires_at: '2025-06-03T00:00:00.000Z',
        token: json.token,
        created_at: json.created_at,
        updated_at: json.updated_at,
      },
    ])
    sandbox.reset()
    expect(sandbox.state.mcpServers).toEqual([])
  })

  test('ids repeat for the same sandbox setup; tokens never do', async () => {
    const make = async (other: Sandbox) =>
      (
        await client(other).post(
          `/integrated-account/${other.accounts.octapipe}/mcp`,
          {},
          { name: 'x', config: {} },
        )
      ).json
    const a = await make(createSandbox({ clock: 'manual' }))
    const b = await make(createSandbox({ clock: 'manual' }))
    const c = await make(createSandbox({ clock: 'manual', apiKey: 'another-key' }))
    expect(b.id).toBe(a.id)
    expect(c.id).not.toBe(a.id)
    expect(b.token).not.toBe(a.token)
  })

  test('a second server gets its own id and token', async () => {
    const first = (await create({ name: 'a', config: {} })).json
    const second = (await create({ name: 'b', config: {} })).json
    expect(second.id).not.toBe(first.id)
    expect(second.token).not.toBe(first.token)
  })

  test('the url points at the origin the request came in on', async () => {
    const server = await sandbox.listen()
    try {
      const { json } = await client(sandbox, server.url).post(
        octapipe,
        {},
        { name: 'x', config: {} },
      )
      expect(json.url).toBe(`${server.url}/mcp/${json.token}`)
    } finally {
      await server.close()
    }
  })
})
