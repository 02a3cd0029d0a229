// One worker process of `npm run bench:workers` and of the Redis store's tests: its own manager,
// one account, `calls` tool calls at `concurrency`; started by the parent with `go`. It reports
// over IPC, then lets go of the channel and must exit on its own: nothing it leaves open (the
// Redis connection included) may keep it alive, and it never calls manager.close().
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createRedisRateLimitStore } from 'truto-langchainjs-toolset/redis'

export type WorkerConfig = {
  readonly baseUrl: string
  readonly apiKey: string
  readonly accountId: string
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
const tool = (await manager.getTools()).find((t) => t.name === config.tool)
if (!tool) throw new Error(`no tool ${config.tool}`)

await new Promise<void>((resolve) => {
  process.once('message', () => resolve())
  send({ type: 'ready' })
})

let next = 0
let ok = 0
const errors: string[] = []
const worker = async () => {
  while (next < config.calls) {
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
const done: WorkerMessage = { type: 'done', ok, failed: config.calls - ok, errors, warnings }
process.send?.(done, undefined, undefined, () => process.disconnect())
