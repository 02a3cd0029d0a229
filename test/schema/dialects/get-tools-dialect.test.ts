import type { ToolMessage } from '@langchain/core/messages'
import { describe, expect, test } from 'vitest'
import { sourceSetup } from '../../helpers/tool-sources.js'
import { definition, testManager, toolCall, useTrutoApi } from '../../helpers/truto-api.js'

const api = useTrutoApi()

type Schema = {
  type?: unknown
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: unknown
  items?: Schema
}

/** Every object node of a schema, nested ones included. */
function objects(schema: Schema): Schema[] {
  const found: Schema[] = []
  const walk = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return
    const record = node as Schema & Record<string, unknown>
    if (record.properties) found.push(record)
    for (const value of Object.values(record)) walk(value)
  }
  walk(schema)
  return found
}

describe('getTools(accountId, { dialect })', () => {
  test('openai-strict closes every object and requires every field, for the whole catalogue', async () => {
    const { sandbox, manager, warnings } = sourceSetup()

    const tools = await manager.getTools(sandbox.accounts.octapipe, { dialect: 'openai-strict' })

    expect(tools.length).toBeGreaterThan(20)
    expect(warnings).toEqual([])
    for (const tool of tools) {
      for (const node of objects(tool.schema as Schema)) {
        expect(node.additionalProperties, tool.name).toBe(false)
        expect([...(node.required ?? [])].sort(), tool.name).toEqual(
          Object.keys(node.properties ?? {}).sort(),
        )
      }
    }
  })

  test('a strict call with nulls for the fields left out reaches the API without them', async () => {
    const { sandbox, manager } = sourceSetup()
    const tools = await manager.getTools(sandbox.accounts.octapipe, { dialect: 'openai-strict' })
    const update = tools.find((t) => t.name === 'update_a_octapipe_pipeline_card_by_id')
    const card = sandbox.state.octapipe.cards[0]
    if (!update || !card) throw new Error('no tool or card')
    const optional = Object.keys((update.schema as Schema).properties ?? {}).filter(
      (name) => !['id', 'pipeline_uuid', 'pipeline_stage_uuid', 'title'].includes(name),
    )
    const args = {
      ...Object.fromEntries(optional.map((name) => [name, null])),
      id: card.uuid,
      pipeline_uuid: card.pipeline_uuid,
      pipeline_stage_uuid: card.pipeline_stage_uuid,
      title: 'Renamed in strict mode',
    }

    const message = await update.invoke(toolCall(update.name, args))

    expect(message.status).toBe('success')
    expect(sandbox.state.octapipe.cards[0]?.title).toBe('Renamed in strict mode')
    const sent = sandbox.requests.at(-1)?.body as Record<string, unknown>
    expect(Object.values(sent).includes(null)).toBe(false)
  })

  test('gemini warns past its 64-tool limit', async () => {
    api.definitions(
      Array.from({ length: 70 }, (_, i) => definition({ name: `list_all_things_${i}` })),
    )
    const warnings: string[] = []

    const tools = await testManager({ onWarning: (m) => warnings.push(m) }).getTools(undefined, {
      dialect: 'gemini',
    })

    expect(tools).toHaveLength(70)
    expect(warnings).toEqual([
      expect.stringMatching(/70 Truto tools .* gemini takes no more than 64/),
    ])
  })

  test('an invalid value in a map names the field as the model wrote it', async () => {
    api.definitions([
      definition({
        method: 'create',
        body_schema: {
          type: 'object',
          properties: {
            labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 3 } },
          },
        },
      }),
    ])
    const [tool] = await testManager().getTools(undefined, { dialect: 'openai-strict' })
    if (!tool) throw new Error('no tool')

    const message = await tool.invoke(
      toolCall(tool.name, { labels: [{ key: 'owner', value: 'much too long' }] }),
    )

    expect(message.status).toBe('error')
    expect(String(message.content)).toMatch(/`labels\[.*owner.*\]/)
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('a map key made of thousands of dots is reported, not worked through', async () => {
    api.definitions([
      definition({
        method: 'create',
        body_schema: {
          type: 'object',
          properties: {
            labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 3 } },
          },
        },
      }),
    ])
    const [tool] = await testManager().getTools(undefined, { dialect: 'openai-strict' })
    if (!tool) throw new Error('no tool')
    const key = 'a.'.repeat(40_000)

    const message = await tool.invoke(toolCall(tool.name, { labels: [{ key, value: 'too long' }] }))

    expect(message.status).toBe('error')
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('two entries of one key are refused, not silently merged', async () => {
    api.definitions([
      definition({
        method: 'create',
        body_schema: {
          type: 'object',
          properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } },
        },
      }),
    ])
    const [tool] = await testManager().getTools(undefined, { dialect: 'openai-strict' })
    if (!tool) throw new Error('no tool')

    const message = await tool.invoke(
      toolCall(tool.name, {
        labels: [
          { key: 'env', value: 'prod' },
          { key: 'env', value: 'dev' },
        ],
      }),
    )

    expect(message.status).toBe('error')
    expect(String(message.content)).toMatch(/`labels`/)
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('an unknown dialect is a configuration error', async () => {
    api.definitions([definition()])

    const error = await testManager()
      .getTools(undefined, { dialect: 'claude' as never })
      .catch((e: unknown) => e)

    expect(error).toMatchObject({ name: 'TrutoConfigError', option: 'dialect' })
  })
})

describe('the search pair in a dialect', () => {
  test('call_tool in openai-strict takes the arguments as entries and the call goes through', async () => {
    const { sandbox, manager } = sourceSetup()
    const [search, call] = await manager.getSearchTools(sandbox.accounts.octapipe, {
      dialect: 'openai-strict',
    })
    const callSchema = call.schema as Schema

    const found = await search.invoke(toolCall('search_tools', { query: 'pipelines', limit: null }))
    const answer = (await call.invoke(
      toolCall('call_tool', {
        name: 'list_all_octapipe_pipelines',
        arguments: [{ key: 'name', value: '"Core Engineering"' }],
      }),
    )) as ToolMessage

    expect(callSchema.additionalProperties).toBe(false)
    expect(String((found as ToolMessage).content)).toContain('list_all_octapipe_pipelines')
    expect(answer.status).toBe('success')
    expect(String(answer.content)).toContain('Core Engineering')
  })
})
