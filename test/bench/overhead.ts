// npm run bench:overhead: the built library's own time per tool call and per 1,000 tool
// definitions, beside a DynamicStructuredTool given the same JSON Schema and the same in-process
// fetch. Calls run in this process (needs --expose-gc: each round starts from a collected heap);
// builds run in processes of their own per side (`--builds=<side>`), which also report the bytes
// they allocate

import { execFile } from 'node:child_process'
import { Session } from 'node:inspector/promises'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { getHeapSpaceStatistics } from 'node:v8'
import { DynamicStructuredTool } from '@langchain/core/tools'

// what users run: the built package (npm run build first), not src/ through tsx, whose keepNames
// wraps every closure made per tool in a call that names it
const built = new URL('../../dist/index.js', import.meta.url)
const { TrutoToolManager }: typeof import('truto-langchainjs-toolset') = await import(built.href)

const BASE_URL = 'https://truto.bench/v1'
const API_KEY = 'sk_bench_overhead_token'
const ACCOUNT_ID = 'acct_bench'
const UNBOUND_TIERS = {
  perToken: { limit: 10_000_000, windowMs: 10_000 },
  perAccount: { limit: 10_000_000, windowMs: 10_000 },
}
const WARM_CALLS = 3_000
const ROUNDS = 10
const CALLS_PER_ROUND = 1_000
const DEFINITIONS = 1_000
const WARM_BUILDS = 20
const BUILD_RUNS = 30
const BUILD_PROCESSES = 8
const ALLOCATION_RUNS = 10
const KEPT_RUNS = 10

const run = promisify(execFile)
const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc
if (!gc) throw new Error('run with node --expose-gc --import tsx test/bench/overhead.ts')

// a realistic list tool: a few typed query parameters, an enum, a format, a bound, an array
const cardQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['open', 'won', 'lost'], description: 'Card status.' },
    owner_id: { type: 'string', description: 'Only cards of this owner.' },
    updated_after: { type: 'string', format: 'date-time', description: 'Changed after this.' },
    min_value: { type: 'number', minimum: 0, description: 'Smallest deal value.' },
    tags: { type: 'array', items: { type: 'string' }, description: 'Any of these tags.' },
  },
}
const definitions = Array.from({ length: DEFINITIONS }, (_, i) => ({
  name: `list_all_cards_${i}`,
  description: `List the cards of pipeline ${i}, newest first.`,
  resource: `cards-${i}`,
  method: 'list',
  query_schema: cardQuery,
  body_schema: null,
  required: [],
  tags: ['crm'],
}))
const listing = JSON.stringify({ result: definitions, next_cursor: null })

// the whole upstream, a tiny handler rather than the sandbox, so what is measured is the
// library's own time: the definitions, or a fixed small page, answered at once
const page = JSON.stringify({
  result: [
    { id: 'c1', title: 'Acme renewal', status: 'open', value: 1200 },
    { id: 'c2', title: 'Globex upsell', status: 'open', value: 800 },
    { id: 'c3', title: 'Initech pilot', status: 'open', value: 300 },
  ],
  next_cursor: null,
})
const answerHeaders = { 'content-type': 'application/json' }
let toolsEndpoint = true
const fetch = async (_input: RequestInfo | URL, _init?: RequestInit): Promise<Response> =>
  new Response(toolsEndpoint ? listing : page, { status: 200, headers: answerHeaders })

const manager = (telemetry?: false) =>
  new TrutoToolManager({
    // spans on by default: @opentelemetry/api is installed here, and no SDK is registered
    ...(telemetry === false ? { telemetry } : {}),
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    accountId: ACCOUNT_ID,
    fetch,
    // Truto's tiers are taken on every call, as in production, but never bind: this measures cost
    trutoLimits: UNBOUND_TIERS,
  })

// the library's tool, and the JSON Schema it shows the model, for the baseline to take as is
const [libraryTool] = await manager().getTools(ACCOUNT_ID, { include: ['list_all_cards_0'] })
const [untracedTool] = await manager(false).getTools(ACCOUNT_ID, { include: ['list_all_cards_0'] })
toolsEndpoint = false
if (!libraryTool || !untracedTool) throw new Error('no tool was built')
const schema = libraryTool.schema as Record<string, unknown>

