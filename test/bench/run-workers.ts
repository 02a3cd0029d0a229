// The parent side of test/bench/worker.ts: starts P worker processes, releases them at once,
// and collects what each reports and how each ended.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { WorkerConfig, WorkerMessage } from './worker.js'

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const ENTRIES: Record<string, string> = {
  'truto-langchainjs-toolset': 'src/index.ts',
  'truto-langchainjs-toolset/redis': 'src/redis/index.ts',
  'truto-langchainjs-toolset/testing': 'src/testing/index.ts',
}

let bundled: Promise<string> | undefined

// the worker and this package's sources in one file, dependencies left to node_modules: each
// process starts as a plain `node` process, not through tsx's loader, which costs every import
function workerBundle(): Promise<string> {
  bundled ??= (async () => {
    const cache = join(ROOT, 'node_modules', '.cache')
    mkdirSync(cache, { recursive: true })
    const outfile = join(cache, `bench-worker-${process.pid}.mjs`)
    await build({
      entryPoints: [WORKER],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
      plugins: [
        {
          name: 'this-package',
          setup(builder) {
            builder.onResolve({ filter: /^truto-langchainjs-toolset(\/\w+)?$/ }, ({ path }) => {
              const entry = ENTRIES[path]
              return entry ? { path: join(ROOT, entry) } : undefined
            })
          },
        },
      ],
    })
    process.once('exit', () => rmSync(outfile, { force: true }))
    return outfile
  })()
  return bundled
}

export type WorkerOutcome = {
  readonly ok: number
  readonly failed: number
  readonly errors: readonly string[]
  readonly warnings: readonly string[]
  /** How the process ended: `exit 0` when it exited on its own, `killed: did not exit` when it hung. */
  readonly ended: string
}

export type RunWorkersOptions = {
  readonly workers: number
  /** Calls in all, split between the workers. */
  readonly calls: number
  readonly config: Omit<WorkerConfig, 'calls'>
  /** What differs per worker (its accounts, say). @default nothing */
  readonly configFor?: ((worker: number) => Partial<WorkerConfig>) | undefined
  /** Called once every worker is ready, before they are released. */
  readonly beforeGo?: (() => Promise<void>) | undefined
  /** Called each time a call settles, with the count so far. */
  readonly onSettled?: ((settled: number) => void) | undefined
  /** How long a worker may take to exit once it reported. @default 15000 */
  readonly exitWithinMs?: number | undefined
}

export async function runWorkers(options: RunWorkersOptions) {
  const { workers, calls } = options
  const children: ChildProcess[] = []
  const done: Promise<Extract<WorkerMessage, { type: 'done' }>>[] = []
  const ready: Promise<void>[] = []
  let settled = 0
  for (let i = 0; i < workers; i++) {
    const share = Math.floor(calls / workers) + (i < calls % workers ? 1 : 0)
    const config: WorkerConfig = { ...options.config, ...options.configFor?.(i), calls: share }
    const child = spawn(process.execPath, [await workerBundle(), JSON.stringify(config)], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    children.push(child)
    // 'close' comes after the last message, so a worker that reported is never taken for dead
    const failedEarly = once(child, 'close').then(([code, signal]) => {
      throw new Error(`worker ${i} ended before reporting (${signal ?? `exit ${code}`})`)
    })
    ready.push(
      Promise.race([
        new Promise<void>((resolve) =>
          child.on('message', (m: WorkerMessage) => m.type === 'ready' && resolve()),
        ),
        failedEarly,
      ]),
    )
    done.push(
      Promise.race([
        new Promise<Extract<WorkerMessage, { type: 'done' }>>((resolve) =>
          child.on('message', (m: WorkerMessage) => {
            if (m.type === 'settled') options.onSettled?.(++settled)
            if (m.type === 'done') resolve(m)
          }),
        ),
        failedEarly,
      ]),
    )
    failedEarly.catch(() => undefined)
  }
  try {
    await Promise.all(ready)
    await options.beforeGo?.()
    const started = performance.now()
    for (const child of children) child.send('go')
    let finishedAt = started
    const reports = await Promise.all(
      done.map((report) =>
        report.then((r) => {
          finishedAt = Math.max(finishedAt, performance.now())
          return r
        }),
      ),
    )
    const wallMs = finishedAt - started
    const ended = await Promise.all(
      children.map((child) => endOf(child, options.exitWithinMs ?? 15_000)),
    )
    const outcomes: WorkerOutcome[] = reports.map((r, i) => ({
      ok: r.ok,
      failed: r.failed,
      errors: r.errors,
      warnings: r.warnings,
      ended: ended[i] ?? '?',
    }))
    return { outcomes, wallMs }
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  }
}

// a worker that reported must leave on its own; one still running a while later is held open
async function endOf(child: ChildProcess, withinMs: number): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return child.signalCode ?? `exit ${child.exitCode}`
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  const ended = await Promise.race([
    once(child, 'exit').then(([code, signal]) => String(signal ?? `exit ${code}`)),
    new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('killed: did not exit'), withinMs)
    }),
  ])
  clearTimeout(timer)
  return ended
}
