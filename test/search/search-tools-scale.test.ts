import type { ToolMessage } from '@langchain/core/messages'
import { convertToOpenAITool } from '@langchain/core/utils/function_calling'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { definition, testManager, toolCall, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()
const sandbox = createSandbox()

const sandboxSearch = async (integration: keyof typeof sandbox.accounts) => {
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
  })
  const [search] = await manager.getSearchTools(sandbox.accounts[integration])
  return (args: Record<string, unknown>): Promise<ToolMessage> =>
    search.invoke(toolCall('search_tools', args))
}

// requests and the tool that does each, in the words a user would write
const requests: [keyof typeof sandbox.accounts, string, string][] = [
  ['octapipe', 'move a card to another stage', 'update_a_octapipe_pipeline_card_by_id'],
  ['octapipe', 'create a task for a record', 'create_a_octapipe_task'],
  [
    'octapipe',
    'get rid of every database record matching a filter',
    'octapipe_database_records_bulk_delete',
  ],
  ['gumloop', 'list agent sessions', 'list_all_gumloop_sessions'],
  ['gumloop', 'how many credits did we use', 'list_all_gumloop_credit_logs'],
  ['happyfox', 'find all unassigned tickets', 'list_all_happyfox_tickets'],
  ['happyfox', 'update custom fields of a ticket', 'update_a_happyfox_ticket_by_id'],
]

describe('ranking from the prebuilt index', () => {
  test.each(requests)(
    '%s: "%s" ranks %s first, on every search',
    async (integration, query, tool) => {
      const search = await sandboxSearch(integration)
      const first = (await search({ query })).artifact as string[]
      expect(first[0]).toBe(tool)
      // the second search reuses the index and answers the same
      expect((await search({ query })).artifact).toEqual(first)
    },
  )
})

describe('query cap', () => {
  test('a query over 512 characters is refused by the schema as an error message', async () => {
    const search = await sandboxSearch('octapipe')
    const long = 'move a card to another stage '.repeat(25).slice(0, 600)
    const refused = await search({ query: long })
    expect(refused.status).toBe('error')
    expect(refused.content).toMatch(/Invalid arguments for search_tools.*at most 512 characters/)
    expect(refused.artifact).toBeUndefined()
    expect((await search({ query: long.slice(0, 512) })).status).toBe('success')
  })

  test('the model sees the cap in the JSON schema', async () => {
    api.definitions([definition()])
    const [search] = await testManager().getSearchTools()
    const { parameters } = convertToOpenAITool(search).function
    expect(parameters).toMatchObject({ properties: { query: { maxLength: 512 } } })
  })

  test('only the first 32 distinct terms of a query count', async () => {
    const search = await sandboxSearch('gumloop')
    const expected = (await search({ query: 'sessions' })).artifact
    expect(expected).toContain('list_all_gumloop_sessions')
    // 2-character words that match no sandbox tool; 512 characters hold 168 terms of them
    const fillers = ['q', 'z', 'j', 'k'].flatMap((l) => [...'0123456789'].map((d) => `${l}${d}`))
    const repeats = Array<string>(135).fill('q0')
    // duplicates come first and count once, so "sessions" is the 32nd distinct term
    const within = [...repeats, ...fillers.slice(0, 31), 'sessions'].join(' ')
    const past = [...fillers.slice(0, 32), 'sessions', ...repeats].join(' ')
    expect(within.length).toBeLessThanOrEqual(512)
    expect(past.split(' ')).toHaveLength(168)
    expect((await search({ query: within })).artifact).toEqual(expected)
    const ignored = await search({ query: past })
    expect(ignored.status).toBe('success')
    expect(ignored.artifact).toEqual([])
  })
})

const properties = (count: number, filler: string) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `field_${i}`,
      { type: 'string', description: filler },
    ]),
  )

describe('answer size', () => {
  test('a huge schema is listed by parameter names only', async () => {
    // ~130k characters: floods a context, yet within what the manager loads
    api.definitions([
      definition({
        name: 'create_a_octapipe_database_record',
        method: 'create',
        description: `Create a database record. ${'Hostile description. '.repeat(5_000)}`,
        resource: 'database-records',
        body_schema: {
          type: 'object',
          properties: properties(500, `Hostile schema text ${'x'.repeat(200)}`),
          required: ['field_0'],
        },
      }),
      definition(),
    ])
    const [search] = await testManager().getSearchTools()
    const message = await search.invoke(
      toolCall('search_tools', { query: 'create a database record', limit: 20 }),
    )
    const content = String(message.content)
    expect(content.length).toBeLessThanOrEqual(16_000)
    expect(content).not.toContain('Hostile schema text')
    expect(message.artifact).toContain('create_a_octapipe_database_record')
    const [listed] = JSON.parse(content) as Record<string, unknown>[]
    expect(listed).toMatchObject({
      name: 'create_a_octapipe_database_record',
      required: ['field_0'],
      note: expect.stringMatching(/parameters too large to show.*call_tool validates them/),
    })
    expect(listed).not.toHaveProperty('parameters')
    expect(listed?.parameter_names).toEqual(expect.arrayContaining(['field_0', 'field_1']))
    expect(String(listed?.description).length).toBeLessThan(1_100)
  })

  test('twenty mid-size schemas stay within the answer budget, every match named', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `list_all_octapipe_widgets_${i}`)
    api.definitions(
      names.map((name) =>
        definition({
          name,
          description: 'List widgets.',
          resource: 'widgets',
          query_schema: { type: 'object', properties: properties(30, 'y'.repeat(70)) },
        }),
      ),
    )
    const [search] = await testManager().getSearchTools()
    const message = await search.invoke(
      toolCall('search_tools', { query: 'list widgets', limit: 20 }),
    )
    const content = String(message.content)
    expect(content.length).toBeLessThanOrEqual(16_000)
    for (const name of names) expect(content).toContain(name)
    // whole schemas while they fit, then names only, then the rest named in a note
    const [listed, note] = content.split('\n')
    const entries = JSON.parse(listed!) as Record<string, unknown>[]
    expect(entries[0]).toHaveProperty('parameters')
    expect(entries.at(-1)).toHaveProperty('parameter_names')
    expect(note).toMatch(/^\[Not shown, to keep this answer short: .*list_all_octapipe_widgets_19/)
  })
})