// what a hand-written tool does: the URL with its query, the bearer token, fetch, the text back
const baselineTool = (
  name: string,
  description: string,
  resource: string,
  toolSchema: Record<string, unknown> = schema,
) =>
  new DynamicStructuredTool({
    name,
    description,
    schema: toolSchema,
    func: async (args: Record<string, unknown>) => {
      const url = new URL(`${BASE_URL}/proxy/${resource}`)
      for (const [key, value] of Object.entries(args)) url.searchParams.set(key, String(value))
      url.searchParams.set('integrated_account_id', ACCOUNT_ID)
      const response = await fetch(url, { headers: { authorization: `Bearer ${API_KEY}` } })
      return response.text()
    },
  })
const baseline = baselineTool(libraryTool.name, libraryTool.description, 'cards-0')

// (b) 1,000 definitions into tools, both from the same listing through the same fetch: a
// hand-written loader parses it and makes a DynamicStructuredTool of each definition's schema;
// each library run is a fresh manager, so it fetches, checks and builds cold
const buildBaseline = async () => {
  toolsEndpoint = true
  const listed = (await (await fetch(`${BASE_URL}/tools`)).json()) as { result: typeof definitions }
  toolsEndpoint = false
  const tools = listed.result.map((d) =>
    baselineTool(d.name, d.description, d.resource, d.query_schema),
  )
  if (tools.length !== DEFINITIONS) throw new Error('the baseline built too few tools')
}
const buildLibrary = async () => {
  toolsEndpoint = true
  const tools = await manager().getTools(ACCOUNT_ID)
  toolsEndpoint = false
  if (tools.length !== DEFINITIONS) throw new Error(`the library built ${tools.length} tools`)
}
// the constructor alone, for scale: no listing read, one shared schema
const constructOnly = async () => {
  const tools = definitions.map((d) => baselineTool(d.name, d.description, d.resource))
  if (tools.length !== DEFINITIONS) throw new Error('the baseline built too few tools')
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

type Builds = { ms: number[]; cpuMs: number[]; allocatedMb: number[]; keptMb: number[] }
const SIDES = { baseline: buildBaseline, library: buildLibrary, constructOnly }
type Side = keyof typeof SIDES

// each side builds in processes of its own, so it pays for collecting its own garbage and no
// other's: in one process, the library's garbage was collected during the baseline's runs
const side = process.argv.find((arg) => arg.startsWith('--builds='))?.slice('--builds='.length)
if (side !== undefined) {
  const work = SIDES[side as Side]
  if (!work) throw new Error(`no side ${side}`)
  // a getTools with more than 128 tools warns; the warning is not what is measured
  console.warn = () => {}
  const into: Builds = { ms: [], cpuMs: [], allocatedMb: [], keptMb: [] }
  for (let r = 0; r < WARM_BUILDS + BUILD_RUNS; r++) {
    const cpu = process.cpuUsage()
    const start = process.hrtime.bigint()
    await work()
    if (r < WARM_BUILDS) continue
    into.ms.push(Number(process.hrtime.bigint() - start) / 1e6)
    const used = process.cpuUsage(cpu)
    into.cpuMs.push((used.user + used.system) / 1000)
  }
  // what makes the collector work: bytes allocated per build, collected or not, sampled by V8
  const session = new Session()
  session.connect()
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never)
  for (let r = 0; r < ALLOCATION_RUNS; r++) await work()
  const { profile } = await session.post('HeapProfiler.stopSampling')
  const sum = (node: typeof profile.head): number =>
    node.selfSize + node.children.reduce((total, child) => total + sum(child), 0)
  into.allocatedMb.push(sum(profile.head) / ALLOCATION_RUNS / 1e6)
  // what a dropped build leaves past two young collections: promoted to the old generation, it
  // waits for a full collection, and each young one copies it meanwhile
  const oldSpace = () =>
    getHeapSpaceStatistics()
      .filter(
        (space) => space.space_name === 'old_space' || space.space_name === 'large_object_space',
      )
      .reduce((total, space) => total + space.space_used_size, 0)
  // build by build, and the median of those: a one-off promotion (a page promoted whole, a
  // compiler's tier-up) reads as one build's worth once, not a tenth of one in every build
  gc?.()
  const kept: number[] = []
  for (let r = 0; r < KEPT_RUNS; r++) {
    const before = oldSpace()
    await work()
    await new Promise((resolve) => setImmediate(resolve))
    gc?.({ type: 'minor' })
    gc?.({ type: 'minor' })
    kept.push((oldSpace() - before) / 1e6)
  }
  into.keptMb.push(quantile(kept, 0.5))
  process.stdout.write(JSON.stringify(into))
  process.exit(0)
}

