// npm run bench:tenants [-- --accounts 12 --calls 40 --token 40 --account 10]
// A multi-tenant backend against Truto's own two tiers (per API token and per account, scaled to
// 1 s windows) on the sandbox over loopback: one account alone, twelve accounts through one
// manager, and twelve accounts through four processes sharing Redis; each without and with
// `trutoLimits`, so the table shows what pacing saves.
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import type { TrutoLimits } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { MISSING_REDIS, redisServerBinary, startRedis } from '../redis/redis-server.js'
import { bucketRequests } from './chart/bucket-requests.js'
import { type ChartPanel, renderChart } from './chart/render-chart.js'
import { writeChart } from './chart/write-chart.js'
import { runWorkers } from './run-workers.js'

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '12' },
    calls: { type: 'string', default: '40' },
    token: { type: 'string', default: '40' },
    account: { type: 'string', default: '10' },
  },
})
const ACCOUNTS = Number(values.accounts)
const CALLS = Number(values.calls)
const TOKEN_LIMIT = Number(values.token)
const ACCOUNT_LIMIT = Number(values.account)
const WINDOW_MS = 1000
const TOOL = 'list_all_gumloop_agents'
const LIMITS: TrutoLimits = {
  perToken: { limit: TOKEN_LIMIT, windowMs: WINDOW_MS },
  perAccount: { limit: ACCOUNT_LIMIT, windowMs: WINDOW_MS },
}

if (!redisServerBinary) {
  console.error(MISSING_REDIS)
  process.exit(1)
}
const redis = await startRedis()

type Scenario = {
  readonly name: string
  readonly accounts: number
  readonly workers: number
  readonly paced: boolean
  readonly redis: boolean
}

async function measure(scenario: Scenario) {
  const sandbox = createSandbox({
    trutoLimits: LIMITS,
    accountsPerIntegration: Math.max(ACCOUNTS, scenario.accounts),
  })
  const server = await sandbox.listen()
  const accountIds = sandbox.accountIds.gumloop.slice(0, scenario.accounts)
  const perWorker = Math.ceil(accountIds.length / scenario.workers)
  try {
    let from = 0
    const calls = CALLS * accountIds.length
    const { outcomes, wallMs } = await runWorkers({
      workers: scenario.workers,
      calls,
      config: {
        baseUrl: server.url,
        apiKey: sandbox.apiKey,
        accountId: accountIds[0] ?? '',
        // every call of every account in flight at once
        concurrency: CALLS,
        tool: TOOL,
        trutoLimits: scenario.paced ? LIMITS : false,
        ...(scenario.redis ? { redisUrl: redis.url, redisTimeoutMs: 200 } : {}),
      },
      configFor: (worker) => ({
        accountIds: accountIds.slice(worker * perWorker, (worker + 1) * perWorker),
      }),
      // the tool listings spend part of the token's window: let it pass first
      beforeGo: async () => {
        await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 100))
        from = sandbox.requests.length
      },
    })
    const sent = sandbox.requests.slice(from).filter((r) => r.path.startsWith('/proxy/'))
    const ok = outcomes.reduce((sum, o) => sum + o.ok, 0)
    // token-bound or account-bound, whichever is slower; the first window opens at once
    const windows = Math.max(Math.ceil(calls / TOKEN_LIMIT), Math.ceil(CALLS / ACCOUNT_LIMIT))
    const idealMs = windows * WINDOW_MS
    const refused = sent.filter((r) => r.status === 429).length
    const row = {
      scenario: scenario.name,
      trutoLimits: scenario.paced ? 'on' : 'off',
      'ok/calls': `${ok}/${calls}`,
      'wall (s)': (wallMs / 1000).toFixed(2),
      'ideal (s)': (idealMs / 1000).toFixed(1),
      '429s/requests': `${refused}/${sent.length}`,
      '429 share': `${((100 * refused) / Math.max(1, sent.length)).toFixed(1)}%`,
      met: ok === calls && wallMs <= idealMs + 1000 && refused < 0.05 * sent.length ? 'yes' : 'no',
    }
    // for the chart: when each proxy request arrived (sandbox ms) and how it was answered
    return { row, requests: sent.map(({ at, status }) => ({ at, status })) }
  } finally {
    await server.close()
  }
}

