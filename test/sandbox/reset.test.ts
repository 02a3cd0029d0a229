import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { expect, test } from 'vitest'
import { client } from './helpers.js'

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// each test has its own sandbox, so the two that wait out a window can wait side by side
test.concurrent('a manager reused across reset() gets no 429 from a fresh budget', async () => {
  const sandbox = createSandbox({ rateLimit: { limit: 5, windowMs: 1_000 } })
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
  })
  const tools = await manager.getTools(sandbox.accounts.octapipe)
  const list = tools.find((tool) => tool.name === 'list_all_octapipe_pipelines')
  if (!list) throw new Error('the sandbox serves list_all_octapipe_pipelines')
  const calls = (n: number) => Promise.all(Array.from({ length: n }, () => list.invoke({})))

  // one test: the manager's gate learns the window (3 left, its end) from the answers
  sandbox.reset()
  await calls(2)
  await pause(300)
  // the next test, mid-window: the gate still spends what it learnt, then the limit at its reset
  sandbox.reset()
  await calls(8)
  expect(sandbox.requests.map((request) => request.status)).toEqual(Array(8).fill(200))
})

test.concurrent('reset() gives the whole budget back and keeps the end of the window', async () => {
  const sandbox = createSandbox({ clock: 'manual', rateLimit: { limit: 3, windowMs: 10_000 } })
  const api = client(sandbox)
  const query = { integrated_account_id: sandbox.accounts.octapipe }
  for (let i = 0; i < 4; i++) await api.get('/proxy/pipelines', query)
  sandbox.clock.advance(4_000)
  sandbox.reset()
  const after = await api.get('/proxy/pipelines', query)
  expect(after.status).toBe(200)
  expect(after.headers.get('ratelimit-remaining')).toBe('2')
  expect(after.headers.get('ratelimit-reset')).toBe('6')
  for (let i = 0; i < 2; i++) await api.get('/proxy/pipelines', query)
  expect((await api.get('/proxy/pipelines', query)).status).toBe(429)
  sandbox.clock.advance(6_000)
  const next = await api.get('/proxy/pipelines', query)
  expect(next.headers.get('ratelimit-remaining')).toBe('2')
  expect(next.headers.get('ratelimit-reset')).toBe('10')
})

test.concurrent('after reset() a fresh manager gets no 429 either', async () => {
  const sandbox = createSandbox({ rateLimit: { limit: 5, windowMs: 1_000 } })
  const api = client(sandbox)
  for (let i = 0; i < 6; i++)
    await api.get('/proxy/pipelines', { integrated_account_id: sandbox.accounts.octapipe })
  sandbox.reset()
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
  })
  const tools = await manager.getTools(sandbox.accounts.octapipe)
  const list = tools.find((tool) => tool.name === 'list_all_octapipe_pipelines')
  await Promise.all(Array.from({ length: 4 }, () => list?.invoke({})))
  // two pages of definitions, then the four calls, each sent once
  expect(sandbox.requests.map((request) => request.status)).toEqual(Array(6).fill(200))
})
