import { HttpResponse } from 'msw'
import type { TrutoToolManagerOptions } from 'truto-langchainjs-toolset'
import { describe, expect, test, vi } from 'vitest'
import { ACCOUNT_ID, definition, testManager, toolCall, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()
const manager = (options: Partial<TrutoToolManagerOptions> = {}) => testManager(options)

const crm = [
  definition({
    name: 'list_all_octapipe_pipeline_cards',
    description: 'List the cards of a pipeline stage.',
    resource: 'pipeline-cards',
  }),
  definition({
    name: 'update_a_octapipe_pipeline_card_by_id',
    method: 'update',
    description: 'Update a card, e.g. move it to another stage.',
    resource: 'pipeline-cards',
    body_schema: {
      type: 'object',
      properties: { pipeline_stage_uuid: { type: 'string' } },
      required: ['pipeline_stage_uuid'],
    },
  }),
  definition({
    name: 'create_a_octapipe_notification',
    method: 'create',
    description: 'Send a notification to a user.',
    resource: 'notifications',
    body_schema: {
      type: 'object',
      properties: { user_id: { type: 'string' }, message: { type: 'string' } },
    },
  }),
  definition({
    name: 'list_all_gumloop_sessions',
    description: 'List agent sessions.',
    resource: 'sessions',
  }),
]

describe('include and exclude', () => {
  test('keep only names matching a glob, minus the excluded ones', async () => {
    api.definitions(crm)
    const tools = await manager({ include: ['*_octapipe_*'] }).getTools(ACCOUNT_ID, {
      exclude: ['create_*'],
    })
    expect(tools.map((t) => t.name)).toEqual([
      'list_all_octapipe_pipeline_cards',
      'update_a_octapipe_pipeline_card_by_id',
    ])
  })
})

test('warns once when more than 128 tools would be bound', async () => {
  api.definitions(
    Array.from({ length: 130 }, (_, i) => definition({ name: `list_all_thing_${i}` })),
  )
  const onWarning = vi.fn()
  const tools = await manager({ onWarning }).getTools()
  expect(tools).toHaveLength(130)
  expect(onWarning).toHaveBeenCalledTimes(1)
  expect(onWarning.mock.calls[0]?.[0]).toMatch(/130 Truto tools.*more than 128.*getSearchTools/)
})

test('warns when filters leave no tools, naming the filters', async () => {
  api.definitions(crm)
  const onWarning = vi.fn()
  const tools = await manager({ onWarning }).getTools(undefined, { include: ['list_all_carsd*'] })
  expect(tools).toEqual([])
  expect(onWarning).toHaveBeenCalledWith(
    `No Truto tools match include: ["list_all_carsd*"] for account ${ACCOUNT_ID}; check their spelling.`,
  )
})

describe('search pair', () => {
  test('search_tools ranks tools by what they do, without a request', async () => {
    api.definitions(crm)
    const [search] = await manager().getSearchTools()
    const callsBefore = api.calls.length
    const message = await search.invoke(
      toolCall('search_tools', { query: 'move a card to another stage', limit: 2 }),
    )
    const found = JSON.parse(String(message.content)) as { name: string; parameters: unknown }[]
    expect(found[0]?.name).toBe('update_a_octapipe_pipeline_card_by_id')
    expect(found[0]?.parameters).toMatchObject({ required: ['pipeline_stage_uuid', 'id'] })
    expect(found).toHaveLength(2)
    expect(api.calls.length).toBe(callsBefore)
  })

  test('call_tool calls a tool by name with validated arguments', async () => {
    api.definitions(crm)
    const [, call] = await manager().getSearchTools()
    const message = await call.invoke(
      toolCall(
        'call_tool',
        {
          name: 'update_a_octapipe_pipeline_card_by_id',
          arguments: { id: 'c1', pipeline_stage_uuid: 'blocked' },
        },
        'outer_1',
      ),
    )
    expect(message.tool_call_id).toBe('outer_1')
    expect(message.status).toBe('success')
    expect(api.proxyCalls[0]).toMatchObject({
      method: 'PATCH',
      path: '/proxy/pipeline-cards/c1',
      body: { pipeline_stage_uuid: 'blocked' },
    })
  })

  test('call_tool reports invalid arguments and unknown names to the model', async () => {
    api.definitions(crm)
    const [, call] = await manager().getSearchTools()
    const invalid = await call.invoke(
      toolCall('call_tool', {
        name: 'update_a_octapipe_pipeline_card_by_id',
        arguments: { id: 'c1' },
      }),
    )
    expect(invalid.status).toBe('error')
    expect(invalid.content).toMatch(/`pipeline_stage_uuid` is required/)
    const unknown = await call.invoke(
      toolCall('call_tool', { name: 'fly_to_the_moon', arguments: {} }),
    )
    expect(unknown.status).toBe('error')
    expect(unknown.content).toMatch(/no tool named "fly_to_the_moon".*search_tools/)
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('call_tool answers as call_tool, so providers pair the result with the call', async () => {
    api.definitions(crm)
    const [, call] = await manager().getSearchTools()
    const message = await call.invoke(
      toolCall('call_tool', { name: 'list_all_octapipe_pipeline_cards', arguments: {} }, 'c_9'),
    )
    expect(message).toMatchObject({ name: 'call_tool', tool_call_id: 'c_9', status: 'success' })
  })

  test('arguments call_tool cannot parse come back to the model, not as a throw', async () => {
    api.definitions(crm)
    const [search, call] = await manager().getSearchTools()
    const wrong = await call.invoke(
      toolCall('call_tool', { tool_name: 'list_all_octapipe_pipeline_cards' }),
    )
    expect(wrong.status).toBe('error')
    expect(wrong.content).toMatch(
      /Invalid arguments for call_tool: pass the exact tool name as `name`/,
    )
    const empty = await search.invoke(toolCall('search_tools', {}))
    expect(empty.status).toBe('error')
    expect(api.proxyCalls).toHaveLength(0)
  })

  test("call_tool passes on the run's signal and callbacks to the tool it calls", async () => {
    api.definitions(crm)
    api.reply(() =>
      HttpResponse.json(
        { statusCode: 429, message: 'slow down' },
        { status: 429, headers: { 'retry-after': '0.01' } },
      ),
    )
    const [, call] = await manager({ maxRetries: 1 }).getSearchTools()
    const events: string[] = []
    const callbacks = [{ handleCustomEvent: (name: string) => void events.push(name) }]
    await call.invoke(
      toolCall('call_tool', { name: 'list_all_octapipe_pipeline_cards', arguments: {} }),
      { callbacks },
    )
    expect(events).toEqual(['truto_rate_limited'])

    const sent = api.proxyCalls.length
    const cancelled = await call.invoke(
      toolCall('call_tool', { name: 'list_all_octapipe_pipeline_cards', arguments: {} }),
      { signal: AbortSignal.abort() },
    )
    expect(api.proxyCalls).toHaveLength(sent)
    expect(cancelled.status).toBe('error')
  })
})

describe('definition cache', () => {
  test('reuses definitions within the TTL and refetches after refresh()', async () => {
    api.definitions(crm)
    const m = manager()
    await m.getTools()
    await m.getTools()
    expect(api.calls).toHaveLength(1)
    m.refresh(ACCOUNT_ID)
    await m.getTools()
    expect(api.calls).toHaveLength(2)
  })

  test('keys the cache by filter, and shares one fetch between concurrent calls', async () => {
    api.definitions(crm)
    const m = manager()
    await Promise.all([m.getTools(), m.getTools(), m.getTools(ACCOUNT_ID, { methods: ['read'] })])
    expect(api.calls).toHaveLength(2)
  })

  test('cacheTtlMs: 0 fetches every time', async () => {
    api.definitions(crm)
    const m = manager({ cacheTtlMs: 0 })
    await m.getTools()
    await m.getTools()
    expect(api.calls).toHaveLength(2)
  })

  test('a failed fetch is not cached', async () => {
    api.toolsReply(() => HttpResponse.json({ statusCode: 503, message: 'down' }, { status: 503 }))
    const m = manager({ maxRetries: 0 })
    await expect(m.getTools()).rejects.toMatchObject({ status: 503 })
    api.toolsReply(() => HttpResponse.json({ result: crm, next_cursor: null }))
    await expect(m.getTools()).resolves.toHaveLength(4)
  })
})

test('two accounts loaded at once keep their own tools and route to their own account', async () => {
  api.toolsReply(() => HttpResponse.json({ result: crm, next_cursor: null }))
  const m = manager()
  const [a, b] = await Promise.all([m.getTools('acct_a'), m.getTools('acct_b')])
  await Promise.all([a[0]!.invoke({}), b[0]!.invoke({})])
  expect(api.proxyCalls.map((c) => c.query.get('integrated_account_id')).sort()).toEqual([
    'acct_a',
    'acct_b',
  ])
  expect(a[0]!.metadata?.accountId).toBe('acct_a')
  expect(b[0]!.metadata?.accountId).toBe('acct_b')
})
