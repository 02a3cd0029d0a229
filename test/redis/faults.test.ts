import { createClient } from 'redis'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createRedisRateLimitStore } from 'truto-langchainjs-toolset/redis'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  freePort,
  type RedisServer,
  redisServerBinary,
  requireRedisUnderCi,
  startDelayProxy,
  startRedis,
} from './redis-server.js'

// CI installs redis-server (.ci/run): there a missing binary fails the tests; elsewhere they skip
requireRedisUnderCi()

const TOOL = 'list_all_gumloop_agents'
const STORE_WARNING = /rate-limit store failed/
// above the 50 ms default: test files run side by side on CI's two cores, and a warning that the
// CPU caused would be counted with the fault's
const TIMEOUT_MS = 150

/** A manager on the Redis store at `url`, against an in-process sandbox with a rate limit. */
async function setup(url: string) {
  // ratelimit-reset counts whole seconds: a window of one second wastes none of the waits
  const sandbox = createSandbox({ rateLimit: { limit: 15, windowMs: 1000 } })
  const warnings: string[] = []
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
    accountId: sandbox.accounts.gumloop,
    rateLimitStore: createRedisRateLimitStore({ url, timeoutMs: TIMEOUT_MS }),
    onWarning: (message) => warnings.push(message),
  })
  const [tool] = await manager.getTools(undefined, { include: [TOOL] })
  let id = 0
  const call = () =>
    tool!.invoke({ type: 'tool_call' as const, id: `c${id++}`, name: TOOL, args: {} })
  /** `count` calls at once; resolves with their statuses once every one has settled. */
  const calls = async (count: number, onSettled?: (settled: number) => void) => {
    let settled = 0
    const messages = await Promise.all(
      Array.from({ length: count }, () =>
        call().then((message) => {
          onSettled?.(++settled)
          return message.status
        }),
      ),
    )
    return messages
  }
  return {
    manager,
    warnings,
    calls,
    storeWarnings: () => warnings.filter((w) => STORE_WARNING.test(w)),
  }
}

/** How many times the server ran the rate-limit script: proof the store is in use. */
async function scriptRuns(url: string): Promise<number> {
  const admin = createClient({ url })
  await admin.connect()
  try {
    const stats = String(await admin.sendCommand(['INFO', 'commandstats']))
    return [...stats.matchAll(/cmdstat_(?:eval|evalsha):calls=(\d+)/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    )
  } finally {
    admin.destroy()
  }
}

/** Calls one at a time until the store is used again; the store is asked again a second after it failed. */
async function untilUsedAgain(url: string, calls: (count: number) => Promise<unknown>) {
  const before = await scriptRuns(url)
  for (let i = 0; i < 100; i++) {
    await calls(1)
    if ((await scriptRuns(url)) > before) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

describe.skipIf(!redisServerBinary)('faults of the Redis store never stall a call', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis?.kill()
  })

  test('a Redis that refuses connections: calls go on with the local gate, one warning', async () => {
    const { manager, calls, storeWarnings } = await setup(`redis://127.0.0.1:${await freePort()}`)

    const statuses = await calls(25)

    expect(statuses).toEqual(Array(25).fill('success'))
    expect(storeWarnings()).toHaveLength(1)
    expect(storeWarnings()[0]).toMatch(/ECONNREFUSED/)
    await manager.close()
  }, 30_000)

  test('Redis killed mid-run: every call settles, one warning, and the store is used again when it is back', async () => {
    const { manager, calls, storeWarnings } = await setup(redis.url)
    await calls(2)
    expect(storeWarnings()).toHaveLength(0)

    let killed: Promise<void> | undefined
    const statuses = await calls(30, (settled) => {
      if (settled === 10) killed = redis.kill()
    })
    await killed

    expect(statuses).toEqual(Array(30).fill('success'))
    expect(storeWarnings()).toHaveLength(1)

    await redis.restart()
    expect(await untilUsedAgain(redis.url, calls)).toBe(true)
    expect(storeWarnings()).toHaveLength(1)
    await manager.close()
  }, 60_000)

  test('a slow Redis: operations give up after timeoutMs, calls settle, one warning, and it is used again once fast', async () => {
    const proxy = await startDelayProxy(redis.port)
    try {
      const { manager, calls, storeWarnings } = await setup(proxy.url)
      await calls(2)
      expect(storeWarnings()).toHaveLength(0)

      proxy.setDelay(1000)
      const statuses = await calls(20)

      expect(statuses).toEqual(Array(20).fill('success'))
      expect(storeWarnings()).toHaveLength(1)
      expect(storeWarnings()[0]).toMatch(new RegExp(`within ${TIMEOUT_MS} ms`))

      proxy.setDelay(0)
      expect(await untilUsedAgain(redis.url, calls)).toBe(true)
      expect(storeWarnings()).toHaveLength(1)
      await manager.close()
    } finally {
      await proxy.close()
    }
  }, 60_000)
})