const args = { status: 'open', owner_id: 'u_42', min_value: 100, limit: 20 }
type Invocable = { invoke(input: unknown): Promise<unknown> }
let callId = 0
const call = (tool: Invocable) =>
  tool.invoke({ type: 'tool_call', id: `call_${callId++}`, name: libraryTool.name, args })

for (const tool of [baseline, libraryTool, untracedTool]) {
  const answer = (await call(tool)) as { status: string; content: unknown }
  if (answer.status !== 'success') throw new Error(`a call failed: ${String(answer.content)}`)
}

// (a) one call after another, each timed; CPU time over each round
type Calls = { us: number[]; cpuUs: number; calls: number }
const calls = (): Calls => ({ us: [], cpuUs: 0, calls: 0 })

async function round(tool: Invocable, into: Calls, count: number) {
  gc?.()
  const cpu = process.cpuUsage()
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint()
    await call(tool)
    into.us.push(Number(process.hrtime.bigint() - start) / 1000)
  }
  const used = process.cpuUsage(cpu)
  into.cpuUs += used.user + used.system
  into.calls += count
}

// warm both, then alternate rounds so drift (JIT, heap growth, a busy neighbour) hits both alike
await round(baseline, calls(), WARM_CALLS)
await round(libraryTool, calls(), WARM_CALLS)
await round(untracedTool, calls(), WARM_CALLS)
const perCall = { baseline: calls(), library: calls(), untraced: calls() }
for (let r = 0; r < ROUNDS; r++) {
  await round(baseline, perCall.baseline, CALLS_PER_ROUND)
  await round(libraryTool, perCall.library, CALLS_PER_ROUND)
  await round(untracedTool, perCall.untraced, CALLS_PER_ROUND)
}

// (b) the sides take turns, a process each, so drift (a busy neighbour) hits them alike; a
// process settles into a fast or a slow pattern of collections, so each process's median counts
// once and the figure is the median of those. V8 pretenures the objects of an allocation site that
// mostly survive young collections; some baseline processes decide so for LangChain's per-tool
// literals when the first listing loads, and each dropped build then stays until a full
// collection (the library makes what its tools keep with constructors). Both sides also run with
// that heuristic off, to compare the work each does apart from V8's choice
const RUNS = {
  baseline: { builds: 'baseline', flags: [] },
  library: { builds: 'library', flags: [] },
  baselineUntenured: { builds: 'baseline', flags: ['--no-allocation-site-pretenuring'] },
  libraryUntenured: { builds: 'library', flags: ['--no-allocation-site-pretenuring'] },
  constructOnly: { builds: 'constructOnly', flags: [] },
} as const satisfies Record<string, { builds: Side; flags: readonly string[] }>
type Run = keyof typeof RUNS
const sides = Object.fromEntries(
  Object.keys(RUNS).map((name) => [name, { ms: [], cpuMs: [], allocatedMb: [], keptMb: [] }]),
) as unknown as Record<Run, Builds>
const script = fileURLToPath(import.meta.url)
const turns: Run[] = ['baseline', 'library', 'baselineUntenured', 'libraryUntenured']
for (let p = 0; p < BUILD_PROCESSES; p++) {
  const order = turns.map((_, i) => turns[(i + p) % turns.length] as Run)
  for (const name of p === 0 ? ['constructOnly' as const, ...order] : order) {
    const { builds, flags } = RUNS[name]
    const { stdout } = await run(process.execPath, [
      ...process.execArgv,
      ...flags,
      script,
      `--builds=${builds}`,
    ])
    const measured = JSON.parse(stdout) as Builds
    sides[name].ms.push(quantile(measured.ms, 0.5))
    sides[name].cpuMs.push(quantile(measured.cpuMs, 0.5))
    sides[name].allocatedMb.push(...measured.allocatedMb)
    sides[name].keptMb.push(...measured.keptMb)
  }
}

