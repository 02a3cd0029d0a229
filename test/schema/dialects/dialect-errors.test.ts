import type { ToolMessage } from '@langchain/core/messages'
import fc from 'fast-check'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { sourceSetup } from '../../helpers/tool-sources.js'
import { definition, testManager, toolCall, useTrutoApi } from '../../helpers/truto-api.js'

const api = useTrutoApi()

const DIALECTS = ['openai-strict', 'gemini'] as const

/** A create tool whose body has these fields, as one dialect shows it. */
async function toolWith(
  dialect: (typeof DIALECTS)[number],
  properties: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  api.definitions([
    definition({
      name: 'create_a_octapipe_pipeline_card',
      method: 'create',
      body_schema: { type: 'object', properties, ...extra },
    }),
  ])
  // the property tests send hundreds of calls: Truto's own pacing would only slow them down
  const [tool] = await testManager({ trutoLimits: false }).getTools(undefined, { dialect })
  if (!tool) throw new Error('no tool')
  return tool
}

const LABELS = { labels: { type: 'object', additionalProperties: { type: 'string' } } }

const text = (message: ToolMessage) => String(message.content)

describe.each(DIALECTS)('in the %s dialect, a {key, value} list is judged as a list', (dialect) => {
  test('two entries of one key: the list is named, with the key, and nothing is sent', async () => {
    const tool = await toolWith(dialect, LABELS)

    const message = await tool.invoke(
      toolCall(tool.name, {
        labels: [
          { key: 'env', value: 'prod' },
          { key: 'env', value: 'dev' },
        ],
      }),
    )

    expect(message.status).toBe('error')
    expect(text(message)).toContain('`labels` has 2 entries with key "env": give each key once')
    expect(text(message)).not.toContain('object')
    expect(api.proxyCalls).toEqual([])
  })

  test('an entry without `value` is named by its key, and says each entry is {key, value}', async () => {
    const tool = await toolWith(dialect, LABELS)

    const message = await tool.invoke(
      toolCall(tool.name, { labels: [{ key: 'env' }, { key: 'team', value: 'core' }] }),
    )

    expect(message.status).toBe('error')
    expect(text(message)).toContain(
      '`labels[key="env"]` has no `value` (each entry is {key, value})',
    )
    expect(text(message)).not.toContain('object')
    expect(api.proxyCalls).toEqual([])
  })

  test('a list given as text is asked for as a list of entries, not as an object', async () => {
    const tool = await toolWith(dialect, LABELS)

    const message = await tool.invoke(toolCall(tool.name, { labels: 'env=prod' }))

    expect(text(message)).toContain('`labels` must be a list of {key, value} entries, not string')
    expect(api.proxyCalls).toEqual([])
  })

  test('a key the API requires is asked for as an entry of the list', async () => {
    const tool = await toolWith(dialect, {
      labels: { ...LABELS.labels, required: ['env'] },
    })

    const message = await tool.invoke(
      toolCall(tool.name, { labels: [{ key: 'team', value: 'core' }] }),
    )

    expect(text(message)).toContain('`labels` needs an entry with key "env"')
    expect(api.proxyCalls).toEqual([])
  })

  test('an entry naming a declared field is refused, never sent as a literal field', async () => {
    // extra fields of any value: the API itself would take a field named additional_properties
    const tool = await toolWith(
      dialect,
      { title: { type: 'string' } },
      { additionalProperties: {} },
    )

    const message = await tool.invoke(
      toolCall(tool.name, {
        title: 'Audit IAM roles',
        additional_properties: [{ key: 'title', value: '"Rotate keys"' }],
      }),
    )

    expect(message.status).toBe('error')
    expect(text(message)).toContain(
      '`additional_properties[key="title"]` names a declared field: give it as `title`, not as an entry',
    )
    expect(api.proxyCalls).toEqual([])
  })

  test('entries for fields besides the declared ones reach the API as those fields', async () => {
    const tool = await toolWith(
      dialect,
      { title: { type: 'string' } },
      { additionalProperties: {} },
    )

    const message = await tool.invoke(
      toolCall(tool.name, {
        title: 'Audit IAM roles',
        additional_properties: [{ key: 'priority', value: '2' }],
      }),
    )

    expect(message.status).toBe('success')
    expect(api.proxyCalls.map((c) => c.body)).toEqual([{ title: 'Audit IAM roles', priority: 2 }])
  })
})

