import {
  isTrutoApiError,
  isTrutoConfigError,
  TrutoConfigError,
  TrutoToolManager,
} from 'truto-langchainjs-toolset'
import { describe, expect, test, vi } from 'vitest'
import {
  ACCOUNT_ID,
  API_KEY,
  BASE_URL,
  definition,
  testManager,
  useTrutoApi,
} from './helpers/truto-api.js'

const api = useTrutoApi()
const manager = (options = {}) => testManager(options)

describe('configuration', () => {
  test('a missing API key throws at once, naming the option and the variable', () => {
    vi.stubEnv('TRUTO_API_KEY', '')
    vi.stubEnv('TRUTO_API_TOKEN', '')
    const build = () => new TrutoToolManager({ baseUrl: BASE_URL })
    expect(build).toThrow(TrutoConfigError)
    expect(build).toThrow(/`apiKey`.*TRUTO_API_KEY/)
    expect(api.calls).toHaveLength(0)
    vi.unstubAllEnvs()
  })

  test('a missing account id rejects before any request', async () => {
    vi.stubEnv('TRUTO_ACCOUNT_ID', '')
    const error = await manager({ accountId: undefined })
      .getTools()
      .catch((e: unknown) => e)
    expect(isTrutoConfigError(error) && error.option).toBe('accountId')
    expect(String(error)).toMatch(/TRUTO_ACCOUNT_ID/)
    expect(api.calls).toHaveLength(0)
    vi.unstubAllEnvs()
  })

  test('the key and base URL come from the environment', async () => {
    vi.stubEnv('TRUTO_API_KEY', 'env-token')
    vi.stubEnv('TRUTO_API_BASE_URL', BASE_URL)
    api.definitions([definition()])
    await new TrutoToolManager().getTools(ACCOUNT_ID)
    expect(api.calls[0]?.headers.get('authorization')).toBe('Bearer env-token')
    vi.unstubAllEnvs()
  })

  test.each([
    ['trutoApiKey', { trutoApiKey: 'guide-token', accountId: ACCOUNT_ID }, undefined],
    ['trutoAccessToken', { trutoAccessToken: 'guide-token' }, ACCOUNT_ID],
  ])('the published guides’ %s form works as written', async (_, options, accountId) => {
    api.definitions([definition()])
    const tools = await new TrutoToolManager({ ...options, baseUrl: BASE_URL }).getTools(accountId)
    expect(tools.map((t) => t.name)).toEqual(['list_all_octapipe_pipeline_cards'])
    expect(api.calls[0]?.headers.get('authorization')).toBe('Bearer guide-token')
  })

  test('two different tokens under the key aliases are refused, and neither is shown', () => {
    const attempt = () => new TrutoToolManager({ apiKey: 'token-one', trutoApiKey: 'token-two' })
    expect(attempt).toThrow(/different values were given/)
    expect(() => attempt()).not.toThrow(/token-one|token-two/)
    expect(() => new TrutoToolManager({ apiKey: 'same', trutoApiKey: 'same' })).not.toThrow()
  })

  test.each([
    ['maxResultChars', { maxResultChars: 100 }, /at least 500/],
    ['timeoutMs', { timeoutMs: 2 ** 31 }, /between 1 and 2147483647/],
    ['maxRetryWaitMs', { maxRetryWaitMs: 2 ** 31 }, /between 0 and 2147483647/],
    ['maxRetries', { maxRetries: -1 }, /at least 0/],
    ['autoPaginate.maxPages', { autoPaginate: { maxPages: 0 } }, /at least 1/],
  ])('%s out of range is a configuration error naming it', (option, options, range) => {
    const error = (() => {
      try {
        manager(options)
      } catch (e) {
        return e
      }
    })()
    expect(isTrutoConfigError(error) && error.option).toBe(option)
    expect(String(error)).toMatch(range)
  })

  test('a relative base URL is a configuration error', () => {
    expect(() => manager({ baseUrl: '/api' })).toThrow(/`baseUrl`/)
  })
})

