import type {
  RateLimitAnswer,
  RateLimitReservation,
  RateLimitStore,
  RateLimitWindow,
} from 'truto-langchainjs-toolset'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { afterEach, describe, expect, test, vi } from 'vitest'
import {
  GuardedRateLimitStore,
  STORE_RETRY_MS,
} from '../../src/transport/guarded-rate-limit-store.js'
import { MemoryRateLimitStore } from '../../src/transport/memory-rate-limit-store.js'
import { RateLimitGate } from '../../src/transport/rate-limit-gate.js'
import { DEFAULT_RETRY } from '../../src/transport/retry-options.js'
import { sendWithRetries } from '../../src/transport/send-with-retries.js'
import { windowedApi } from './fake-send.js'

afterEach(() => {
  vi.useRealTimers()
})

const ok = (limit: number, remaining: number, resetInMs: number): RateLimitAnswer => ({
  status: 200,
  limit,
  remaining,
  resetInMs,
})

describe('the in-memory store', () => {
  test('lets one request probe until an answer tells the limit, then hands out what is left', () => {
    const store = new MemoryRateLimitStore({ now: () => 0 })

    expect(store.reserve('a', ['1', '2', '3']).granted).toBe(1)
    expect(store.reserve('a', ['4']).granted).toBe(0)
    store.settle('a', '1', ok(3, 2, 1000))

    const { granted, window } = store.reserve('a', ['5', '6', '7'])
    expect(granted).toBe(2)
    expect(window).toEqual({ limit: 3, remaining: 2, resetInMs: 1000, inFlight: 2, open: false })
  })

  test('a 429 holds every caller until its reset, then the window starts afresh', () => {
    let now = 0
    const store = new MemoryRateLimitStore({ now: () => now })
    store.reserve('a', ['1'])
    store.settle('a', '1', ok(5, 4, 1000))
    store.reserve('a', ['2'])

    const window = store.settle('a', '2', { status: 429, limit: 5, remaining: 0, resetInMs: 3000 })

    expect(window).toMatchObject({ remaining: 0, resetInMs: 3000 })
    expect(store.reserve('a', ['3']).granted).toBe(0)
    now = 3000
    expect(store.reserve('a', ['4', '5', '6', '7', '8', '9']).granted).toBe(5)
  })

  test('answers to slots of a window that reset teach nothing', () => {
    let now = 0
    const store = new MemoryRateLimitStore({ now: () => now })
    store.reserve('a', ['1'])
    store.settle('a', '1', ok(2, 1, 1000))
    store.reserve('a', ['late'])
    now = 1000

    const window = store.settle('a', 'late', ok(2, 0, 1))

    expect(window).toEqual({
      limit: 2,
      remaining: 2,
      resetInMs: undefined,
      inFlight: 0,
      open: false,
    })
  })

  test('answers without rate-limit headers open the window', () => {
    const store = new MemoryRateLimitStore({ now: () => 0 })
    store.reserve('a', ['1'])
    store.settle('a', '1', {
      status: 200,
      limit: undefined,
      remaining: undefined,
      resetInMs: undefined,
    })

    expect(store.reserve('a', ['2', '3', '4']).granted).toBe(3)
  })
})

/** One store seen by several gates as processes see Redis: asynchronously, and blind to each other. */
function sharedStore(store = new MemoryRateLimitStore()) {
  const calls: { op: 'reserve' | 'settle'; account: string; slots: readonly string[] }[] = []
  const remote: RateLimitStore & { closed: number } = {
    closed: 0,
    async reserve(account, slots) {
      calls.push({ op: 'reserve', account, slots })
      return store.reserve(account, slots)
    },
    async settle(account, slot, answer) {
      calls.push({ op: 'settle', account, slots: [slot] })
      return store.settle(account, slot, answer)
    },
    close() {
      remote.closed++
    },
  }
  return { remote, calls }
}

