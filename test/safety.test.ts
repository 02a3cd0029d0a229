import { AIMessage, ToolMessage } from '@langchain/core/messages'
import { Command, interrupt, MemorySaver } from '@langchain/langgraph'
import { createAgent, humanInTheLoopMiddleware } from 'langchain'
import {
  createInterruptOn,
  isTrutoConfigError,
  type ToolCallRequest,
  type TrutoTool,
  type TrutoToolManagerOptions,
} from 'truto-langchainjs-toolset'
import { describe, expect, test, vi } from 'vitest'
import { callTool, ScriptedChatModel } from './helpers/scripted-model.js'
import {
  ACCOUNT_ID,
  API_KEY,
  definition,
  testManager,
  toolCall,
  useTrutoApi,
} from './helpers/truto-api.js'

const api = useTrutoApi()

const pauseOnTrutoWrites = (loaded: TrutoTool[]) =>
  humanInTheLoopMiddleware({ interruptOn: createInterruptOn(loaded) })

const catalogue = [
  definition({
    name: 'list_all_octapipe_database_records',
    method: 'list',
    resource: 'database-records',
  }),
  definition({
    name: 'get_single_octapipe_database_record_by_id',
    method: 'get',
    resource: 'database-records',
  }),
  definition({
    name: 'create_a_octapipe_database_record',
    method: 'create',
    resource: 'database-records',
    body_schema: { type: 'object', properties: { name: { type: 'string' } } },
  }),
  definition({
    name: 'delete_a_octapipe_database_record_by_id',
    method: 'delete',
    resource: 'database-records',
  }),
  definition({
    name: 'octapipe_database_records_bulk_update',
    method: 'bulk_update',
    resource: 'database-records',
    body_schema: {
      type: 'object',
      properties: {
        filters: { type: 'array', items: { type: 'object' } },
        values: { type: 'object' },
      },
      required: ['filters', 'values'],
    },
  }),
]

async function tools(options: Partial<TrutoToolManagerOptions> = {}) {
  api.definitions(catalogue)
  const manager = testManager({ ...options })
  const loaded = await manager.getTools()
  const byName = (name: string) => loaded.find((t) => t.name === name)!
  return { loaded, byName }
}

describe('readOnly', () => {
  test('builds only list and get tools', async () => {
    const { loaded } = await tools({ readOnly: true })
    expect(loaded.map((t) => t.metadata?.method)).toEqual(['list', 'get'])
  })

  test('with a methods filter that asks only for writes is refused at construction', async () => {
    const error = await tools({ readOnly: true, methods: ['write', 'custom'] }).catch((e) => e)
    expect(isTrutoConfigError(error) && error.option).toBe('methods')
    expect(String(error.message)).toMatch(/`readOnly` keeps only read tools/)
  })
})

