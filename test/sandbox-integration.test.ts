import { TrutoToolManager, type TrutoToolManagerOptions } from 'truto-langchainjs-toolset'
import { createSandbox, type Sandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { toolCall } from './helpers/truto-api.js'

// the library against the sandbox, as a user testing an agent offline would run it
function setup(
  options: Partial<TrutoToolManagerOptions> = {},
  sandbox: Sandbox = createSandbox({ clock: 'manual' }),
) {
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
    ...options,
  })
  return { sandbox, manager }
}

const parse = (content: unknown) =>
  JSON.parse(String(content).split('\n')[0]!) as {
    result: Record<string, unknown>[]
    next_cursor: string | null
  }

describe('against the sandbox', () => {
  test('every sandbox tool loads without a warning and with a valid name', async () => {
    const warnings: string[] = []
    const { sandbox, manager } = setup({ onWarning: (m) => warnings.push(m) })
    for (const account of Object.values(sandbox.accounts)) {
      const tools = await manager.getTools(account)
      expect(tools.length).toBeGreaterThan(10)
      for (const tool of tools) expect(tool.name).toMatch(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/)
    }
    expect(warnings).toEqual([])
  })

  test('a model pages through all 40 cards of a pipeline by following the cursor it is told', async () => {
    const { sandbox, manager } = setup()
    const tools = await manager.getTools(sandbox.accounts.octapipe, { methods: ['list'] })
    const pipelines = tools.find((t) => t.name === 'list_all_octapipe_pipelines')!
    const cards = tools.find((t) => t.name === 'list_all_octapipe_pipeline_cards')!
    const core = parse(
      (await pipelines.invoke(toolCall(pipelines.name, { name: 'Core Engineering' }))).content,
    ).result[0]!

    const seen: unknown[] = []
    let cursor: string | undefined
    do {
      const message = await cards.invoke(
        toolCall(cards.name, {
          pipeline_uuid: core.uuid,
          ...(cursor ? { next_cursor: cursor } : {}),
        }),
      )
      const page = parse(message.content)
      seen.push(...page.result)
      cursor = /next_cursor="([^"]+)"/.exec(String(message.content))?.[1]
      expect(Boolean(cursor)).toBe(page.next_cursor !== null)
    } while (cursor)
    expect(seen).toHaveLength(40)
  })

  test('a card update missing pipeline_stage_uuid comes back as an actionable error', async () => {
    const { sandbox, manager } = setup()
    const tools = await manager.getTools(sandbox.accounts.octapipe)
    const update = tools.find((t) => t.name === 'update_a_octapipe_pipeline_card_by_id')!
    const card = sandbox.state.octapipe.cards[0]!
    const message = await update.invoke(toolCall(update.name, { id: card.uuid, title: 'Renamed' }))
    expect(message.status).toBe('error')
    expect(message.content).toMatch(/pipeline_stage_uuid/)
    expect(sandbox.state.octapipe.cards[0]!.title).not.toBe('Renamed')
  })

  test('readOnly loads no write tool for any account', async () => {
    const { sandbox, manager } = setup({ readOnly: true })
    for (const account of Object.values(sandbox.accounts)) {
      const methods = (await manager.getTools(account)).map((t) => t.metadata?.method)
      expect(new Set(methods)).toEqual(new Set(['list', 'get']))
    }
  })

  test('two accounts used at once keep their own tools and records', async () => {
    const { sandbox, manager } = setup()
    const [octapipe, happyfox] = await Promise.all([
      manager.getTools(sandbox.accounts.octapipe),
      manager.getTools(sandbox.accounts.happyfox),
    ])
    const pipelines = octapipe.find((t) => t.name === 'list_all_octapipe_pipelines')!
    const tickets = happyfox.find((t) => t.name === 'list_all_happyfox_tickets')!
    const [a, b] = await Promise.all([
      pipelines.invoke(toolCall(pipelines.name, {})),
      tickets.invoke(toolCall(tickets.name, {})),
    ])
    expect(a.status).toBe('success')
    expect(b.status).toBe('success')
    const accounts = sandbox.requests
      .filter((r) => r.path.startsWith('/proxy/'))
      .map((r) => r.account)
    expect(new Set(accounts)).toEqual(
      new Set([sandbox.accounts.octapipe, sandbox.accounts.happyfox]),
    )
  })

  test('over the loopback server a sandbox 429 is waited out and the call succeeds', async () => {
    const sandbox = createSandbox({ rateLimit: { limit: 3, windowMs: 300 } })
    const server = await sandbox.listen()
    try {
      const manager = new TrutoToolManager({ apiKey: sandbox.apiKey, baseUrl: server.url })
      const tools = await manager.getTools(sandbox.accounts.gumloop, { methods: ['list'] })
      const agents = tools.find((t) => t.name === 'list_all_gumloop_agents')!
      const messages = await Promise.all(
        Array.from({ length: 8 }, (_, i) => agents.invoke(toolCall(agents.name, {}, `c${i}`))),
      )
      expect(messages.every((m) => m.status === 'success')).toBe(true)
    } finally {
      await server.close()
    }
  })
})
