import { createClient } from 'redis'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createRedisRateLimitStore } from 'truto-langchainjs-toolset/redis'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { tieredTruto } from '../helpers/tiered-truto.js'
import {
  MISSING_REDIS,
  type RedisServer,
  redisServerBinary,
  requireRedisUnderCi,
  startRedis,
} from './redis-server.js'

requireRedisUnderCi()
if (!redisServerBinary) console.warn(MISSING_REDIS)

const token = (n: number) => ({ key: 'token:00ff', limit: n, windowMs: 10_000 })
const account = (id: string, n: number) => ({
  key: `account:token:00ff:${id}`,
  limit: n,
  windowMs: 10_000,
})

// each test has keys of its own prefix: the ones that wait can wait side by side
describe.skipIf(!redisServerBinary).concurrent("Truto's tiers in Redis", () => {
  let redis: RedisServer
  let admin: ReturnType<typeof createClient>
  const stores: { close(): Promise<void> }[] = []
  const store = (keyPrefix = `t${stores.length}:`) => {
    const created = createRedisRateLimitStore({ url: redis.url, keyPrefix, timeoutMs: 500 })
    stores.push(created)
    return created
  }

  beforeAll(async () => {
    redis = await startRedis()
    admin = createClient({ url: redis.url })
    await admin.connect()
  })

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()))
    admin?.destroy()
    await redis?.kill()
  })

  test('workers share a tier: what one took, the other cannot', async () => {
    const [a, b] = [
      store('share:'),
      createRedisRateLimitStore({ url: redis.url, keyPrefix: 'share:' }),
    ]
    stores.push(b)

    const first = await a.takeTiers([token(5)], 3)
    const second = await b.takeTiers([token(5)], 4)

    expect(first.granted).toBe(3)
    expect(second.granted).toBe(2)
    expect(second.waitMs).toBeGreaterThan(9_000)
  })

  test('both tiers are taken at once or not at all', async () => {
    const s = store('both:')

    const full = await s.takeTiers([token(10), account('x', 2)], 2)
    const refused = await s.takeTiers([token(10), account('x', 2)], 3)
    const rest = await s.takeTiers([token(10)], 10)

    expect([full.granted, refused.granted, rest.granted]).toEqual([2, 0, 8])
    expect(refused.tightest).toBe('account:token:00ff:x')
  })

  test('a tier closed by one worker holds the others until it opens', async () => {
    const s = store('closed:')
    const other = createRedisRateLimitStore({ url: redis.url, keyPrefix: 'closed:' })
    stores.push(other)

    await s.closeTier('token:00ff', 400)
    const held = await other.takeTiers([token(100)], 1)
    await new Promise((resolve) => setTimeout(resolve, 450))
    const open = await other.takeTiers([token(100)], 1)

    expect(held.granted).toBe(0)
    expect(held.waitMs).toBeGreaterThan(0)
    expect(open.granted).toBe(1)
  })

  test('a poisoned log (sends scored in the future) is dropped, not waited on for a year', async () => {
    const s = store('poison:')
    const log = 'poison:{token:00ff}:tier:token:00ff'
    const year = Date.now() + 365 * 24 * 3_600_000
    await admin.zAdd(
      log,
      [1, 2, 3].map((n) => ({ score: year, value: `bad${n}` })),
    )

    const grant = await s.takeTiers([token(3)], 1)

    expect(grant.granted).toBe(1)
  })

  test('a poisoned closure (a day long) holds the tier for two windows at most', async () => {
    const s = store('shut:')
    const closed = 'shut:{token:00ff}:tier:token:00ff:closed'
    await admin.set(closed, '1', { PX: 86_400_000 })
    const short = { key: 'token:00ff', limit: 5, windowMs: 200 }

    const held = await s.takeTiers([short], 1)
    await new Promise((resolve) => setTimeout(resolve, 450))
    const open = await s.takeTiers([short], 1)

    expect(held).toMatchObject({ granted: 0, waitMs: expect.any(Number) })
    expect(held.waitMs).toBeLessThanOrEqual(400)
    expect(open.granted).toBe(1)
  })

  // alone: with 200 ms windows, the other tests' work delays sends enough to cross a window
  test.sequential('two processes on one account through the shared store: no request refused, no token in a key', async () => {
    const truto = tieredTruto(1000, 10, 200)
    const apiKey = 'tiers-secret-api-token-0123456789'
    const workers = [0, 1].map(
      () =>
        new TrutoToolManager({
          apiKey,
          baseUrl: 'https://tiers.truto.test',
          fetch: truto.fetch,
          rateLimitStore: store('procs:'),
          trutoLimits: { perAccount: { limit: 10, windowMs: 200 } },
        }),
    )

    const results = await Promise.all(
      workers.map(async (manager) => {
        const [tool] = await manager.getTools('acct_shared')
        if (!tool) throw new Error('no tool')
        return Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            tool.invoke({ type: 'tool_call', id: `c${i}`, name: tool.name, args: {} }),
          ),
        )
      }),
    )

    expect(results.flat().every((m) => m.status === 'success')).toBe(true)
    expect(truto.stats.rejected).toBe(0)
    const keys = await admin.keys('procs:*')
    expect(keys.some((key) => key.includes(':tier:account:'))).toBe(true)
    expect(keys.join(' ')).not.toContain(apiKey)
  })
})