const through = (gate: RateLimitGate, send: (signal?: AbortSignal) => Promise<Response>) =>
  sendWithRetries(send, {
    idempotent: true,
    gate,
    backoff: { ...DEFAULT_RETRY, maxRetryWaitMs: 60_000 },
  })

describe('gates sharing one store', () => {
  test('three gates, as three processes, keep one window between them', async () => {
    vi.useFakeTimers()
    const { remote } = sharedStore()
    const api = windowedApi(3)
    const gates = [1, 2, 3].map(
      () => new RateLimitGate({ store: remote, key: 'proxy:a', shared: true }),
    )

    const calls = Promise.all(
      gates.flatMap((gate) => Array.from({ length: 4 }, () => through(gate, api.send))),
    )
    await vi.advanceTimersByTimeAsync(5000)
    const responses = await calls

    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200))
    expect(api.refused()).toBe(0)
    const start = api.sentAt[0] ?? 0
    const perWindow = new Map<number, number>()
    for (const at of api.sentAt) {
      const window = Math.floor((at - start) / 1000)
      perWindow.set(window, (perWindow.get(window) ?? 0) + 1)
    }
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(3)
  })

  test('a 429 one gate sees holds the others until the reset', async () => {
    vi.useFakeTimers()
    const { remote } = sharedStore()
    const seen = new RateLimitGate({ store: remote, key: 'proxy:a', shared: true })
    const other = new RateLimitGate({ store: remote, key: 'proxy:a', shared: true })
    const first = await seen.wait()
    first.observe(429, new Headers({ 'retry-after': '2', 'ratelimit-limit': '10' }))
    await vi.advanceTimersByTimeAsync(0)

    const blocked = vi.fn()
    let granted = false
    void other.wait({ onBlocked: blocked }).then(() => {
      granted = true
    })
    await vi.advanceTimersByTimeAsync(1900)
    expect(granted).toBe(false)
    expect(blocked).toHaveBeenCalledOnce()
    await vi.advanceTimersByTimeAsync(200)
    expect(granted).toBe(true)
  })
})

describe('a store that fails', () => {
  const local = () => new MemoryRateLimitStore()

  test('that never answers: calls go on with the local gate after one warning', async () => {
    vi.useFakeTimers()
    const never: RateLimitStore = {
      reserve: () => new Promise<RateLimitReservation>(() => {}),
      settle: () => new Promise<RateLimitWindow>(() => {}),
    }
    const warnings: string[] = []
    const gate = new RateLimitGate({
      store: new GuardedRateLimitStore(never, local(), (m) => warnings.push(m)),
      shared: true,
    })
    const api = windowedApi(5)

    const calls = Promise.all(Array.from({ length: 8 }, () => through(gate, api.send)))
    await vi.advanceTimersByTimeAsync(3000)

    expect((await calls).map((r) => r.status)).toEqual(Array(8).fill(200))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/rate-limit store failed \(no answer within 50 ms\)/)
    expect(api.refused()).toBe(0)
  })

  test('that throws: the same, and it is asked again a second later and used once it answers', async () => {
    vi.useFakeTimers()
    const { remote, calls } = sharedStore()
    let broken = true
    const flaky: RateLimitStore = {
      reserve: (account, slots, leaseMs) =>
        broken
          ? Promise.reject(new Error('ECONNREFUSED'))
          : remote.reserve(account, slots, leaseMs),
      settle: (account, slot, answer) =>
        broken ? Promise.reject(new Error('ECONNREFUSED')) : remote.settle(account, slot, answer),
    }
    const warnings: string[] = []
    const gate = new RateLimitGate({
      store: new GuardedRateLimitStore(flaky, local(), (m) => warnings.push(m)),
      shared: true,
    })
    const api = windowedApi(50)

    await Promise.all(Array.from({ length: 3 }, () => through(gate, api.send)))
    broken = false
    await through(gate, api.send)
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(STORE_RETRY_MS)
    await through(gate, api.send)

    expect(calls.map((c) => c.op)).toEqual(['reserve', 'settle'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/ECONNREFUSED/)
  })

  test('a reservation that answers too late hands its slots straight back', async () => {
    vi.useFakeTimers()
    const store = new MemoryRateLimitStore()
    const handedBack: string[] = []
    const slow: RateLimitStore = {
      reserve: async (account, slots) => {
        await new Promise((resolve) => setTimeout(resolve, 200))
        return store.reserve(account, slots)
      },
      settle: async (account, slot, answer) => {
        if (!answer) handedBack.push(slot)
        return store.settle(account, slot, answer)
      },
    }
    const gate = new RateLimitGate({
      store: new GuardedRateLimitStore(slow, local(), () => {}),
      shared: true,
    })

    const permit = gate.wait()
    await vi.advanceTimersByTimeAsync(300)
    ;(await permit).release()

    expect(handedBack).toHaveLength(1)
    expect(store.peek('account').inFlight).toBe(0)
  })
})

