// npm run bench:workers [-- --workers 4 --calls 200 --concurrency 15 --limit 20]
// P worker processes, each with its own manager, share one account's limit on the sandbox over
// loopback: with each process's own in-memory window, with one Redis, and with Redis killed halfway.
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { MISSING_REDIS, redisServerBinary, startRedis } from '../redis/redis-server.js'
import { runWorkers, type WorkerOutcome } from './run-workers.js'

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '4' },
    calls: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '15' },
    limit: { type: 'string', default: '20' },
  },
})
const WORKERS = Number(values.workers)
const CALLS = Number(values.calls)
const CONCURRENCY = Number(values.concurrency)
const LIMIT = Number(values.limit)
const WINDOW_MS = 1000
const TOOL = 'list_all_gumloop_agents'

if (!redisServerBinary) {
  console.error(MISSING_REDIS)
  process.exit(1)
}

type Run = {
  name: string
  outcomes: WorkerOutcome[]
  wallMs: number
  requests: number
  refused: number
}

const redis = await startRedis()

async function measure(
  name: string,
  store: 'memory' | 'redis',
  during?: (settled: number) => void,
): Promise<Run> {
  const sandbox = createSandbox({ rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } })
  const server = await sandbox.listen()
  try {
    let from = 0
    const { outcomes, wallMs } = await runWorkers({
      workers: WORKERS,
      calls: CALLS,
      config: {
        baseUrl: server.url,
        apiKey: sandbox.apiKey,
        accountId: sandbox.accounts.gumloop,
        tool: TOOL,
        concurrency: CONCURRENCY,
        ...(store === 'redis' ? { redisUrl: redis.url } : {}),
      },
      // the workers' tool listings spend a window of the account's limit: let it pass first
      beforeGo: async () => {
        await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 100))
        from = sandbox.requests.length
      },
      onSettled: during,
    })
    const proxied = sandbox.requests.slice(from).filter((r) => r.path.startsWith('/proxy/'))
    return {
      name,
      outcomes,
      wallMs,
      requests: proxied.length,
      refused: proxied.filter((r) => r.status === 429).length,
    }
  } finally {
    await server.close()
  }
}

const signed = (seconds: number) => `${seconds >= 0 ? '+' : ''}${seconds.toFixed(2)}`

const runs: Run[] = []
runs.push(await measure('in-memory (each process alone)', 'memory'))
runs.push(await measure('Redis', 'redis'))
await redis.restart()
let killedAt: number | undefined
runs.push(
  await measure('Redis, killed halfway', 'redis', (settled) => {
    if (killedAt !== undefined || settled < CALLS / 2) return
    killedAt = settled
    void redis.kill()
  }),
)
await redis.kill()

// the first window opens with the first request; the last batch goes out when window N opens
const idealMs = (Math.ceil(CALLS / LIMIT) - 1) * WINDOW_MS
const cpuList = cpus()
console.log(
  `command: npm run bench:workers -- --workers ${WORKERS} --calls ${CALLS} --concurrency ${CONCURRENCY} --limit ${LIMIT}`,
)
console.log(
  `machine: ${cpuList.length} CPUs (${cpuList[0]?.model.trim() ?? 'unknown'}), node ${process.version}, redis-server on loopback`,
)
console.log(
  `${WORKERS} worker processes, ${CALLS} calls in all, concurrency ${CONCURRENCY} each, one account limited to ${LIMIT} per ${WINDOW_MS} ms (sandbox over loopback)`,
)
console.log(
  `ideal wall time: ${(idealMs / 1000).toFixed(1)} s (${Math.ceil(CALLS / LIMIT)} windows; the last opens at ${(idealMs / 1000).toFixed(0)} s)\n`,
)
console.table(
  runs.map((run) => {
    const ok = run.outcomes.reduce((sum, o) => sum + o.ok, 0)
    const failed = run.outcomes.reduce((sum, o) => sum + o.failed, 0)
    return {
      store: run.name,
      'ok/failed': `${ok}/${failed}`,
      settled: `${ok + failed}/${CALLS}`,
      'wall time (s)': (run.wallMs / 1000).toFixed(2),
      'vs ideal (s)': signed((run.wallMs - idealMs) / 1000),
      '429s/requests': `${run.refused}/${run.requests}`,
      '429 share': `${((100 * run.refused) / Math.max(1, run.requests)).toFixed(1)}%`,
      'store warnings': run.outcomes.reduce(
        (sum, o) => sum + o.warnings.filter((w) => /rate-limit store/.test(w)).length,
        0,
      ),
      'processes exited on their own': `${run.outcomes.filter((o) => o.ended === 'exit 0').length}/${run.outcomes.length}`,
    }
  }),
)
if (killedAt !== undefined) console.log(`Redis was killed when ${killedAt} calls had settled.`)
const redisRun = runs[1]
if (redisRun) {
  const ok = redisRun.outcomes.reduce((sum, o) => sum + o.ok, 0)
  const met = [
    ok === CALLS,
    redisRun.wallMs <= idealMs + WINDOW_MS,
    redisRun.refused < 0.1 * redisRun.requests,
  ]
  console.log(
    `targets with Redis (all succeed, within one window of ideal, 429s < 10%): ${met.map((m) => (m ? 'met' : 'MISSED')).join(', ')}`,
  )
}
const killed = runs[2]
if (killed) {
  const settled = killed.outcomes.reduce((sum, o) => sum + o.ok + o.failed, 0)
  console.log(
    `Redis killed halfway: ${settled === CALLS ? 'every call settled' : `only ${settled} of ${CALLS} calls settled`}, ${killed.outcomes.every((o) => o.ended === 'exit 0') ? 'every process exited on its own' : 'a process did not exit'}`,
  )
}
for (const run of runs) {
  for (const error of run.outcomes.flatMap((o) => o.errors).slice(0, 2)) {
    console.log(`  ${run.name}, a failed call: ${error}`)
  }
}
