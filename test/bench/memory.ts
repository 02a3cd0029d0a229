// npm run bench:memory: heap of one long-lived manager serving ever more accounts (needs --expose-gc)

import { TrutoToolManager } from 'truto-langchainjs-toolset'

const ACCOUNTS_PER_ROUND = 5_000
const ROUNDS = 6

const definitions = [
  { name: 'list_all_cards', description: 'List cards.', resource: 'cards', method: 'list' },
]
// every account answers with rate-limit headers, so each one's gate learns a window
const fetch = async (input: RequestInfo | URL) => {
  const url = new URL(input instanceof Request ? input.url : String(input))
  const headers = { 'ratelimit-limit': '10', 'ratelimit-remaining': '9', 'ratelimit-reset': '0' }
  if (url.pathname.endsWith('/tools'))
    return Response.json({ result: definitions, next_cursor: null })
  return Response.json({ result: [], next_cursor: null }, { headers })
}

// a multi-tenant process: a short cache, a distinct warning per account, one call per account
const manager = new TrutoToolManager({
  apiKey: 'sk_bench_memory_token',
  fetch,
  // Truto's tiers are kept for every account, as in production, but never bind; their windows
  // pass many times in a run, so what they keep is seen to be swept (a log holds one window)
  trutoLimits: {
    perToken: { limit: 1_000_000, windowMs: 1_000 },
    perAccount: { limit: 1_000_000, windowMs: 1_000 },
  },
  cacheTtlMs: 1,
  onWarning: () => {},
})

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')
// AbortSignal and Request clean up through FinalizationRegistry callbacks, which run between GCs
const heapMb = async () => {
  for (let i = 0; i < 5; i++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return (process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)
}

console.log(`heap before: ${await heapMb()} MB`)
for (let round = 1; round <= ROUNDS; round++) {
  for (let i = 0; i < ACCOUNTS_PER_ROUND; i++) {
    const account = `acct_${round}_${i}`
    const tools = await manager.getTools(account, { include: [`nothing_${account}`] })
    if (tools.length) throw new Error('the filter should leave no tools')
    const [tool] = await manager.getTools(account)
    await tool?.invoke({})
  }
  console.log(`after ${round * ACCOUNTS_PER_ROUND} accounts: heap ${await heapMb()} MB`)
}
console.log('command: node --expose-gc --import tsx test/bench/memory.ts')