describe.each(DIALECTS)(
  'in the %s dialect, a wrong value is told in the model’s shapes',
  (dialect) => {
    test('a HappyFox custom field of the wrong type names the entry and the types it takes', async () => {
      const sandbox = createSandbox({ clock: 'manual' })
      const { manager } = sourceSetup({}, sandbox)
      const tools = await manager.getTools(sandbox.accounts.happyfox, {
        dialect,
        include: ['update_a_happyfox_ticket_by_id'],
      })
      const [update] = tools
      const ticket = sandbox.state.happyfox.tickets[0]
      if (!update || !ticket) throw new Error('no tool or ticket')

      const message = await update.invoke(
        toolCall(update.name, {
          id: ticket.id,
          custom_fields: [{ key: 'affected_browser', value: true }],
        }),
      )

      expect(message.status).toBe('error')
      expect(text(message)).toContain(
        '`custom_fields[key="affected_browser"].value` must match one of: string | number | null',
      )
      expect(text(message)).not.toContain('any')
      expect(sandbox.requests.filter((r) => r.method === 'PATCH')).toEqual([])
    })

    test('call_tool with two arguments of one name says so about `arguments`', async () => {
      const { sandbox, manager } = sourceSetup()
      const [, call] = await manager.getSearchTools(sandbox.accounts.octapipe, { dialect })

      const answer = (await call.invoke(
        toolCall('call_tool', {
          name: 'list_all_octapipe_pipelines',
          arguments: [
            { key: 'name', value: '"Core Engineering"' },
            { key: 'name', value: '"Sales Pipeline"' },
          ],
        }),
      )) as ToolMessage

      expect(answer.status).toBe('error')
      expect(text(answer)).toContain(
        'Invalid arguments for call_tool: `arguments` has 2 entries with key "name"',
      )
      expect(sandbox.requests.filter((r) => r.path.startsWith('/proxy/'))).toEqual([])
    })
  },
)

// entries as a model may write them: keys that repeat, entries without a key or a value,
// values of the declared type or not
type Written = { key?: string; value?: unknown } | string | number
const entry: fc.Arbitrary<Written> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      key: fc.constantFrom('env', 'team', 'a.b', ''),
      value: fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ key: fc.constantFrom('env', 'team') }) },
  { weight: 1, arbitrary: fc.record({ value: fc.string({ maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()) },
)

describe.each(DIALECTS)('in the %s dialect, any list of entries', (dialect) => {
  test('is sent as exactly its entries when it is a valid map, and refused in its own words otherwise', async () => {
    const tool = await toolWith(dialect, LABELS)
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 5 }), async (labels) => {
        const sentBefore = api.proxyCalls.length
        const keys = labels.map((e) => (typeof e === 'object' ? e.key : undefined))
        const valid =
          labels.every(
            (e) =>
              typeof e === 'object' && typeof e.key === 'string' && typeof e.value === 'string',
          ) && new Set(keys).size === keys.length

        const message = await tool.invoke(toolCall(tool.name, { labels }))

        const sent = api.proxyCalls.slice(sentBefore).map((c) => c.body)
        if (valid) {
          const entries = labels as { key: string; value: string }[]
          expect(sent).toEqual([
            { labels: Object.fromEntries(entries.map((e) => [e.key, e.value])) },
          ])
        } else {
          expect(message.status).toBe('error')
          expect(sent).toEqual([])
          const { issues } = (
            message.artifact as { error: { issues: { path: string; message: string }[] } }
          ).error
          expect(issues.length).toBeGreaterThan(0)
          for (const issue of issues) {
            // every issue is about the list, in the list's terms: never the API's object
            expect(issue.path).toMatch(/^labels(\.|\[|$)/)
            expect(issue.message).not.toMatch(/\bobject\b|properties/)
          }
        }
      }),
      { numRuns: 150 },
    )
  })

  test('of fields besides the declared ones never reaches the API as a field of its own', async () => {
    const tool = await toolWith(
      dialect,
      { title: { type: 'string' } },
      { additionalProperties: { type: 'string' } },
    )
    const extraEntry = fc.record({
      key: fc.constantFrom('title', 'priority', 'owner', 'additional_properties'),
      value: fc.string({ maxLength: 3 }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(extraEntry, { maxLength: 4 }), async (extras) => {
        const sentBefore = api.proxyCalls.length
        const keys = extras.map((e) => e.key)
        const valid = !keys.includes('title') && new Set(keys).size === keys.length

        const message = await tool.invoke(
          toolCall(tool.name, { title: 't', additional_properties: extras }),
        )

        const sent = api.proxyCalls.slice(sentBefore).map((c) => c.body as Record<string, unknown>)
        if (valid) {
          expect(sent).toEqual([
            { title: 't', ...Object.fromEntries(extras.map((e) => [e.key, e.value])) },
          ])
        } else {
          expect(message.status).toBe('error')
          expect(sent).toEqual([])
          expect(text(message)).toMatch(
            /`additional_properties(\[key="title"\]` names a declared field|` has \d entries with key)/,
          )
        }
      }),
      { numRuns: 100 },
    )
  })
})
