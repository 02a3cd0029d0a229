// npm run bench: the backoff layer against a 20 req/s fixed window, beside a naive per-call retry
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { type BenchRequest, type BenchStats, startBenchServer } from './bench-server.js'
import { bucketRequests } from './chart/bucket-requests.js'
import { renderChart } from './chart/render-chart.js'
import { writeChart } from './chart/write-chart.js'

const LIMIT = 20
const WINDOW_MS = 1000
const CALLS = 200
const CONCURRENCY = 60
const API_KEY = 'bench-token'
const ACCOUNT_ID = 'bench-account'

/** One tool call; resolves on success, rejects on failure. */
type Call = () => Promise<unknown>

/** One tool call through `getTools()`, exactly as an agent makes it; an error message is a failure. */
async function toolCall(baseUrl: string): Promise<Call> {
  // the provider's window alone: Truto's own tiers are npm run bench:tenants's subject
  const manager = new TrutoToolManager({
    apiKey: API_KEY,
    baseUrl,
    accountId: ACCOUNT_ID,
    trutoLimits: false,
  })
  const [tool] = await manager.getTools()
  if (!tool) throw new Error('the bench server served no tool')
  let id = 0
  return async () => {
    const message = await tool.invoke({
      type: 'tool_call' as const,
      id: `call_${id++}`,
      name: tool.name,
      args: {},
    })
    if (message.status === 'error') throw new Error(String(message.content))
  }
}

/** What peers do: on 429 sleep `ratelimit-reset` seconds and try again, 3 attempts, no sharing. */
async function naiveCall(baseUrl: string): Promise<Call> {
  const url = `${baseUrl}/proxy/items?integrated_account_id=${ACCOUNT_ID}`
  return async () => {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(url, { headers: { authorization: `Bearer ${API_KEY}` } })
      if (response.ok) return response.json()
      await response.body?.cancel()
      if (response.status !== 429 || attempt === 3) throw new Error(`HTTP ${response.status}`)
      const reset = Number(response.headers.get('ratelimit-reset') ?? 1)
      await new Promise((resolve) => setTimeout(resolve, reset * 1000))
    }
  }
}

async function runPool(call: Call): Promise<number> {
  let next = 0
  let succeeded = 0
  const worker = async () => {
    while (next < CALLS) {
      next++
      // read the count after the await, or concurrent workers overwrite each other
      const ok = await call().then(
        () => true,
        () => false,
      )
      if (ok) succeeded++
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return succeeded
}

type Result = {
  name: string
  succeeded: number
  wallMs: number
  stats: BenchStats
  /** Every proxy request the server saw, for the chart. */
  requests: readonly BenchRequest[]
}

async function measure(
  name: string,
  makeCall: (baseUrl: string) => Promise<Call>,
): Promise<Result> {
  const server = await startBenchServer({ limit: LIMIT, windowMs: WINDOW_MS })
  try {
    const call = await makeCall(server.baseUrl)
    const started = performance.now()
    const succeeded = await runPool(call)
    const wallMs = performance.now() - started
    return { name, succeeded, wallMs, stats: { ...server.stats }, requests: [...server.log] }
  } finally {
    await server.close()
  }
}

// the first window opens with the first request; the last batch goes out when window N opens
const idealMs = (Math.ceil(CALLS / LIMIT) - 1) * WINDOW_MS

const results = [
  await measure('getTools() tools', toolCall),
  await measure('naive per-call retry', naiveCall),
]

console.log(`${CALLS} calls, concurrency ${CONCURRENCY}, limit ${LIMIT} per ${WINDOW_MS} ms window`)
console.log(
  `ideal wall time: ${(idealMs / 1000).toFixed(1)} s (${Math.ceil(CALLS / LIMIT)} windows; the last opens at ${(idealMs / 1000).toFixed(0)} s)\n`,
)
console.table(
  results.map(({ name, succeeded, wallMs, stats }) => ({
    strategy: name,
    'calls succeeded': `${succeeded}/${CALLS}`,
    'wall time (s)': (wallMs / 1000).toFixed(2),
    'requests sent': stats.requests,
    '429s': stats.refused,
    '429 share': `${((100 * stats.refused) / Math.max(1, stats.requests)).toFixed(1)}%`,
  })),
)
const [ours] = results
if (ours) {
  const met = [
    ours.succeeded === CALLS,
    ours.wallMs <= idealMs + WINDOW_MS,
    ours.stats.refused < 0.1 * ours.stats.requests,
  ]
  console.log(
    `targets (all succeed, within one window of ideal, 429s < 10%): ${met.map((ok) => (ok ? 'met' : 'MISSED')).join(', ')}`,
  )
}

// the same runs as a picture: requests per window against the limit, 429s marked
const chart = renderChart({
  title: `Requests per window: ${results.map((r) => r.name).join(' vs ')}`,
  subtitle: [
    `${CALLS} calls, ${CONCURRENCY} at a time, against a limit of ${LIMIT} requests per ${WINDOW_MS} ms window`,
    ...results.map(
      ({ name, succeeded, wallMs, stats }) =>
        `${name}: ${succeeded}/${CALLS} calls succeeded in ${(wallMs / 1000).toFixed(1)} s; ${stats.refused} of ${stats.requests} requests got 429`,
    ),
  ],
  windowMs: WINDOW_MS,
  panels: [
    {
      limit: LIMIT,
      limitLabel: `limit ${LIMIT}`,
      // window 0 opens with each server's first request, as the server's own windows do
      series: results.map(({ name, requests }) => ({
        label: name,
        windows: bucketRequests(requests, { windowMs: WINDOW_MS }),
      })),
    },
  ],
})
console.log(`chart written to ${await writeChart('rate-limit.svg', chart)}`)
