// One worker process of `npm run bench:workers` and of the Redis store's tests: its own manager,
// one account, `calls` tool calls at `concurrency`; started by the parent with `go`. It reports
// over IPC, then lets go of the channel and must exit on its own: nothing it leaves open (the
// Redis connection included) may keep it alive, and it never calls manager.close().
import { type TrutoLimits, type TrutoTool, TrutoToolManager } from 'truto-langchainjs-toolset'
import { createRedisRateLimitStore } from 'truto-langchainjs-toolset/redis'

export type WorkerConfig = {
  readonly baseUrl: string
  readonly apiKey: string
  readonly accountId: string
  /** Several accounts: the calls are split between them, each with `concurrency`. @default [accountId] */
  readonly accountIds?: readonly string[]
  /** The manager's `trutoLimits`. @default false: the provider's window alone */
  readonly trutoLimits?: TrutoLimits | false
  readonly tool: string
  readonly calls: number
  readonly concurrency: number
  /** Omitted: the manager's own in-memory window. */
  readonly redisUrl?: string
  /** The store's `timeoutMs`. @default 50 */
  readonly redisTimeoutMs?: number
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'settled'; readonly ok: boolean }
  | {
      readonly type: 'done'
      readonly ok: number
      readonly failed: number
      readonly errors: readonly string[]
      readonly warnings: readonly string[]
    }

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig
const send = (message: WorkerMessage) => process.send?.(message)

const warnings: string[] = []
const manager = new TrutoToolManager({
  apiKey: config.apiKey,
  baseUrl: config.baseUrl,
  accountId: config.accountId,
  // by default the provider's window alone: Truto's own tiers are npm run bench:tenants's subject
  trutoLimits: config.trutoLimits ?? false,
  onWarning: (message) => warnings.push(message),
  ...(config.redisUrl
    ? {
        rateLimitStore: createRedisRateLimitStore({
          url: config.redisUrl,
          timeoutMs: config.redisTimeoutMs,
        }),
      }
    : {}),
})
const accounts = config.accountIds ?? [config.accountId]
const tools: TrutoTool[] = []
for (const account of accounts) {
  const tool = (await manager.getTools(account)).find((t) => t.name === config.tool)
  if (!tool) throw new Error(`no tool ${config.tool}`)
  tools.push(tool)
}

await new Promise<void>((resolve) => {
  process.once('message', () => resolve())
  send({ type: 'ready' })
})

let ok = 0
const errors: string[] = []
const share = (i: number) =>
  Math.floor(config.calls / tools.length) + (i < config.calls % tools.length ? 1 : 0)
const account = async (tool: TrutoTool, calls: number) => {
  let next = 0
  const worker = async () => {
    while (next < calls) {
      const id = next++
      const message = await tool.invoke({
        type: 'tool_call' as const,
        id: `c${id}`,
        name: tool.name,
        args: {},
      })
      const succeeded = message.status !== 'error'
      if (succeeded) ok++
      else if (errors.length < 5) errors.push(String(message.content).slice(0, 200))
      send({ type: 'settled', ok: succeeded })
    }
  }
  await Promise.all(Array.from({ length: config.concurrency }, worker))
}
await Promise.all(tools.map((tool, i) => account(tool, share(i))))
const done: WorkerMessage = { type: 'done', ok, failed: config.calls - ok, errors, warnings }
process.send?.(done, undefined, undefined, () => process.disconnect())
