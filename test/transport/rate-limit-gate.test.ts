import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { RateLimitGate } from '../../src/transport/rate-limit-gate.js'
import { DEFAULT_RETRY, type RetryContext } from '../../src/transport/retry-options.js'
import { sendWithRetries } from '../../src/transport/send-with-retries.js'
import { answer, fakeSend, windowedApi } from './fake-send.js'

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

const through = (
  gate: RateLimitGate,
  send: (signal?: AbortSignal) => Promise<Response>,
  extra: {
    signal?: AbortSignal
    onWait?: (context: RetryContext) => void
    maxRetryWaitMs?: number
  } = {},
) =>
  sendWithRetries(send, {
    idempotent: true,
    gate,
    backoff: { ...DEFAULT_RETRY, maxRetryWaitMs: extra.maxRetryWaitMs ?? 60_000 },
    signal: extra.signal,
    onWait: extra.onWait,
  })

test('10 concurrent calls against one 429 cost one wasted request', async () => {
  const gate = new RateLimitGate()
  const { send, sentAt } = fakeSend((n) =>
    n === 0 ? answer(429, { 'ratelimit-reset': '2', 'ratelimit-limit': '50' }) : answer(200),
  )

  const calls = Array.from({ length: 10 }, () => through(gate, send))
  await vi.advanceTimersByTimeAsync(1900)
  expect(sentAt).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(200)
  const responses = await Promise.all(calls)

  expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200))
  expect(sentAt).toHaveLength(11)
})

test('calls that start after ratelimit-remaining: 0 wait for the reset', async () => {
  const gate = new RateLimitGate()
  const exhausted = { 'ratelimit-limit': '5', 'ratelimit-remaining': '0', 'ratelimit-reset': '3' }
  const { send, sentAt } = fakeSend((n) => (n === 0 ? answer(200, exhausted) : answer(200)))
  await through(gate, send)

  const later = Promise.all([through(gate, send), through(gate, send)])
  await vi.advanceTimersByTimeAsync(2900)
  expect(sentAt).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(200)

  await later
  expect(sentAt).toHaveLength(3)
})

test('hands out no more than the window allows', async () => {
  const gate = new RateLimitGate()
  const api = windowedApi(3)

  const calls = Promise.all(Array.from({ length: 7 }, () => through(gate, api.send)))
  await vi.advanceTimersByTimeAsync(2100)
  await calls

  const start = api.sentAt[0] ?? 0
  expect(api.sentAt.map((at) => Math.floor((at - start) / 1000))).toEqual([0, 0, 0, 1, 1, 1, 2])
  expect(api.refused()).toBe(0)
})

test('a single probe learns the limit before the rest go out', async () => {
  const gate = new RateLimitGate()
  const api = windowedApi(20)

  const calls = Promise.all(Array.from({ length: 60 }, () => through(gate, api.send)))
  await vi.advanceTimersByTimeAsync(3100)
  await calls

  expect(api.sentAt).toHaveLength(60)
  expect(api.refused()).toBe(0)
})

test('answers without rate-limit headers leave calls unthrottled', async () => {
  const gate = new RateLimitGate()
  let inFlight = 0
  let peak = 0
  const send = async () => {
    peak = Math.max(peak, ++inFlight)
    await new Promise((resolve) => setTimeout(resolve, 10))
    inFlight--
    return answer(200)
  }
  const probe = through(gate, send)
  await vi.advanceTimersByTimeAsync(10)
  await probe

  const calls = Promise.all(Array.from({ length: 8 }, () => through(gate, send)))
  await vi.advanceTimersByTimeAsync(10)
  await calls

  expect(peak).toBe(8)
})

test('a shared wait past maxRetryWaitMs fails at once without sending', async () => {
  const gate = new RateLimitGate()
  const { send, sentAt } = fakeSend((n) =>
    n === 0 ? answer(200, { 'ratelimit-remaining': '0', 'ratelimit-reset': '600' }) : answer(200),
  )
  await through(gate, send)

  const error = await through(gate, send, { maxRetryWaitMs: 60_000 }).catch((e: unknown) => e)

  expect(error).toMatchObject({ name: 'TrutoRateLimitError', retryAfterMs: 600_000 })
  expect(sentAt).toHaveLength(1)
})

