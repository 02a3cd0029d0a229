import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { expect, test } from 'vitest'
import { client } from './helpers.js'

test('the seeded accounts have clear ids', () => {
  expect(createSandbox().accounts).toEqual({
    octapipe: 'acct_octapipe_1',
    gumloop: 'acct_gumloop_1',
    happyfox: 'acct_happyfox_1',
  })
})

test('seeded data is the same in every sandbox', () => {
  const a = createSandbox({ clock: 'manual' })
  const b = createSandbox({ clock: 'manual' })
  expect(b.state).toEqual(a.state)
  expect(a.state.octapipe.cards).toHaveLength(46)
})

test('a custom api key is the only one accepted', async () => {
  const sandbox = createSandbox({ apiKey: 'secret' })
  const { status } = await client(sandbox).get('/proxy/agents', {
    integrated_account_id: sandbox.accounts.gumloop,
  })
  const wrong = await sandbox.fetch(
    `/proxy/agents?integrated_account_id=${sandbox.accounts.gumloop}`,
    {
      headers: { authorization: 'Bearer sandbox-api-key' },
    },
  )
  expect(status).toBe(200)
  expect(wrong.status).toBe(401)
})

test('seed: false starts the accounts empty', () => {
  const sandbox = createSandbox({ seed: false })
  expect(sandbox.state.happyfox.tickets).toEqual([])
  expect(sandbox.tools.happyfox.length).toBeGreaterThan(0)
})

test('seeded records can be added through state', async () => {
  const sandbox = createSandbox({ seed: false })
  sandbox.state.gumloop.workspaces.push({
    id: 'ws_1',
    name: 'Mine',
    created_at: '2025-01-01T00:00:00.000Z',
  })
  const { json } = await client(sandbox).get('/proxy/workspaces', {
    integrated_account_id: sandbox.accounts.gumloop,
  })
  expect(json.result).toEqual([
    { id: 'ws_1', name: 'Mine', created_at: '2025-01-01T00:00:00.000Z' },
  ])
})

test('reset() restores the seed and empties the log', async () => {
  const sandbox = createSandbox({ clock: 'manual' })
  const seeded = structuredClone(sandbox.state)
  sandbox.state.octapipe.cards.length = 0
  await sandbox.fetch('/proxy/agents')
  sandbox.reset()
  expect(sandbox.state).toEqual(seeded)
  expect(sandbox.requests).toHaveLength(0)
})

test('the manual clock starts at a fixed instant and moves only when told', () => {
  const sandbox = createSandbox({ clock: 'manual' })
  const start = sandbox.clock.now()
  sandbox.clock.advance(1_500)
  expect(new Date(start).toISOString()).toBe('2025-06-02T09:00:00.000Z')
  expect(sandbox.clock.now()).toBe(start + 1_500)
  expect(() => sandbox.clock.set(start)).toThrow(RangeError)
})

test('seeded times follow startTime', () => {
  const startTime = new Date('2030-01-01T12:00:00Z')
  const sandbox = createSandbox({ clock: 'manual', startTime })
  const newest = sandbox.state.happyfox.tickets.find((t) => t.id === 5012)
  expect(newest?.created_at).toBe('2030-01-01T11:53:00.000Z')
})

test('the real clock ticks and can be advanced', async () => {
  const sandbox = createSandbox({ startTime: 0 })
  sandbox.clock.advance(60_000)
  expect(sandbox.clock.now()).toBeGreaterThanOrEqual(60_000)
  expect(sandbox.clock.now()).toBeLessThan(70_000)
})

test('bad options throw naming the option', () => {
  expect(() => createSandbox({ rateLimit: { limit: 0, windowMs: 1000 } })).toThrow(
    '`rateLimit.limit`',
  )
  expect(() => createSandbox({ apiKey: '' })).toThrow('`apiKey`')
  expect(() => createSandbox({ artifactUrlTtlMs: -1 })).toThrow('`artifactUrlTtlMs`')
})
