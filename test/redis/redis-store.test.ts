import { createClient } from 'redis'
import { createRedisRateLimitStore } from 'truto-langchainjs-toolset/redis'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import {
  MISSING_REDIS,
  type RedisServer,
  redisServerBinary,
  requireRedisUnderCi,
  startRedis,
} from './redis-server.js'

// CI installs redis-server (.ci/run): there a missing binary fails the tests; elsewhere they skip
requireRedisUnderCi()
if (!redisServerBinary) console.warn(MISSING_REDIS)

const ok = (limit: number, remaining: number, resetInMs: number) => ({
  status: 200,
  limit,
  remaining,
  resetInMs,
})

describe.skipIf(!redisServerBinary)('the Redis rate-limit store', () => {
  let redis: RedisServer
  let admin: ReturnType<typeof createClient>
  const stores: { close(): Promise<void> }[] = []
  const store = (options: { keyPrefix?: string; keyTtlMs?: number } = {}) => {
    const created = createRedisRateLimitStore({ url: redis.url, ...options })
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

  test('connections of several workers share one window: one probe, then the limit', async () => {
    const [a, b] = [store(), store()]

    expect((await a.reserve('proxy:share', ['a1', 'a2', 'a3'], 5000)).granted).toBe(1)
    expect((await b.reserve('proxy:share', ['b1', 'b2'], 5000)).granted).toBe(0)
    await a.settle('proxy:share', 'a1', ok(4, 3, 1000))
    const reservation = await b.reserve('proxy:share', ['b3', 'b4', 'b5', 'b6', 'b7'], 5000)

    expect(reservation.granted).toBe(3)
    expect(reservation.window).toMatchObject({ limit: 4, remaining: 3, inFlight: 3, open: false })
  })

  test('a 429 settled through one worker holds every other until its reset', async () => {
    const [a, b] = [store(), store()]
    await a.reserve('proxy:429', ['a1'], 5000)
    await a.settle('proxy:429', 'a1', ok(10, 9, 1000))
    await a.reserve('proxy:429', ['a2'], 5000)

    await a.settle('proxy:429', 'a2', { status: 429, limit: 10, remaining: 0, resetInMs: 2000 })
    const reservation = await b.reserve('proxy:429', ['b1', 'b2'], 5000)

    expect(reservation.granted).toBe(0)
    expect(reservation.window.remaining).toBe(0)
    expect(reservation.window.resetInMs).toBeGreaterThan(1000)
    expect(reservation.window.resetInMs).toBeLessThanOrEqual(2000)
  })

  test('keys are namespaced per account and expire', async () => {
    const s = store({ keyPrefix: 'test:rl:', keyTtlMs: 60_000 })
    await s.reserve('proxy:acct-ttl', ['1'], 5000)
    await s.settle('proxy:acct-ttl', '1', ok(3, 2, 1000))
    await s.reserve('proxy:acct-ttl', ['2'], 5000)

    const keys = (await admin.keys('test:rl:*')).sort()
    expect(keys).toEqual(['test:rl:{proxy:acct-ttl}', 'test:rl:{proxy:acct-ttl}:slots'])
    for (const key of keys) {
      const ttl = await admin.pTTL(key)
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(60_000)
    }
  })

  test("windows run on the server's clock: a worker whose clock is an hour off changes nothing", async () => {
    const s = store()
    await s.reserve('proxy:clock', ['1'], 5000)
    const wrong = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 3_600_000)
    try {
      await s.settle('proxy:clock', '1', ok(3, 0, 1000))
    } finally {
      wrong.mockRestore()
    }

    const [seconds, micros] = (await admin.time()) as unknown as [string, string]
    const serverNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)
    const reset = Number(await admin.hGet('truto:rl:{proxy:clock}', 'reset'))
    expect(reset - serverNow).toBeGreaterThan(0)
    expect(reset - serverNow).toBeLessThanOrEqual(1000)
  })

  test('a slot whose lease ran out is free again, and its late answer teaches nothing', async () => {
    const [a, b] = [store(), store()]
    expect((await a.reserve('proxy:lease', ['dead'], 1)).granted).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 20))

    expect((await b.reserve('proxy:lease', ['b1'], 5000)).granted).toBe(1)
    const window = await a.settle('proxy:lease', 'dead', {
      status: 429,
      limit: 3,
      remaining: 0,
      resetInMs: 60_000,
    })

    expect(window).toMatchObject({ remaining: undefined, resetInMs: undefined, inFlight: 1 })
  })

  test('a server that forgot the script (restart, SCRIPT FLUSH) is given it again', async () => {
    const s = store()
    await s.reserve('proxy:flush', ['1'], 5000)
    await admin.scriptFlush()

    const window = await s.settle('proxy:flush', '1', ok(5, 4, 1000))

    expect(window).toMatchObject({ limit: 5, remaining: 4, inFlight: 0 })
  })

  test("with { client } the application's client is used, and close() leaves it open", async () => {
    const s = createRedisRateLimitStore({ client: admin })

    expect((await s.reserve('proxy:app-client', ['1'], 5000)).granted).toBe(1)
    await s.close()

    expect(admin.isOpen).toBe(true)
    expect(await admin.exists('truto:rl:{proxy:app-client}')).toBe(1)
  })

  test('close() closes the connection a store opened from its URL', async () => {
    const count = async () =>
      String(await admin.sendCommand(['CLIENT', 'LIST']))
        .split('\n')
        .filter(Boolean).length
    const before = await count()
    const s = createRedisRateLimitStore({ url: redis.url })
    await s.reserve('proxy:close', ['1'], 5000)
    const open = await count()

    await s.close()
    // the server notices a closed connection on its own time
    let after = await count()
    for (let i = 0; i < 100 && after !== before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      after = await count()
    }

    expect(open).toBe(before + 1)
    expect(after).toBe(before)
  })

  test('close() while the first connection is still opening leaves none open', async () => {
    const count = async () =>
      String(await admin.sendCommand(['CLIENT', 'LIST']))
        .split('\n')
        .filter(Boolean).length
    const before = await count()

    await createRedisRateLimitStore({ url: redis.url }).close()
    await new Promise((resolve) => setTimeout(resolve, 500))

    expect(await count()).toBe(before)
  })

  test('asks for a URL or a client, one of them', () => {
    expect(() => createRedisRateLimitStore({} as never)).toThrow(/`url` or `client`/)
    expect(() => createRedisRateLimitStore({ url: redis.url, client: admin } as never)).toThrow(
      /`url` or `client`/,
    )
    expect(() => createRedisRateLimitStore({ client: {} as never })).toThrow(/node-redis client/)
  })
})
