import { getEventListeners } from 'node:events'
import { delay, HttpResponse } from 'msw'
import type { TrutoToolManagerOptions } from 'truto-langchainjs-toolset'
import { describe, expect, test, vi } from 'vitest'
import { ACCOUNT_ID, definition, testManager, toolCall, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()

async function loadTool(options: Partial<TrutoToolManagerOptions> = {}, overrides = {}) {
  api.definitions([definition(overrides)])
  const manager = testManager({ ...options })
  const [tool] = await manager.getTools()
  return tool!
}

const tooMany = (headers: Record<string, string>) =>
  HttpResponse.json(
    { statusCode: 429, error: 'Too Many Requests', message: 'slow down' },
    { status: 429, headers },
  )

// answers 429 to the first `failures` proxy calls, then 200
const failFirst = (failures: number, respond: () => Response) => {
  let seen = 0
  api.reply(() =>
    seen++ < failures ? respond() : HttpResponse.json({ result: [], next_cursor: null }),
  )
}

describe('rate limits', () => {
  test('a 429 waits what ratelimit-reset says, then succeeds', async () => {
    failFirst(1, () =>
      tooMany({ 'ratelimit-limit': '10', 'ratelimit-remaining': '0', 'ratelimit-reset': '0.05' }),
    )
    const onRetry = vi.fn()
    const tool = await loadTool({ onRetry })
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.status).toBe('success')
    expect(api.proxyCalls).toHaveLength(2)
    expect(onRetry).toHaveBeenCalledWith(
      expect.objectContaining({ reason: 'rate-limited', status: 429, waitMs: 50 }),
    )
  })

  test('each wait is dispatched as a truto_rate_limited custom event', async () => {
    failFirst(1, () => tooMany({ 'retry-after': '0.02' }))
    const tool = await loadTool()
    const events: { name: string; data: Record<string, unknown> }[] = []
    await tool.invoke(toolCall(tool.name, {}), {
      callbacks: [
        {
          handleCustomEvent: (name: string, data: Record<string, unknown>) =>
            void events.push({ name, data }),
        },
      ],
    })
    expect(events).toEqual([
      {
        name: 'truto_rate_limited',
        data: expect.objectContaining({
          tool: tool.name,
          accountId: ACCOUNT_ID,
          attempt: 1,
          waitMs: 20,
          reason: 'rate-limited',
        }),
      },
    ])
  })

  test('a call queued behind a spent window reports its wait, though no 429 came', async () => {
    let sent = 0
    api.reply(() => {
      sent++
      const headers = {
        'ratelimit-limit': '2',
        'ratelimit-remaining': String(Math.max(0, 2 - sent)),
        'ratelimit-reset': '0.2',
      }
      return HttpResponse.json({ result: [], next_cursor: null }, { headers })
    })
    const tool = await loadTool()
    await tool.invoke(toolCall(tool.name, {}))
    const waits: Record<string, unknown>[] = []
    const callbacks = [
      { handleCustomEvent: (_: string, data: Record<string, unknown>) => void waits.push(data) },
    ]

    const messages = await Promise.all(
      [1, 2, 3].map(() => tool.invoke(toolCall(tool.name, {}), { callbacks })),
    )

    expect(messages.map((m) => m.status)).toEqual(['success', 'success', 'success'])
    expect(waits).toHaveLength(2)
    for (const wait of waits) {
      expect(wait).toMatchObject({ reason: 'rate-limited', shared: true })
      expect(wait.waitMs).toBeGreaterThan(0)
    }
  })

  test('a wait past maxRetryWaitMs tells the model when to retry, without sleeping', async () => {
    failFirst(1, () => tooMany({ 'ratelimit-reset': '120' }))
    const tool = await loadTool({ maxRetryWaitMs: 10_000 })
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.status).toBe('error')
    expect(message.content).toMatch(/rate limited by the app's API\. Retry after 120 s/)
    expect(api.proxyCalls).toHaveLength(1)
  })

  test('still limited after maxRetries, the model is told to retry later', async () => {
    failFirst(10, () => tooMany({ 'ratelimit-reset': '0.01' }))
    const tool = await loadTool({ maxRetries: 2 })
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.content).toMatch(/rate limited/)
    expect(api.proxyCalls).toHaveLength(3)
  })

  test("a run's long-lived signal keeps no listeners from finished calls", async () => {
    api.reply(() => HttpResponse.json({ result: [], next_cursor: null }))
    const tool = await loadTool()
    const run = new AbortController()

    for (let i = 0; i < 30; i++) await tool.invoke(toolCall(tool.name, {}), { signal: run.signal })

    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0)
  })

  test('aborting during a wait cancels the call', async () => {
    failFirst(1, () => tooMany({ 'ratelimit-reset': '30' }))
    const tool = await loadTool()
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 30)
    const message = await tool.invoke(toolCall(tool.name, {}), { signal: controller.signal })
    expect(message.status).toBe('error')
    expect(message.content).toMatch(/was cancelled/)
    expect(api.proxyCalls).toHaveLength(1)
  })

  test('concurrent calls of one account spend one request on a 429, not one each', async () => {
    failFirst(1, () =>
      tooMany({ 'ratelimit-limit': '10', 'ratelimit-remaining': '0', 'ratelimit-reset': '0.1' }),
    )
    const tool = await loadTool()
    const messages = await Promise.all(
      Array.from({ length: 8 }, (_, i) => tool.invoke(toolCall(tool.name, {}, `c${i}`))),
    )
    expect(messages.every((m) => m.status === 'success')).toBe(true)
    expect(api.proxyCalls).toHaveLength(9)
  })
})