const scenarios: Scenario[] = []
for (const paced of [false, true]) {
  scenarios.push({ name: 'one account', accounts: 1, workers: 1, paced, redis: false })
  scenarios.push({
    name: `${ACCOUNTS} accounts, one manager`,
    accounts: ACCOUNTS,
    workers: 1,
    paced,
    redis: false,
  })
  scenarios.push({
    name: `${ACCOUNTS} accounts, 4 processes, Redis`,
    accounts: ACCOUNTS,
    workers: 4,
    paced,
    redis: true,
  })
}
const measured = []
for (const scenario of scenarios) measured.push({ scenario, ...(await measure(scenario)) })
const rows = measured.map(({ row }) => row)
await redis.kill()

const cpuList = cpus()
console.log(
  `command: npm run bench:tenants -- --accounts ${ACCOUNTS} --calls ${CALLS} --token ${TOKEN_LIMIT} --account ${ACCOUNT_LIMIT}`,
)
console.log(
  `machine: ${cpuList.length} CPUs (${cpuList[0]?.model.trim() ?? 'unknown'}), node ${process.version}, redis-server on loopback`,
)
console.log(
  `sandbox tiers: ${TOKEN_LIMIT} requests per ${WINDOW_MS} ms per API token, ${ACCOUNT_LIMIT} per account; ${CALLS} concurrent calls per account; target: every call succeeds, wall within ideal + 1 s, 429s under 5% (column "met")\n`,
)
console.table(rows)

// the same runs as a picture: one panel per scenario, paced and unpaced, against the tier that binds
const refusals = (requests: readonly { status: number }[]) =>
  `${requests.filter((r) => r.status === 429).length} of ${requests.length}`
const panels: ChartPanel[] = []
for (const { scenario, requests } of measured.filter((m) => m.scenario.paced)) {
  const unpaced = measured.find((m) => !m.scenario.paced && m.scenario.name === scenario.name)
  const runs = [
    { label: 'with trutoLimits', requests },
    ...(unpaced ? [{ label: 'without trutoLimits', requests: unpaced.requests }] : []),
  ]
  // every account's calls share the token's window; each account has a window of its own
  const byToken = TOKEN_LIMIT <= scenario.accounts * ACCOUNT_LIMIT
  panels.push({
    title: scenario.name,
    note: `429s: ${refusals(requests)} requests with, ${unpaced ? refusals(unpaced.requests) : '?'} without`,
    limit: byToken ? TOKEN_LIMIT : scenario.accounts * ACCOUNT_LIMIT,
    limitLabel: byToken
      ? `limit ${TOKEN_LIMIT}\n(per token)`
      : `limit ${scenario.accounts * ACCOUNT_LIMIT}\n(per account${scenario.accounts > 1 ? ` × ${scenario.accounts}` : ''})`,
    // counted as the sandbox counts its tiers: a window opens with the first request after the last
    series: runs.map(({ label, requests }) => ({
      label,
      windows: bucketRequests(requests, { windowMs: WINDOW_MS, windows: 'restart' }),
    })),
  })
}
const chart = renderChart({
  title: "Truto's per-token and per-account tiers, with and without trutoLimits",
  subtitle: `Sandbox tiers: ${TOKEN_LIMIT} requests per API token and ${ACCOUNT_LIMIT} per account, per ${WINDOW_MS} ms; ${CALLS} calls per account at once`,
  windowMs: WINDOW_MS,
  panels,
})
console.log(`chart written to ${await writeChart('tenants.svg', chart)}`)