describe('getTools', () => {
  test('follows next_cursor across every page of definitions', async () => {
    api.definitions(
      [definition({ name: 'list_all_a' })],
      [definition({ name: 'list_all_b' })],
      [definition({ name: 'list_all_c' })],
    )
    const tools = await manager().getTools()
    expect(tools.map((t) => t.name)).toEqual(['list_all_a', 'list_all_b', 'list_all_c'])
    expect(api.calls.map((c) => c.query.get('next_cursor'))).toEqual([null, '1', '2'])
  })

  test('sends the method and tag filters as comma-separated lists', async () => {
    api.definitions([definition()])
    await manager().getTools(ACCOUNT_ID, {
      methods: ['read', 'custom'],
      tags: ['pipelines', 'crm'],
    })
    expect(api.calls[0]?.path).toBe(`/integrated-account/${ACCOUNT_ID}/tools`)
    expect(api.calls[0]?.query.get('methods')).toBe('read,custom')
    expect(api.calls[0]?.query.get('tags')).toBe('pipelines,crm')
  })

  test('re-applies the filters when the server ignores them', async () => {
    api.definitions([
      definition({ name: 'list_all_cards', method: 'list', tags: ['pipelines'] }),
      definition({ name: 'get_single_card_by_id', method: 'get', tags: ['pipelines'] }),
      definition({ name: 'create_a_card', method: 'create', tags: ['pipelines'] }),
      definition({ name: 'cards_bulk_update', method: 'bulk_update', tags: ['pipelines'] }),
      definition({ name: 'list_all_tasks', method: 'list', tags: ['tasks'] }),
    ])
    const tools = await manager().getTools(ACCOUNT_ID, {
      methods: ['read', 'custom'],
      tags: ['pipelines'],
    })
    expect(tools.map((t) => t.name)).toEqual([
      'list_all_cards',
      'get_single_card_by_id',
      'cards_bulk_update',
    ])
  })

  test('a specific method name selects only that method', async () => {
    api.definitions([
      definition({ name: 'list_all_cards', method: 'list' }),
      definition({ name: 'get_single_card_by_id', method: 'get' }),
    ])
    const tools = await manager({ methods: ['get'] }).getTools()
    expect(tools.map((t) => t.name)).toEqual(['get_single_card_by_id'])
  })

  test('skips a malformed definition with one warning that names it', async () => {
    const onWarning = vi.fn()
    api.definitions([
      definition({ name: 'list_all_good' }),
      definition({ name: undefined }),
      definition({ name: 'get_single_bad_by_id', method: 'get', query_schema: { type: 'array' } }),
      definition({
        name: 'create_a_ref',
        method: 'create',
        body_schema: { $ref: '#/$defs/Missing' },
      }),
      'not a definition',
    ])
    const tools = await manager({ onWarning }).getTools()
    expect(tools.map((t) => t.name)).toEqual(['list_all_good'])
    expect(onWarning).toHaveBeenCalledTimes(4)
    expect(onWarning.mock.calls.join('\n')).toMatch(
      /\(unnamed\)[\s\S]*get_single_bad_by_id[\s\S]*create_a_ref/,
    )
  })

  test('each tool carries resource, method and account in its metadata', async () => {
    api.definitions([definition()])
    const [tool] = await manager().getTools()
    expect(tool?.metadata).toMatchObject({
      resource: 'pipeline-cards',
      method: 'list',
      accountId: ACCOUNT_ID,
    })
  })

  test('a failing tools endpoint throws a typed error without the token', async () => {
    api.toolsReply(() =>
      Response.json(
        { statusCode: 401, error: 'Unauthorized', message: 'Invalid API token' },
        { status: 401 },
      ),
    )
    const error = await manager()
      .getTools()
      .catch((e: unknown) => e)
    expect(isTrutoApiError(error) && error.status).toBe(401)
    expect(String(error)).toMatch(/Invalid API token/)
    expect(JSON.stringify(error) + String(error)).not.toContain(API_KEY)
  })

  test('a tools endpoint answering HTML is reported as a malformed body', async () => {
    api.toolsReply(() => new Response('<html>gateway</html>', { status: 200 }))
    await expect(manager().getTools()).rejects.toMatchObject({ reason: 'malformed-body' })
  })
})
