import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import {
  createInterruptOn,
  isTrutoApiError,
  RATE_LIMIT_EVENT,
  type TrutoTool,
} from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { sourceSetup, TOOL_SOURCES } from './helpers/tool-sources.js'
import { toolCall } from './helpers/truto-api.js'

const named = (tools: readonly TrutoTool[], name: string): TrutoTool => {
  const tool = tools.find((t) => t.name === name)
  if (!tool) throw new Error(`no tool ${name}`)
  return tool
}

class Events extends BaseCallbackHandler {
  name = 'events'
  readonly seen: string[] = []
  override handleCustomEvent(name: string) {
    this.seen.push(name)
  }
}

// the same promises, whichever source the tools come from; each test has its own sandbox, so the
// rate-limited ones can wait out their windows side by side
describe.concurrent.each(TOOL_SOURCES)('tools from the $name', (source) => {
  test('load without warnings, with provider-safe names and their method kinds', async () => {
    const setup = sourceSetup()
    const tools = await source.load(setup)

    expect(tools.length).toBeGreaterThan(20)
    for (const tool of tools) expect(tool.name).toMatch(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/)
    expect(named(tools, 'list_all_octapipe_pipeline_cards').metadata.method).toBe('list')
    expect(named(tools, 'delete_a_octapipe_task_by_id').metadata.method).toBe('delete')
    expect(setup.warnings).toEqual([])
  })

  test('invalid arguments come back as an error naming the field, and nothing is sent', async () => {
    const setup = sourceSetup()
    const update = named(await source.load(setup), 'update_a_octapipe_pipeline_card_by_id')
    const sentBefore = setup.sandbox.requests.filter(source.isToolCall).length

    const message = await update.invoke(toolCall(update.name, { id: 42, title: ['x'] }))

    expect(message.status).toBe('error')
    expect(String(message.content)).toMatch(/`title` must be string/)
    expect(setup.sandbox.requests.filter(source.isToolCall)).toHaveLength(sentBefore)
  })

  test('a list says in words that more pages exist and which cursor to pass', async () => {
    const setup = sourceSetup()
    const cards = named(await source.load(setup), 'list_all_octapipe_pipeline_cards')

    const first = String((await cards.invoke(toolCall(cards.name, {}))).content)
    const cursor = /next_cursor="([^"]+)"/.exec(first)?.[1]
    const second = String(
      (await cards.invoke(toolCall(cards.name, { next_cursor: cursor }))).content,
    )

    expect(first).toMatch(/15 items\. More results exist/)
    expect(second).toMatch(/items\./)
    expect(second.split('\n')[0]).not.toBe(first.split('\n')[0])
  })

  test('results are cut to maxResultChars with a note, the artifact keeps all', async () => {
    const setup = sourceSetup({ maxResultChars: 600 })
    const cards = named(await source.load(setup), 'list_all_octapipe_pipeline_cards')

    const message = await cards.invoke(toolCall(cards.name, {}))

    expect(String(message.content).length).toBeLessThanOrEqual(600)
    expect((message.artifact as { result: unknown[] }).result).toHaveLength(15)
  })

  test('an upstream 400 is an actionable error and changes nothing', async () => {
    const setup = sourceSetup()
    const update = named(await source.load(setup), 'update_a_octapipe_pipeline_card_by_id')
    const card = setup.sandbox.state.octapipe.cards[0]
    if (!card) throw new Error('no card')

    const message = await update.invoke(toolCall(update.name, { id: card.uuid, title: 'Renamed' }))
    const thrown = await update.invoke({ id: card.uuid, title: 'Renamed' }).catch((e) => e)

    expect(message.status).toBe('error')
    expect(String(message.content)).toMatch(/HTTP 400: .*pipeline_stage_uuid.*Fix the arguments/)
    expect(isTrutoApiError(thrown) && thrown.status).toBe(400)
    expect(setup.sandbox.state.octapipe.cards[0]?.title).not.toBe('Renamed')
  })

  test('readOnly loads only read tools', async () => {
    const setup = sourceSetup({ readOnly: true })

    const tools = await source.load(setup)

    expect(new Set(tools.map((t) => t.metadata.method))).toEqual(new Set(['list', 'get']))
  })

  test('dryRun describes the call and sends nothing', async () => {
    const setup = sourceSetup({ dryRun: true })
    const remove = named(await source.load(setup), 'delete_a_octapipe_task_by_id')
    const task = setup.sandbox.state.octapipe.tasks[0]
    if (!task) throw new Error('no task')

    const message = await remove.invoke(toolCall(remove.name, { id: task.uuid }))

    expect(String(message.content)).toMatch(
      /^Dry run of delete_a_octapipe_task_by_id: .*Nothing was sent/,
    )
    expect(setup.sandbox.requests.filter(source.isToolCall)).toHaveLength(0)
    expect(setup.sandbox.state.octapipe.tasks).toContain(task)
  })

  test('approve is asked about deletes; a no sends nothing', async () => {
    const asked: string[] = []
    const setup = sourceSetup({
      approve: (call) => {
        asked.push(`${call.method} ${call.toolName}`)
        return false
      },
    })
    const remove = named(await source.load(setup), 'delete_a_octapipe_task_by_id')
    const task = setup.sandbox.state.octapipe.tasks[0]
    if (!task) throw new Error('no task')

    const message = await remove.invoke(toolCall(remove.name, { id: task.uuid }))

    expect(asked).toEqual(['delete delete_a_octapipe_task_by_id'])
    expect(String(message.content)).toMatch(/refused and nothing was sent/)
    expect(setup.sandbox.state.octapipe.tasks).toContain(task)
  })

  test('include and exclude globs pick tools by name', async () => {
    const setup = sourceSetup()

    const tools = await source.load(setup, {
      include: ['*_octapipe_task*'],
      exclude: ['delete_*'],
    })

    expect(tools.map((t) => t.name).sort()).toEqual([
      'create_a_octapipe_task',
      'get_single_octapipe_task_by_id',
      'list_all_octapipe_tasks',
      'update_a_octapipe_task_by_id',
    ])
  })

  test('createInterruptOn pauses deletes and custom methods only', async () => {
    const tools = await source.load(sourceSetup())

    const interruptOn = createInterruptOn(tools)

    expect(interruptOn.delete_a_octapipe_task_by_id).not.toBe(false)
    expect(interruptOn.list_all_octapipe_tasks).toBe(false)
    expect(interruptOn.create_a_octapipe_task).toBe(false)
  })

  test('calls over a rate limit wait for the window, succeed and report each wait', async () => {
    // ratelimit-reset counts whole seconds: eight calls against four a second wait one window
    const setup = sourceSetup({}, createSandbox({ rateLimit: { limit: 4, windowMs: 1000 } }))
    const pipelines = named(await source.load(setup), 'list_all_octapipe_pipelines')
    const events = new Events()

    const messages = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        pipelines.invoke(toolCall(pipelines.name, {}, `c${i}`), { callbacks: [events] }),
      ),
    )

    expect(messages.map((m) => m.status)).toEqual(Array(8).fill('success'))
    expect(events.seen).toContain(RATE_LIMIT_EVENT)
  })

  test('a model cannot name another account', async () => {
    const setup = sourceSetup()
    const cards = named(await source.load(setup), 'list_all_octapipe_pipeline_cards')

    const message = await cards.invoke(
      toolCall(cards.name, { integrated_account_id: setup.sandbox.accounts.happyfox }),
    )

    expect(message.status).toBe('error')
    expect(String(message.content)).toMatch(/integrated_account_id/)
  })

  test('the search pair finds a tool by what it does and calls it', async () => {
    const setup = sourceSetup()
    const tools = await source.load(setup)
    const [search, call] =
      source.name === 'MCP server'
        ? await setup.manager.getMcpSearchTools(
            // only create() answers with the server's URL
            await setup.manager.mcpServers.create({
              name: 'search pair',
              accountId: setup.sandbox.accounts.octapipe,
            }),
          )
        : await setup.manager.getSearchTools(setup.sandbox.accounts.octapipe)

    const found = String(
      (await search.invoke(toolCall('search_tools', { query: 'list pipelines' }))).content,
    )
    const answer = await call.invoke(
      toolCall('call_tool', { name: 'list_all_octapipe_pipelines', arguments: {} }),
    )

    expect(tools.length).toBeGreaterThan(0)
    expect(found).toContain('list_all_octapipe_pipelines')
    expect(answer.status).toBe('success')
  })
})

test('both sources offer the same tools with the same required fields', async () => {
  const [endpoint, mcp] = TOOL_SOURCES
  const shape = (tools: readonly TrutoTool[]) =>
    Object.fromEntries(
      tools.map((t) => [
        t.name,
        [...((t.schema as { required?: string[] }).required ?? [])].sort(),
      ]),
    )

  const viaEndpoint = await endpoint?.load(sourceSetup())
  const viaMcp = await mcp?.load(sourceSetup())

  expect(shape(viaMcp ?? [])).toEqual(shape(viaEndpoint ?? []))
})