describe('server errors', () => {
  test('a list is retried after a 502', async () => {
    failFirst(1, () =>
      HttpResponse.json(
        { statusCode: 502, message: 'busy' },
        { status: 502, headers: { 'retry-after': '0.01' } },
      ),
    )
    const tool = await loadTool()
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.status).toBe('success')
    expect(api.proxyCalls).toHaveLength(2)
  })

  test.each(['create', 'update', 'bulk_update'])(
    'a %s is never sent twice after a 502',
    async (method) => {
      failFirst(1, () =>
        HttpResponse.json(
          { statusCode: 502, message: 'busy' },
          { status: 502, headers: { 'retry-after': '0.01' } },
        ),
      )
      const tool = await loadTool({}, { method })
      const message = await tool.invoke(toolCall(tool.name, { id: 'r1' }))
      expect(message.content).toMatch(/HTTP 502.*outcome is unknown/)
      expect(api.proxyCalls).toHaveLength(1)
    },
  )

  test('a create is never sent twice after a network failure or a timeout', async () => {
    let calls = 0
    api.reply(async () => {
      calls++
      if (calls === 1) return HttpResponse.error()
      await delay(300)
      return HttpResponse.json({ id: 'r1' })
    })
    const tool = await loadTool({ timeoutMs: 100 }, { method: 'create' })
    const dropped = await tool.invoke(toolCall(tool.name, {}))
    expect(dropped.content).toMatch(/could not reach the API.*outcome is unknown/)
    const slow = await tool.invoke(toolCall(tool.name, {}, 'c2'))
    expect(slow.content).toMatch(/timed out.*outcome is unknown/)
    expect(calls).toBe(2)
  })

  test('a list is retried after a network failure', async () => {
    let calls = 0
    api.reply(() =>
      calls++ === 0 ? HttpResponse.error() : HttpResponse.json({ result: [], next_cursor: null }),
    )
    const tool = await loadTool()
    expect((await tool.invoke(toolCall(tool.name, {}))).status).toBe('success')
    expect(calls).toBe(2)
  })

  test('retryUnsafe opts in to repeating a create', async () => {
    failFirst(1, () =>
      HttpResponse.json(
        { statusCode: 502, message: 'busy' },
        { status: 502, headers: { 'retry-after': '0.01' } },
      ),
    )
    const tool = await loadTool({ retryUnsafe: true }, { method: 'create' })
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.status).toBe('success')
    expect(api.proxyCalls).toHaveLength(2)
  })

  test('the tools endpoint itself is retried after a 429', async () => {
    let seen = 0
    api.toolsReply(() =>
      seen++ === 0
        ? tooMany({ 'ratelimit-reset': '0.02' })
        : HttpResponse.json({ result: [definition()], next_cursor: null }),
    )
    const manager = testManager()
    await expect(manager.getTools()).resolves.toHaveLength(1)
    expect(api.calls).toHaveLength(2)
  })
})