describe('rateLimitStore', () => {
  test('a store that fails never makes an unsafe write go out twice', async () => {
    const sandbox = createSandbox()
    sandbox.faults.inject({ kind: '5xx', route: '/proxy/', method: 'POST', times: 1 })
    const failing: RateLimitStore = {
      reserve: () => Promise.reject(new Error('store down')),
      settle: () => Promise.reject(new Error('store down')),
    }
    const warnings: string[] = []
    const manager = new TrutoToolManager({
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.baseUrl,
      fetch: sandbox.fetch,
      rateLimitStore: failing,
      onWarning: (message) => warnings.push(message),
    })
    const [tool] = await manager.getTools(sandbox.accounts.gumloop, {
      include: ['create_a_gumloop_session'],
    })

    const message = await tool!.invoke({
      type: 'tool_call' as const,
      id: 'c1',
      name: tool!.name,
      args: { agent_id: 'agent_1' },
    })

    expect(message.status).toBe('error')
    expect(sandbox.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
    expect(warnings.filter((w) => /rate-limit store failed/.test(w))).toHaveLength(1)
  })

  test("the manager's calls take their slots from the given store, and close() closes it", async () => {
    const sandbox = createSandbox({ rateLimit: { limit: 10, windowMs: 1000 } })
    const { remote, calls } = sharedStore()
    const manager = new TrutoToolManager({
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.baseUrl,
      fetch: sandbox.fetch,
      rateLimitStore: remote,
    })
    const account = sandbox.accounts.gumloop
    const [tool] = await manager.getTools(account, { include: ['list_all_gumloop_agents'] })

    const message = await tool!.invoke({
      type: 'tool_call' as const,
      id: 'c1',
      name: tool!.name,
      args: {},
    })
    await manager.close()

    expect(message.status).toBe('success')
    expect(new Set(calls.map((c) => c.account))).toEqual(
      new Set([`tools:${account}`, `proxy:${account}`]),
    )
    expect(remote.closed).toBe(1)
  })
})

describe('a store that reports an absurd reset', () => {
  test('a reset past a day neither overflows a timer nor loops on the store', async () => {
    let reserves = 0
    const store: RateLimitStore = {
      reserve: () => {
        reserves++
        const window = { limit: 1, remaining: 0, resetInMs: 1e15, inFlight: 0, open: false }
        return { granted: 0, window }
      },
      settle: () => ({ limit: 1, remaining: 0, resetInMs: 1e15, inFlight: 0, open: false }),
    }
    const gate = new RateLimitGate({ store })

    const waiting = gate.wait({ signal: AbortSignal.timeout(200) }).catch((e: unknown) => e)
    await waiting

    expect(reserves).toBeLessThan(5)
    expect(gate.blockedForMs()).toBeLessThanOrEqual(24 * 60 * 60 * 1000)
  })
})
