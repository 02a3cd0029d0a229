import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createRedactor } from '../../src/safety/redactor.js'
import { CallDeadline, deadlineOf } from '../../src/transport/call-deadline.js'
import { createClient } from '../../src/transport/client.js'
import { RateLimitGate } from '../../src/transport/rate-limit-gate.js'
import { DEFAULT_RETRY } from '../../src/transport/retry-options.js'
import { sendWithRetries } from '../../src/transport/send-with-retries.js'

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

const never = new Promise<never>(() => {})

test('a call and its request share one timer, gone once the call is done', () => {
  const deadline = new CallDeadline(120_000)
  deadline.startRequest(30_000)
  deadline.endRequest()
  deadline.startRequest(30_000)

  expect(vi.getTimerCount()).toBe(1)
  deadline.dispose()
  expect(vi.getTimerCount()).toBe(0)
})

test('a request that runs out of its own time ends; the call goes on with a fresh signal', async () => {
  const deadline = new CallDeadline(120_000)
  const first = deadline.startRequest(50)
  const raced = deadline.race(never).catch((error: unknown) => error)

  await vi.advanceTimersByTimeAsync(50)

  expect(await raced).toMatchObject({ name: 'TimeoutError' })
  expect(first.aborted).toBe(true)
  expect(deadline.requestExpired()).toBe(true)
  expect(deadline.aborted).toBe(false)
  deadline.endRequest()
  const next = deadline.startRequest(50)
  expect(next).not.toBe(first)
  expect(next.aborted).toBe(false)
  expect(deadlineOf(next)).toBe(deadline)
  deadline.dispose()
})

test('the whole call ends at totalTimeoutMs, during a request or a wait', async () => {
  const deadline = new CallDeadline(100)
  const signal = deadline.startRequest(30_000)
  const raced = deadline.race(never).catch((error: unknown) => error)

  await vi.advanceTimersByTimeAsync(100)

  expect(await raced).toMatchObject({ name: 'TimeoutError' })
  expect(signal.aborted).toBe(true)
  expect(deadline.expired()).toBe(true)
  expect(deadline.aborted).toBe(true)
  expect(deadline.signal.aborted).toBe(true)
  deadline.dispose()
})

test('the caller’s abort ends the call with the caller’s reason, and its listener is removed', async () => {
  const caller = new AbortController()
  const remove = vi.spyOn(caller.signal, 'removeEventListener')
  const deadline = new CallDeadline(120_000, caller.signal)
  deadline.startRequest(30_000)
  const raced = deadline.race(never).catch((error: unknown) => error)

  caller.abort('stop')

  expect(await raced).toBe('stop')
  expect(deadline.aborted).toBe(true)
  expect(deadline.signal.reason).toBe('stop')
  deadline.dispose()
  expect(remove).toHaveBeenCalledTimes(1)
})

test('a caller already aborted ends the call before anything is sent', async () => {
  const deadline = new CallDeadline(120_000, AbortSignal.abort('gone'))

  expect(deadline.aborted).toBe(true)
  await expect(deadline.race(Promise.resolve(1))).rejects.toBe('gone')
  expect(vi.getTimerCount()).toBe(0)
  deadline.dispose()
})

test('a safe call whose first request hangs is retried with a live signal, and succeeds', async () => {
  const signals: AbortSignal[] = []
  const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.signal) signals.push(init.signal)
    return signals.length === 1 ? never : Response.json({ ok: true })
  }
  const client = createClient({
    apiKey: 'sk_test_deadline_token',
    baseUrl: 'https://truto.test',
    timeoutMs: 50,
    fetch,
    redactor: createRedactor(['sk_test_deadline_token']),
  })
  const request = { method: 'GET', path: '/proxy/cards', query: {} } as const

  const pending = sendWithRetries((signal) => client.send(request, signal), {
    idempotent: true,
    gate: new RateLimitGate(),
    backoff: { ...DEFAULT_RETRY, maxRetries: 1 },
  })
  await vi.advanceTimersByTimeAsync(2_000)
  const response = await pending

  expect(response.status).toBe(200)
  expect(await response.json()).toEqual({ ok: true })
  expect(signals).toHaveLength(2)
  expect(signals[0]?.aborted).toBe(true)
  expect(signals[1]?.aborted).toBe(false)
  expect(vi.getTimerCount()).toBe(0)
})
