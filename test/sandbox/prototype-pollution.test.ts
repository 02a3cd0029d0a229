import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox, type Sandbox, type SandboxServer } from 'truto-langchainjs-toolset/testing'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { toolCall } from '../helpers/truto-api.js'

const PROBES = ['polluted', 'b'] as const

const pollution = () =>
  Object.fromEntries(PROBES.map((name) => [name, ({} as Record<string, unknown>)[name]]))

const clean = Object.fromEntries(PROBES.map((name) => [name, undefined]))

// a failing test must not leave Object.prototype polluted for the next one
afterEach(() => {
  for (const name of PROBES) delete (Object.prototype as Record<string, unknown>)[name]
})

const HOSTILE_QUERIES = [
  '__proto__[polluted]=yes',
  'constructor[prototype][polluted]=yes',
  'a[__proto__][polluted]=yes',
  'a[__proto__][b]=1',
  'a[0][__proto__][polluted]=yes',
]

type Fetch = (input: string, init?: RequestInit) => Promise<Response>

function queryCases(name: string, target: () => { fetch: Fetch; base: string; sandbox: Sandbox }) {
  describe(name, () => {
    test.each(HOSTILE_QUERIES)('%s without a token is a 401 and pollutes nothing', async (q) => {
      const { fetch, base, sandbox } = target()
      const before = sandbox.requests.length
      const response = await fetch(`${base}/x?${q}`)
      expect(response.status).toBe(401)
      expect(pollution()).toEqual(clean)
      // the query of a refused request is never read into values
      expect(sandbox.requests.slice(before)).toEqual([
        expect.objectContaining({ path: '/x', query: {}, body: undefined, status: 401 }),
      ])
    })

    test.each(HOSTILE_QUERIES)('%s with a token is a 400 and pollutes nothing', async (q) => {
      const { fetch, base, sandbox } = target()
      const response = await fetch(`${base}/proxy/pipelines?${q}`, {
        headers: { authorization: `Bearer ${sandbox.apiKey}` },
      })
      expect(response.status).toBe(400)
      expect((await response.json()).message).toMatch(/not allowed in the query/)
      expect(pollution()).toEqual(clean)
    })
  })
}

const inProcess = createSandbox({ clock: 'manual' })
queryCases('in process', () => ({
  fetch: inProcess.fetch,
  base: '',
  sandbox: inProcess,
}))

const served = createSandbox({ clock: 'manual' })
let server: SandboxServer
beforeAll(async () => {
  server = await served.listen()
})
afterAll(() => server.close())
queryCases('over listen()', () => ({ fetch: globalThis.fetch, base: server.url, sandbox: served }))

describe('routes around the token check', () => {
  const sandbox = createSandbox({ clock: 'manual' })
  afterEach(() => sandbox.reset())

  test('an artifact link needs no token, so its hostile query is a 400 and pollutes nothing', async () => {
    const response = await sandbox.fetch('/_sandbox/artifacts/x?__proto__[polluted]=yes')
    expect(response.status).toBe(400)
    expect(pollution()).toEqual(clean)
  })

  test.each([
    ['without', {}],
    ['with', { authorization: `Bearer ${sandbox.apiKey}` }],
  ])('a fault still answers first %s a token, and pollutes nothing', async (_, headers) => {
    sandbox.faults.inject({ kind: '5xx', route: '/proxy' })
    const response = await sandbox.fetch('/proxy/pipelines?__proto__[polluted]=yes', { headers })
    expect(response.status).toBe(503)
    expect(pollution()).toEqual(clean)
  })
})

describe('JSON bodies', () => {
  const sandbox = createSandbox({ clock: 'manual' })
  const octapipe = `integrated_account_id=${sandbox.accounts.octapipe}`
  const post = (path: string, text: string, method = 'POST') =>
    sandbox.fetch(`${path}?${octapipe}`, {
      method,
      headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
      body: text,
    })

  const validCard = () => {
    const stage = sandbox.state.octapipe.stages[0]!
    return { title: 'Card', pipeline_uuid: stage.pipeline_uuid, pipeline_stage_uuid: stage.uuid }
  }

  test('a top-level __proto__ key is a 400 and creates nothing', async () => {
    const cards = sandbox.state.octapipe.cards.length
    // JSON text: an object literal's __proto__ would set its prototype instead of a key
    const text = `{"__proto__": {"polluted": "yes"}, ${JSON.stringify(validCard()).slice(1)}`
    const response = await post('/proxy/pipeline-cards', text)
    expect(response.status).toBe(400)
    expect((await response.json()).message).toMatch(/"__proto__" is not allowed in the body/)
    expect(sandbox.state.octapipe.cards).toHaveLength(cards)
    expect(pollution()).toEqual(clean)
  })

  test.each([
    ['constructor', '{"constructor": {"prototype": {"polluted": "yes"}}}'],
    ['prototype', '{"labels": [{"prototype": {"polluted": "yes"}}]}'],
  ])('a %s key at any depth is a 400', async (key, extra) => {
    const text = `${JSON.stringify(validCard()).slice(0, -1)}, ${extra.slice(1)}`
    const response = await post('/proxy/pipeline-cards', text)
    expect(response.status).toBe(400)
    expect((await response.json()).message).toMatch(`"${key}" is not allowed in the body`)
    expect(pollution()).toEqual(clean)
  })

  test('a __proto__ key among custom field values is a 400 and changes no record', async () => {
    const record = sandbox.state.octapipe.records[0]!
    const text = '{"custom_fields_values": {"__proto__": {"polluted": "yes"}}}'
    const response = await post(`/proxy/database-records/${record.uuid}`, text, 'PATCH')
    expect(response.status).toBe(400)
    expect((await response.json()).message).toMatch(/"__proto__" is not allowed in the body/)
    expect(Object.getPrototypeOf(record.custom_fields_values)).toBe(Object.prototype)
    expect(pollution()).toEqual(clean)
  })
})

describe('end to end through a tool', () => {
  const sandbox = createSandbox({ clock: 'manual' })
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
  })
  // arguments as a model's JSON arrives: __proto__ is an own key, not the prototype
  const invoke = async (name: string, json: string) => {
    const tools = await manager.getTools(sandbox.accounts.octapipe)
    const tool = tools.find((t) => t.name === name)!
    return tool.invoke(toolCall(name, JSON.parse(json)))
  }

  test('a __proto__ argument sent in the query pollutes nothing and comes back as an error', async () => {
    const json = '{"__proto__": {"polluted": "yes"}, "limit": 5}'
    const message = await invoke('list_all_octapipe_pipeline_cards', json)
    expect(pollution()).toEqual(clean)
    expect(message.status).toBe('error')
    expect(String(message.content)).toMatch(/"__proto__" is not allowed/)
  })

  test('a __proto__ argument sent in the body creates nothing and comes back as an error', async () => {
    const stage = sandbox.state.octapipe.stages[0]!
    const card = {
      title: 'Card',
      pipeline_uuid: stage.pipeline_uuid,
      pipeline_stage_uuid: stage.uuid,
    }
    const cards = sandbox.state.octapipe.cards.length
    const json = `{"__proto__": {"polluted": "yes"}, ${JSON.stringify(card).slice(1)}`
    const message = await invoke('create_a_octapipe_pipeline_card', json)
    expect(pollution()).toEqual(clean)
    expect(message.status).toBe('error')
    expect(String(message.content)).toMatch(/"__proto__" is not allowed/)
    expect(sandbox.state.octapipe.cards).toHaveLength(cards)
  })
})
