import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { TrutoRateLimitError, TrutoRequestError } from '../../src/errors/errors.js'
import { RateLimitGate } from '../../src/transport/rate-limit-gate.js'
import {
  DEFAULT_RETRY,
  type RetryContext,
  type RetryOptions,
} from '../../src/transport/retry-options.js'
import { sendWithRetries } from '../../src/transport/send-with-retries.js'
import { answer, fakeSend, noAnswer } from './fake-send.js'

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const call = (
  send: (signal?: AbortSignal) => Promise<Response>,
  options: {
    idempotent?: boolean
    backoff?: Partial<RetryOptions>
    signal?: AbortSignal
    onWait?: (context: RetryContext) => void
  } = {},
) =>
  sendWithRetries(send, {
    idempotent: options.idempotent ?? true,
    gate: new RateLimitGate(),
    backoff: { ...DEFAULT_RETRY, ...options.backoff },
    signal: options.signal,
    onWait: options.onWait,
  })

test('waits ratelimit-reset after a 429', async () => {
  const { send, sentAt } = fakeSend((n) =>
    n === 0 ? answer(429, { 'ratelimit-reset': '3' }) : answer(200),
  )

  const result = call(send)
  await vi.advanceTimersByTimeAsync(2900)
  expect(sentAt).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(200)
  expect(sentAt).toHaveLength(2)

  expect((await result).status).toBe(200)
})

test('waits until a ratelimit-reset timestamp', async () => {
  const reset = String(Math.floor(Date.now() / 1000) + 5)
  const { send, sentAt } = fakeSend((n) =>
    n === 0 ? answer(429, { 'ratelimit-reset': reset }) : answer(200),
  )

  const result = call(send)
  const expected = Number(reset) * 1000 - Date.now()
  await vi.advanceTimersByTimeAsync(expected - 100)
  expect(sentAt).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(200)
  expect(sentAt).toHaveLength(2)

  await result
})

test('waits retry-after when ratelimit-reset is garbage', async () => {
  const headers = { 'ratelimit-reset': '-1', 'retry-after': '2' }
  const { send, sentAt } = fakeSend((n) => (n === 0 ? answer(429, headers) : answer(200)))

  const result = call(send)
  await vi.advanceTimersByTimeAsync(1900)
  expect(sentAt).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(200)
  expect(sentAt).toHaveLength(2)

  await result
})

test('backs off exponentially with jitter when no header says', async () => {
  vi.spyOn(Math, 'random').mockReturnValue(0.5)
  const { send, sentAt } = fakeSend((n) => (n < 2 ? answer(429) : answer(200)))

  const result = call(send)
  await vi.advanceTimersByTimeAsync(250 + 500) // half of 500, then half of 1000
  await result

  expect(sentAt.map((at) => at - (sentAt[0] ?? 0))).toEqual([0, 250, 750])
})

test('throws at once when the server asks for more than maxRetryWaitMs', async () => {
  const { send, sentAt } = fakeSend(() => answer(429, { 'ratelimit-reset': '120' }))

  const error = await call(send, { backoff: { maxRetryWaitMs: 60_000 } }).catch((e: unknown) => e)

  expect(error).toBeInstanceOf(TrutoRateLimitError)
  expect((error as TrutoRateLimitError).retryAfterMs).toBe(120_000)
  expect(sentAt).toHaveLength(1)
  expect(vi.getTimerCount()).toBe(0)
})

test('a 429 after the last retry throws TrutoRateLimitError', async () => {
  const { send, sentAt } = fakeSend(() => answer(429, { 'ratelimit-reset': '1' }))

  const result = call(send, { backoff: { maxRetries: 2 } }).catch((e: unknown) => e)
  await vi.advanceTimersByTimeAsync(5000)

  expect(await result).toMatchObject({ name: 'TrutoRateLimitError', retryAfterMs: 1000 })
  expect(sentAt).toHaveLength(3)
})

test('abort during a wait rejects at once as aborted', async () => {
  const controller = new AbortController()
  const { send } = fakeSend(() => answer(429, { 'retry-after': '30' }))

  const result = call(send, { signal: controller.signal }).catch((e: unknown) => e)
  await vi.advanceTimersByTimeAsync(1000)
  controller.abort()

  expect(await result).toMatchObject({ name: 'TrutoRequestError', reason: 'aborted' })
  expect(vi.getTimerCount()).toBe(0)
})