test('a shared wait is reported to onWait', async () => {
  const gate = new RateLimitGate()
  const onWait = vi.fn()
  const { send } = fakeSend((n) =>
    n === 0 ? answer(200, { 'ratelimit-remaining': '0', 'ratelimit-reset': '4' }) : answer(200),
  )
  await through(gate, send)

  const later = through(gate, send, { onWait })
  await vi.advanceTimersByTimeAsync(4000)
  await later

  expect(onWait).toHaveBeenCalledExactlyOnceWith({
    attemptNumber: 0,
    retriesLeft: 4,
    waitMs: 4000,
    reason: 'rate-limited',
    tier: 'provider',
    shared: true,
  })
})

test('abort while queued at the gate rejects and leaves no timer', async () => {
  const gate = new RateLimitGate()
  const controller = new AbortController()
  const { send } = fakeSend((n) =>
    n === 0 ? answer(200, { 'ratelimit-remaining': '0', 'ratelimit-reset': '30' }) : answer(200),
  )
  await through(gate, send)

  const queued = through(gate, send, { signal: controller.signal }).catch((e: unknown) => e)
  await vi.advanceTimersByTimeAsync(10)
  controller.abort()

  expect(await queued).toMatchObject({ name: 'TrutoRequestError', reason: 'aborted' })
  expect(vi.getTimerCount()).toBe(0)
})

test('ignores late answers from a window that has reset', async () => {
  const gate = new RateLimitGate()
  const window = (remaining: number) =>
    new Headers({
      'ratelimit-limit': '2',
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': '1',
    })
  ;(await gate.wait()).observe(200, window(1))
  const late = await gate.wait()
  await vi.advanceTimersByTimeAsync(1000)

  late.observe(200, window(0))

  expect(gate.blockedForMs()).toBe(0)
  await expect(Promise.all([gate.wait(), gate.wait()])).resolves.toHaveLength(2)
})

test('a caller behind budget that calls in flight already hold is told the wait to the reset', async () => {
  const gate = new RateLimitGate()
  const headers = new Headers({
    'ratelimit-limit': '3',
    'ratelimit-remaining': '2',
    'ratelimit-reset': '1',
  })
  ;(await gate.wait()).observe(200, headers)
  expect(gate.blockedForMs()).toBe(0)

  await Promise.all([gate.wait(), gate.wait()])

  expect(gate.blockedForMs()).toBe(1000)
})

test('a call queued longer than maxRetryWaitMs is told when to retry instead of sleeping on', async () => {
  const gate = new RateLimitGate()
  const api = windowedApi(1)

  type Outcome = { ok: boolean; at: number; error?: { name: string; retryAfterMs: number } }
  const settled = Array.from({ length: 4 }, () =>
    through(gate, api.send, { maxRetryWaitMs: 1500 }).then(
      (): Outcome => ({ ok: true, at: Date.now() }),
      (error): Outcome => ({ ok: false, at: Date.now(), error }),
    ),
  )
  const start = Date.now()
  await vi.advanceTimersByTimeAsync(5000)
  const results = await Promise.all(settled)

  // one request per window: two fit within 1.5 s, the other two give up at 1.5 s
  expect(results.filter((r) => r.ok)).toHaveLength(2)
  for (const r of results.filter((r) => !r.ok)) {
    expect(r.at - start).toBe(1500)
    expect(r.error).toMatchObject({ name: 'TrutoRateLimitError' })
    expect(r.error?.retryAfterMs).toBeGreaterThan(0)
  }
  expect(api.refused()).toBe(0)
})

test('a retry goes to the front of the queue: it has waited its turn once already', async () => {
  const gate = new RateLimitGate()
  const served: string[] = []
  ;(await gate.wait()).observe(
    200,
    new Headers({ 'ratelimit-limit': '1', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' }),
  )
  const queued = [
    gate.wait().then(() => served.push('earlier caller')),
    gate.wait({ first: true }).then(() => served.push('retry')),
  ]

  await vi.advanceTimersByTimeAsync(1000)

  await Promise.race(queued)
  expect(served[0]).toBe('retry')
})

test('waiting behind a slow first request is not a rate limit: no timeout, however long', async () => {
  const gate = new RateLimitGate()
  const slow = async () => {
    await new Promise((resolve) => setTimeout(resolve, 3000))
    return answer(200)
  }
  const calls = [slow, slow].map((send) =>
    through(gate, send, { maxRetryWaitMs: 500 }).then((response) => response.status),
  )

  await vi.advanceTimersByTimeAsync(6000)

  await expect(Promise.all(calls)).resolves.toEqual([200, 200])
})