describe('approval gate', () => {
  test('by default asks before deletes and bulk methods, not before reads or creates', async () => {
    const approve = vi.fn((_call: ToolCallRequest) => true)
    const { byName } = await tools({ approve })
    await byName('list_all_octapipe_database_records').invoke({})
    await byName('create_a_octapipe_database_record').invoke({ name: 'x' })
    await byName('delete_a_octapipe_database_record_by_id').invoke({ id: 'r1' })
    await byName('octapipe_database_records_bulk_update').invoke({ filters: [], values: {} })
    expect(approve.mock.calls.map(([call]) => call.method)).toEqual(['delete', 'bulk_update'])
    expect(approve.mock.calls[0]?.[0]).toMatchObject({
      toolName: 'delete_a_octapipe_database_record_by_id',
      accountId: ACCOUNT_ID,
      args: { id: 'r1' },
    })
    expect(api.proxyCalls).toHaveLength(4)
  })

  test('a refused call tells the model and sends nothing', async () => {
    const { byName } = await tools({ approve: () => false })
    const tool = byName('octapipe_database_records_bulk_update')
    const message = await tool.invoke(
      toolCall(tool.name, { filters: [], values: { stage: 'won' } }),
    )
    expect(message.status).toBe('error')
    expect(message.content).toMatch(
      /was refused and nothing was sent: a person or policy declined it/,
    )
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('a run cancelled while a person decides sends nothing, even if they approve', async () => {
    const controller = new AbortController()
    const approve = vi.fn(async (call: ToolCallRequest) => {
      expect(call.signal).toBeDefined()
      controller.abort()
      return true
    })
    const { byName } = await tools({ approve })
    const tool = byName('delete_a_octapipe_database_record_by_id')

    const message = await tool.invoke(toolCall(tool.name, { id: 'r1' }), {
      signal: controller.signal,
    })

    expect(approve).toHaveBeenCalledTimes(1)
    expect(message.status).toBe('error')
    expect(message.content).toMatch(/cancel/i)
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('requireApproval without approve is a configuration error', () => {
    expect(() => testManager({ requireApproval: () => true })).toThrow(/`approve`/)
  })

  test('requireApproval chooses which calls are gated', async () => {
    const approve = vi.fn(async () => true)
    const { byName } = await tools({ approve, requireApproval: (call) => call.method === 'create' })
    await byName('create_a_octapipe_database_record').invoke({ name: 'x' })
    await byName('delete_a_octapipe_database_record_by_id').invoke({ id: 'r1' })
    expect(approve).toHaveBeenCalledTimes(1)
  })
})

describe('dryRun', () => {
  test('returns the request it would send, without the token, and sends nothing', async () => {
    const { byName } = await tools({ dryRun: true })
    const tool = byName('octapipe_database_records_bulk_update')
    const message = await tool.invoke(
      toolCall(tool.name, {
        filters: [{ field: 'stage', op: 'eq', value: 'lead' }],
        values: { stage: 'won' },
      }),
    )
    expect(message.content).toBe(
      `Dry run of octapipe_database_records_bulk_update: would send POST /proxy/database-records/bulk_update?integrated_account_id=${ACCOUNT_ID} with body {"filters":[{"field":"stage","op":"eq","value":"lead"}],"values":{"stage":"won"}}. Nothing was sent.`,
    )
    expect(message.artifact).toMatchObject({
      dryRun: true,
      request: { method: 'POST', body: { values: { stage: 'won' } } },
    })
    expect(JSON.stringify(message)).not.toContain(API_KEY)
    expect(api.proxyCalls).toHaveLength(0)
  })
})

describe('human in the loop', () => {
  test('createInterruptOn pauses on bulk and delete tools only', async () => {
    const { loaded } = await tools()
    const map = createInterruptOn(loaded)
    expect(
      Object.entries(map)
        .filter(([, v]) => v !== false)
        .map(([k]) => k),
    ).toEqual(['delete_a_octapipe_database_record_by_id', 'octapipe_database_records_bulk_update'])
  })

  test('an agent with a checkpointer pauses before a bulk update and sends it on approval', async () => {
    const { loaded } = await tools()
    const model = new ScriptedChatModel((messages) =>
      messages.some((m) => m instanceof ToolMessage)
        ? new AIMessage('updated')
        : callTool(
            'octapipe_database_records_bulk_update',
            { filters: [{ field: 'stage', op: 'eq', value: 'lead' }], values: { stage: 'won' } },
            'bulk_1',
          ),
    )
    const agent = createAgent({
      model,
      tools: loaded,
      middleware: [pauseOnTrutoWrites(loaded)],
      checkpointer: new MemorySaver(),
    })
    const config = { configurable: { thread_id: 'thread-1' } }

    const paused = await agent.invoke(
      { messages: [{ role: 'user', content: 'mark leads won' }] },
      config,
    )
    expect(paused.__interrupt__).toHaveLength(1)
    expect(api.proxyCalls).toHaveLength(0)

    const resumed = await agent.invoke(
      new Command({ resume: { decisions: [{ type: 'approve' }] } }),
      config,
    )
    expect(api.proxyCalls.map((c) => c.path)).toEqual(['/proxy/database-records/bulk_update'])
    expect(resumed.messages.at(-1)?.content).toBe('updated')
  })

  test('an approve callback may pause the graph with interrupt() and resume on the answer', async () => {
    const approve = (call: ToolCallRequest) => interrupt({ approve: call.toolName }) === 'yes'
    const { loaded } = await tools({ approve })
    const model = new ScriptedChatModel((messages) =>
      messages.some((m) => m instanceof ToolMessage)
        ? new AIMessage('deleted')
        : callTool('delete_a_octapipe_database_record_by_id', { id: 'r1' }, 'del_1'),
    )
    const agent = createAgent({ model, tools: loaded, checkpointer: new MemorySaver() })
    const config = { configurable: { thread_id: 'thread-approve' } }

    const paused = await agent.invoke(
      { messages: [{ role: 'user', content: 'delete r1' }] },
      config,
    )
    expect(paused.__interrupt__?.[0]?.value).toEqual({
      approve: 'delete_a_octapipe_database_record_by_id',
    })
    expect(api.proxyCalls).toHaveLength(0)

    const resumed = await agent.invoke(new Command({ resume: 'yes' }), config)
    expect(api.proxyCalls.map((c) => c.path)).toEqual(['/proxy/database-records/r1'])
    expect(resumed.messages.at(-1)?.content).toBe('deleted')
  })

  test('a rejected bulk update is never sent', async () => {
    const { loaded } = await tools()
    const model = new ScriptedChatModel((messages) =>
      messages.some((m) => m instanceof ToolMessage)
        ? new AIMessage('left as is')
        : callTool(
            'octapipe_database_records_bulk_update',
            { filters: [], values: { stage: 'won' } },
            'bulk_2',
          ),
    )
    const agent = createAgent({
      model,
      tools: loaded,
      middleware: [pauseOnTrutoWrites(loaded)],
      checkpointer: new MemorySaver(),
    })
    const config = { configurable: { thread_id: 'thread-2' } }
    await agent.invoke({ messages: [{ role: 'user', content: 'mark everything won' }] }, config)
    const resumed = await agent.invoke(
      new Command({ resume: { decisions: [{ type: 'reject', message: 'too broad' }] } }),
      config,
    )
    expect(api.proxyCalls).toHaveLength(0)
    expect(resumed.messages.at(-1)?.content).toBe('left as is')
  })

  test('through the search pair, call_tool pauses for a bulk update but not for a list', async () => {
    api.definitions(catalogue)
    const pair = await testManager().getSearchTools()
    const map = createInterruptOn(pair)
    expect(map.search_tools).toBe(false)
    const entry = map.call_tool
    if (typeof entry !== 'object') throw new Error('call_tool should have a conditional entry')
    const pauses = (name: string) => entry.when?.({ toolCall: { args: { name } } })
    expect(pauses('octapipe_database_records_bulk_update')).toBe(true)
    expect(pauses('list_all_octapipe_database_records')).toBe(false)

    const model = new ScriptedChatModel((messages) =>
      messages.some((m) => m instanceof ToolMessage)
        ? new AIMessage('done')
        : callTool(
            'call_tool',
            {
              name: 'octapipe_database_records_bulk_update',
              arguments: { filters: [], values: { stage: 'won' } },
            },
            'bulk_3',
          ),
    )
    const agent = createAgent({
      model,
      tools: pair,
      middleware: [humanInTheLoopMiddleware({ interruptOn: map })],
      checkpointer: new MemorySaver(),
    })
    const paused = await agent.invoke(
      { messages: [{ role: 'user', content: 'mark all won' }] },
      { configurable: { thread_id: 't3' } },
    )
    expect(paused.__interrupt__).toHaveLength(1)
    expect(api.proxyCalls).toHaveLength(0)
  })
})
