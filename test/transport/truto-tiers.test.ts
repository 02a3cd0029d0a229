import {
  isTrutoConfigError,
  type RateLimitStore,
  type RateLimitTier,
  type RetryContext,
  type TrutoTool,
  TrutoToolManager,
  type TrutoToolManagerOptions,
} from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { tieredTruto } from '../helpers/tiered-truto.js'

const API_KEY = 'tiers-secret-api-token-0123456789'

const manager = (fetch: typeof globalThis.fetch, options: Partial<TrutoToolManagerOptions> = {}) =>
  new TrutoToolManager({ apiKey: API_KEY, baseUrl: 'https://tiers.truto.test', fetch, ...options })

async function listTool(source: TrutoToolManager, account: string): Promise<TrutoTool> {
  const [tool] = await source.getTools(account)
  if (!tool) throw new Error('no tool')
  return tool
}

const calls = (tool: TrutoTool, n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      tool.invoke({ type: 'tool_call', id: `c${i}`, name: tool.name, args: {} }),
    ),
  )

const scaled = { perToken: { limit: 25, windowMs: 200 }, perAccount: { limit: 10, windowMs: 200 } }

// one at a time: with 200 ms windows, a neighbour's burst delays sends enough to cross a window
describe("Truto's own tiers", () => {
  test('one account, 60 concurrent calls: all succeed and no request is refused', async () => {
    const truto = tieredTruto(25, 10, 200)
    const tool = await listTool(manager(truto.fetch, { trutoLimits: scaled }), 'acct_a')

    const messages = await calls(tool, 60)

    expect(messages.every((m) => m.status === 'success')).toBe(true)
    expect(truto.stats.rejected).toBe(0)
  })

  test('without the tiers, the same calls are refused (what pacing saves)', async () => {
    const truto = tieredTruto(25, 10, 200)
    const tool = await listTool(manager(truto.fetch, { trutoLimits: false }), 'acct_a')

    await calls(tool, 60)

    expect(truto.stats.rejected).toBeGreaterThan(10)
  })

  test('four accounts at once share the token tier without a refusal', async () => {
    const truto = tieredTruto(25, 10, 200)
    const source = manager(truto.fetch, { trutoLimits: scaled })
    const tools = await Promise.all(['a', 'b', 'c', 'd'].map((a) => listTool(source, `acct_${a}`)))

    const messages = (await Promise.all(tools.map((tool) => calls(tool, 20)))).flat()

    expect(messages.every((m) => m.status === 'success')).toBe(true)
    expect(truto.stats.rejected).toBe(0)
  })

  test('a Truto 429 closes its tier for every caller, who then wait instead of asking', async () => {
    const truto = tieredTruto(1000, 1000, 10_000)
    const waits: RetryContext[] = []
    const source = manager(truto.fetch, { onRetry: (context) => waits.push(context) })
    const tool = await listTool(source, 'acct_a')
    truto.limitNext(300)

    const first = calls(tool, 1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const later = await calls(tool, 9)

    expect([...(await first), ...later].every((m) => m.status === 'success')).toBe(true)
    expect(truto.stats.rejected).toBe(1)
    expect(waits[0]).toMatchObject({ limitedBy: 'truto', tier: 'account' })
  })

  test('a quiet account is not starved behind a noisy one', async () => {
    const truto = tieredTruto(5, 1000, 100)
    const source = manager(truto.fetch, {
      trutoLimits: { perToken: { limit: 5, windowMs: 100 }, perAccount: false },
    })
    const noisy = await listTool(source, 'acct_noisy')
    const quiet = await listTool(source, 'acct_quiet')

    const loud = calls(noisy, 40)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await Promise.all([loud, calls(quiet, 5)])

    const lastQuiet = truto.stats.finished.lastIndexOf('acct_quiet')
    // taking turns, the quiet account's five calls are done within the first few windows
    expect(lastQuiet).toBeLessThan(20)
    expect(truto.stats.rejected).toBe(0)
  })

  test('the tiers are named by a hash of the token, never the token', async () => {
    const truto = tieredTruto(1000, 1000, 10_000)
    const seen: RateLimitTier[][] = []
    const store: RateLimitStore = {
      reserve: (_, slots) => ({
        granted: slots.length,
        window: {
          limit: undefined,
          remaining: undefined,
          resetInMs: undefined,
          inFlight: 0,
          open: true,
        },
      }),
      settle: () => ({
        limit: undefined,
        remaining: undefined,
        resetInMs: undefined,
        inFlight: 0,
        open: true,
      }),
      takeTiers(tiers, count) {
        seen.push([...tiers])
        return { granted: count, waitMs: undefined, tightest: undefined }
      },
    }
    const tool = await listTool(manager(truto.fetch, { rateLimitStore: store }), 'acct_a')

    await calls(tool, 1)

    const keys = seen.flat().map((tier) => tier.key)
    expect(seen[0]?.map((tier) => tier.limit)).toEqual([500])
    expect(seen.at(-1)?.map((tier) => tier.limit)).toEqual([500, 50])
    expect(keys.every((key) => /^(token|account):/.test(key))).toBe(true)
    expect(keys.join(' ')).not.toContain(API_KEY)
  })

  test.each([
    [{ perAccount: { limit: 0, windowMs: 1000 } }, 'trutoLimits.perAccount'],
    [{ perToken: { limit: 10 } }, 'trutoLimits.perToken'],
    ['yes', 'trutoLimits'],
  ])('a bad trutoLimits %j throws naming %s', (trutoLimits, option) => {
    const error = (() => {
      try {
        manager(globalThis.fetch, { trutoLimits: trutoLimits as never })
      } catch (e) {
        return e
      }
    })()

    expect(isTrutoConfigError(error) && error.option).toBe(option)
  })
})
