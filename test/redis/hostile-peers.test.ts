import type { AddressInfo } from 'node:net'
import { createServer, type Socket } from 'node:net'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createRedisRateLimitStore } from 'truto-langchainjs-toolset/redis'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { afterEach, describe, expect, test } from 'vitest'

const TOOL = 'list_all_gumloop_agents'
const closers: (() => void)[] = []
afterEach(() => {
  for (const close of closers.splice(0)) close()
})

/** A TCP peer on 127.0.0.1 that accepts connections and never says a word, like a proxy before a dead Redis. */
async function silentPeer(): Promise<string> {
  const sockets: Socket[] = []
  const server = createServer((socket) => void sockets.push(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => {
    for (const socket of sockets) socket.destroy()
    server.close()
  })
  return `redis://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function managerOn(rateLimitStore: ReturnType<typeof createRedisRateLimitStore>) {
  const sandbox = createSandbox({ rateLimit: { limit: 10, windowMs: 500 } })
  const warnings: string[] = []
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
    accountId: sandbox.accounts.gumloop,
    rateLimitStore,
    totalTimeoutMs: 10_000,
    onWarning: (message) => warnings.push(message),
  })
  const call = async (id: string) => {
    const [tool] = await manager.getTools(undefined, { include: [TOOL] })
    return tool?.invoke({ type: 'tool_call' as const, id, name: TOOL, args: {} })
  }
  return { manager, warnings, call }
}

describe('a Redis that is not quite there', () => {
  test('a peer that accepts and never answers ends the start-up, and the store is bounded by timeoutMs again', async () => {
    const store = createRedisRateLimitStore({
      url: await silentPeer(),
      connectTimeoutMs: 150,
      timeoutMs: 40,
    })
    const { manager, warnings, call } = managerOn(store)

    const answers = await Promise.all(['c1', 'c2', 'c3'].map(call))
    await new Promise((resolve) => setTimeout(resolve, 300))

    expect(answers.map((a) => a?.status)).toEqual(['success', 'success', 'success'])
    expect(warnings).toHaveLength(1)
    expect(store.timeoutMs).toBe(40)
    await manager.close()
  })

  test('a reply that is not six integers is a fault of the store, not a window to wait on', async () => {
    const garbage = async () => ['x', 'y', null, 'z', '', 'w']
    const store = createRedisRateLimitStore({
      client: { evalSha: garbage, eval: garbage } as never,
    })
    const { warnings, call } = managerOn(store)

    const answers = await Promise.all(['c1', 'c2'].map(call))

    expect(answers.map((a) => a?.status)).toEqual(['success', 'success'])
    expect(warnings).toEqual([expect.stringMatching(/rate-limit store failed/)])
  })
})