test('abort ends a real wait within 50 ms', async () => {
  vi.useRealTimers()
  const controller = new AbortController()
  const { send } = fakeSend(() => answer(429, { 'retry-after': '10' }))
  setTimeout(() => controller.abort(), 20)

  const started = Date.now()
  const error = await call(send, { signal: controller.signal }).catch((e: unknown) => e)

  expect(error).toBeInstanceOf(TrutoRequestError)
  expect(Date.now() - started).toBeLessThan(20 + 50)
})

test('retries a 5xx on a read', async () => {
  const { send, sentAt } = fakeSend((n) => (n === 0 ? answer(502) : answer(200)))

  const result = call(send, { idempotent: true })
  await vi.advanceTimersByTimeAsync(500)

  expect((await result).status).toBe(200)
  expect(sentAt).toHaveLength(2)
})

test('a 5xx waits retry-after, not the window reset', async () => {
  const headers = { 'ratelimit-reset': '40', 'retry-after': '2' }
  const { send, sentAt } = fakeSend((n) => (n === 0 ? answer(502, headers) : answer(200)))

  const result = call(send)
  await vi.advanceTimersByTimeAsync(1900)
  expect(sentAt).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(200)
  expect(sentAt).toHaveLength(2)

  await result
})

test('never sends a write twice after a 5xx', async () => {
  const { send, sentAt } = fakeSend(() => answer(502))

  const response = await call(send, { idempotent: false })

  expect(response.status).toBe(502)
  expect(sentAt).toHaveLength(1)
})

test.each(['timeout', 'network'] as const)(
  'never sends a write twice after a %s',
  async (reason) => {
    const { send, sentAt } = fakeSend(() => noAnswer(reason))

    const error = await call(send, { idempotent: false }).catch((e: unknown) => e)

    expect(error).toMatchObject({ name: 'TrutoRequestError', reason })
    expect(sentAt).toHaveLength(1)
  },
)

test('retryUnsafe repeats a write after a timeout', async () => {
  const { send, sentAt } = fakeSend((n) => (n === 0 ? noAnswer('timeout') : answer(201)))

  const result = call(send, { idempotent: false, backoff: { retryUnsafe: true } })
  await vi.advanceTimersByTimeAsync(500)

  expect((await result).status).toBe(201)
  expect(sentAt).toHaveLength(2)
})

test('a write is still retried after a 429', async () => {
  const { send, sentAt } = fakeSend((n) =>
    n === 0 ? answer(429, { 'retry-after': '1' }) : answer(201),
  )

  const result = call(send, { idempotent: false })
  await vi.advanceTimersByTimeAsync(1000)

  expect((await result).status).toBe(201)
  expect(sentAt).toHaveLength(2)
})

test('returns the last 5xx once retries are spent', async () => {
  const { send, sentAt } = fakeSend(() => answer(500))

  const result = call(send, { backoff: { maxRetries: 1 } })
  await vi.advanceTimersByTimeAsync(1000)

  expect((await result).status).toBe(500)
  expect(sentAt).toHaveLength(2)
})

test('rethrows the last network error once retries are spent', async () => {
  const { send, sentAt } = fakeSend(() => noAnswer('network'))

  const result = call(send, { backoff: { maxRetries: 2 } }).catch((e: unknown) => e)
  await vi.advanceTimersByTimeAsync(5000)

  expect(await result).toMatchObject({ reason: 'network' })
  expect(sentAt).toHaveLength(3)
})

test('onRetry and onWait see each wait', async () => {
  const onRetry = vi.fn()
  const onWait = vi.fn()
  const { send } = fakeSend((n) =>
    n === 0 ? answer(429, { 'ratelimit-reset': '2' }) : answer(200),
  )

  const result = call(send, { backoff: { onRetry, maxRetries: 3 }, onWait })
  await vi.advanceTimersByTimeAsync(2000)
  await result

  const expected = {
    attemptNumber: 1,
    retriesLeft: 3,
    waitMs: 2000,
    reason: 'rate-limited',
    status: 429,
    limitedBy: 'provider',
    tier: 'provider',
    shared: false,
  }
  expect(onRetry).toHaveBeenCalledExactlyOnceWith(expected)
  expect(onWait).toHaveBeenCalledExactlyOnceWith(expected)
  expect(Object.isFrozen(onRetry.mock.calls[0]?.[0])).toBe(true)
})

test('a network error is reported with its reason and no status', async () => {
  const onRetry = vi.fn()
  vi.spyOn(Math, 'random').mockReturnValue(0)
  const { send } = fakeSend((n) => (n === 0 ? noAnswer('network') : answer(200)))

  await call(send, { backoff: { onRetry } })

  expect(onRetry).toHaveBeenCalledWith({
    attemptNumber: 1,
    retriesLeft: 4,
    waitMs: 0,
    reason: 'network',
    shared: false,
  })
})
