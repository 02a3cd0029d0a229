import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createRedisRateLimitStore } from 'truto-langchainjs-toolset/redis'
import { createSandbox, type SandboxServer } from 'truto-langchainjs-toolset/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runWorkers } from '../bench/run-workers.js'
import {
  type RedisServer,
  redisServerBinary,
  requireRedisUnderCi,
  startRedis,
} from './redis-server.js'

// CI installs redis-server (.ci/run): there a missing binary fails the tests; elsewhere they skip
requireRedisUnderCi()

const TOOL = 'list_all_gumloop_agents'

describe.skipIf(!redisServerBinary)('one account, several processes, one Redis', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis?.kill()
  })

  // the two wait out windows side by side: their sandboxes differ, and so do their Redis keys
  test.concurrent('managers in three processes share the account window: every call succeeds, no 429', async () => {
    // three processes of four calls at a time each against eight a window: three windows in all
    const sandbox = createSandbox({ rateLimit: { limit: 8, windowMs: 1000 } })
    const server: SandboxServer = await sandbox.listen()
    try {
      let from = 0
      const { outcomes } = await runWorkers({
        workers: 3,
        calls: 24,
        config: {
          baseUrl: server.url,
          apiKey: sandbox.apiKey,
          accountId: sandbox.accounts.gumloop,
          tool: TOOL,
          concurrency: 4,
          redisUrl: redis.url,
          // five processes on a CI machine's two cores, beside other test files: a 50 ms bound
          // would sometimes be the CPU's doing, and this test is about sharing, not faults
          redisTimeoutMs: 500,
        },
        // the workers' tool listings spend a window of their own first; let it pass
        beforeGo: async () => {
          await new Promise((resolve) => setTimeout(resolve, 1100))
          from = sandbox.requests.length
        },
      })

      const proxied = sandbox.requests.slice(from).filter((r) => r.path.startsWith('/proxy/'))
      expect(outcomes.map((o) => o.ok)).toEqual([8, 8, 8])
      expect(proxied).toHaveLength(24)
      expect(proxied.filter((r) => r.status === 429)).toHaveLength(0)
      expect(outcomes.flatMap((o) => o.warnings)).toEqual([])
      // none called close(): the Redis connection never keeps a process alive
      expect(outcomes.map((o) => o.ended)).toEqual(['exit 0', 'exit 0', 'exit 0'])
    } finally {
      await server.close()
    }
  }, 120_000)

  test.concurrent('a 429 one manager sees makes another, with its own connection, wait for the reset', async () => {
    const sandbox = createSandbox()
    const account = sandbox.accounts.gumloop
    // two seconds: long enough that the other manager asks while it holds, on a loaded machine too
    sandbox.faults.inject({ kind: '429', route: '/proxy/', times: 1, retryAfterSeconds: 2 })
    const keyPrefix = 'workers-test:429:'
    const probe = createRedisRateLimitStore({ url: redis.url, keyPrefix })
    const manager = (onRetry?: () => void) =>
      new TrutoToolManager({
        apiKey: sandbox.apiKey,
        baseUrl: sandbox.baseUrl,
        fetch: sandbox.fetch,
        accountId: account,
        rateLimitStore: createRedisRateLimitStore({ url: redis.url, keyPrefix }),
        onRetry,
      })
    let started: Promise<unknown> | undefined
    const waits: Record<string, unknown>[] = []
    const other = manager()
    const [otherTool] = await other.getTools(undefined, { include: [TOOL] })
    const first = manager(() => {
      // once the 429 is in Redis, the other manager calls
      started = (async () => {
        for (let i = 0; i < 200; i++) {
          const { window } = await probe.reserve(`proxy:${account}`, [], 1000)
          if (window.remaining === 0) break
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
        return otherTool!.invoke(
          { type: 'tool_call' as const, id: 'other', name: TOOL, args: {} },
          {
            callbacks: [
              { handleCustomEvent: (_: string, data: Record<string, unknown>) => waits.push(data) },
            ],
          },
        )
      })()
    })
    const [firstTool] = await first.getTools(undefined, { include: [TOOL] })

    const message = await firstTool!.invoke({
      type: 'tool_call' as const,
      id: 'first',
      name: TOOL,
      args: {},
    })
    const otherMessage = (await started) as { status?: string }

    expect(message.status).toBe('success')
    expect(otherMessage.status).toBe('success')
    expect(waits).toEqual([expect.objectContaining({ reason: 'rate-limited', shared: true })])
    const proxied = sandbox.requests.filter((r) => r.path.startsWith('/proxy/'))
    expect(proxied.map((r) => r.status).sort()).toEqual([200, 200, 429])
    await Promise.all([first.close(), other.close(), probe.close()])
  }, 30_000)
})
