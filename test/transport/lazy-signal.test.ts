import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createRedactor } from '../../src/safety/redactor.js'
import { createClient } from '../../src/transport/client.js'
import { RateLimitGate } from '../../src/transport/rate-limit-gate.js'
import { DEFAULT_RETRY } from '../../src/transport/retry-options.js'
import { sendWithRetries } from '../../src/transport/send-with-retries.js'

// the signal of a proxy request is made when its fetch reads it: these are the promises that keeps

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

const TOKEN = 'sk_test_lazy_signal_token'
const never = new Promise<never>(() => {})
const request = { method: 'GET', path: '/proxy/cards', query: {} } as const

function callWith(
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>,
  options: { signal?: AbortSignal; maxRetries?: number } = {},
) {
  const client = createClient({
    apiKey: TOKEN,
    baseUrl: 'https://truto.test',
    timeoutMs: 50,
    fetch,
    redactor: createRedactor([TOKEN]),
  })
  return sendWithRetries(
    { withDeadline: (deadline) => client.send(request, deadline) },
    {
      idempotent: true,
      gate: new RateLimitGate(),
      backoff: { ...DEFAULT_RETRY, maxRetries: options.maxRetries ?? 1 },
      signal: options.signal,
    },
  )
}

describe('a request’s signal, made when its fetch asks for it', () => {
  test('a fetch that never reads it still times out, and the retry is sent', async () => {
    const inits: RequestInit[] = []
    const pending = callWith(async (_input, init) => {
      inits.push(init ?? {})
      return inits.length === 1 ? never : Response.json({ ok: true })
    })
    await vi.advanceTimersByTimeAsync(2_000)

    expect((await pending).status).toBe(200)
    expect(inits).toHaveLength(2)
    // asked for only now: the request that timed out has an aborted signal, the retry a live one
    expect(inits[0]?.signal?.aborted).toBe(true)
    expect(inits[0]?.signal?.reason).toMatchObject({ name: 'TimeoutError' })
    expect(inits[1]?.signal?.aborted).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })

  test('a fetch that reads it at once sees it abort at the timeout', async () => {
    const signals: AbortSignal[] = []
    const pending = callWith(
      async (_input, init) => {
        if (init?.signal) signals.push(init.signal)
        return never
      },
      { maxRetries: 0 },
    ).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(60)

    expect(await pending).toMatchObject({ name: 'TrutoRequestError', reason: 'timeout' })
    expect(signals).toHaveLength(1)
    expect(signals[0]?.aborted).toBe(true)
  })

  test('the caller’s abort reaches a signal read before it, and one read after it', async () => {
    const caller = new AbortController()
    const inits: RequestInit[] = []
    const early: AbortSignal[] = []
    const pending = callWith(
      async (_input, init) => {
        inits.push(init ?? {})
        if (init?.signal) early.push(init.signal)
        return never
      },
      { signal: caller.signal },
    ).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(10)
    caller.abort('stop')

    expect(await pending).toMatchObject({ name: 'TrutoRequestError', reason: 'aborted' })
    expect(early[0]?.aborted).toBe(true)
    expect(early[0]?.reason).toBe('stop')
    expect(inits[0]?.signal?.aborted).toBe(true)
  })

  test('a Request made from the init carries the signal', async () => {
    const seen: Request[] = []
    const pending = callWith(
      async (input, init) => {
        seen.push(new Request(input, init))
        return never
      },
      { maxRetries: 0 },
    ).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(60)

    await pending
    expect(seen[0]?.signal.aborted).toBe(true)
  })
})