const median = (values: number[]) => quantile(values, 0.5)
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`
const us = (n: number) => n.toFixed(0)
const ms = (n: number) => n.toFixed(1)

console.log(
  `(a) one tool call, in-process fetch answering at once: ${ROUNDS * CALLS_PER_ROUND} calls each, after ${WARM_CALLS} to warm up`,
)
const callRow = (side: string, s: Calls) => ({
  side,
  'median µs': us(median(s.us)),
  'p95 µs': us(quantile(s.us, 0.95)),
  'CPU µs/call': us(s.cpuUs / s.calls),
})
console.table([
  callRow('DynamicStructuredTool + fetch', perCall.baseline),
  callRow('TrutoTool (tool.invoke)', perCall.library),
  callRow('TrutoTool, telemetry: false', perCall.untraced),
])
const { baseline: b, library: l, untraced: u } = perCall
console.log(
  `library / baseline: median ${ratio(median(l.us), median(b.us))}, p95 ${ratio(quantile(l.us, 0.95), quantile(b.us, 0.95))}, CPU ${ratio(l.cpuUs / l.calls, b.cpuUs / b.calls)}`,
)
console.log(
  `spans with no SDK registered / telemetry: false: median ${ratio(median(l.us), median(u.us))}, CPU ${ratio(l.cpuUs / l.calls, u.cpuUs / u.calls)}`,
)

console.log(
  `\n(b) ${DEFINITIONS} tool definitions into tools, cache cold: the median of ${BUILD_PROCESSES} processes per side, each the median of ${BUILD_RUNS} runs after ${WARM_BUILDS} to warm up`,
)
const buildRow = (side: string, s: Builds) => ({
  side,
  'median ms': ms(median(s.ms)),
  'per process ms': `${ms(Math.min(...s.ms))}–${ms(Math.max(...s.ms))}`,
  'CPU ms': ms(median(s.cpuMs)),
  'allocated MB': median(s.allocatedMb).toFixed(2),
  'kept past young GCs MB': median(s.keptMb).toFixed(2),
})
console.table([
  buildRow('fetch + parse + new DynamicStructuredTool × 1000', sides.baseline),
  buildRow('manager.getTools()', sides.library),
  buildRow('the loader, V8 pretenuring off', sides.baselineUntenured),
  buildRow('manager.getTools(), V8 pretenuring off', sides.libraryUntenured),
  buildRow('(for scale) new DynamicStructuredTool × 1000 alone', sides.constructOnly),
])
const { baseline: base, library: lib, baselineUntenured: baseOff, libraryUntenured: libOff } = sides
console.log(
  `library / baseline: median ${ratio(median(lib.ms), median(base.ms))}, CPU ${ratio(median(lib.cpuMs), median(base.cpuMs))}, allocated ${ratio(median(lib.allocatedMb), median(base.allocatedMb))}; V8 pretenuring off on both sides: median ${ratio(median(libOff.ms), median(baseOff.ms))}, CPU ${ratio(median(libOff.cpuMs), median(baseOff.cpuMs))}`,
)
// a busy neighbour only ever adds time, and on a shared machine it lands on whole processes: the
// fastest quarter of each side's processes says what each costs when nothing else runs
const fastest = (s: Builds) => quantile(s.ms, 0.25)
console.log(
  `fastest quarter of processes: library / baseline ${ratio(fastest(lib), fastest(base))} (${ms(fastest(lib))} / ${ms(fastest(base))} ms); V8 pretenuring off on both sides ${ratio(fastest(libOff), fastest(baseOff))}`,
)

const cpu = cpus()
console.log(
  `\ncommand: npm run bench:overhead (tsup --silent && node --expose-gc --import tsx test/bench/overhead.ts)\nmachine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}/${process.arch}`,
)
