// A TypeScript consumer, type-checked (never run) by run.mjs against the packed package: as an ES
// module (.mts) and as CommonJS (.cts) under moduleResolution node16, and as .ts under bundler.
// Each entry's declarations must resolve and type what a user writes, not fall back to `any`.
import {
  isTrutoError,
  type RateLimitStore,
  TrutoConfigError,
  type TrutoTool,
  TrutoToolManager,
  type TrutoToolManagerOptions,
} from 'truto-langchainjs-toolset'
import {
  createRedisRateLimitStore,
  type RedisRateLimitStore,
  type RedisScriptClient,
} from 'truto-langchainjs-toolset/redis'
import {
  createSandbox,
  type OctapipePipeline,
  type Sandbox,
  type SandboxOptions,
} from 'truto-langchainjs-toolset/testing'

export async function consume(): Promise<string[]> {
  const options: SandboxOptions = { rateLimit: { limit: 10, windowMs: 1_000 } }
  const sandbox: Sandbox = createSandbox(options)
  const pipelines: OctapipePipeline[] = sandbox.state.octapipe.pipelines

  const reply = async () => [1, -1, -1, -1, 0, 1]
  const client: RedisScriptClient = { evalSha: reply, eval: reply }
  const store: RedisRateLimitStore = createRedisRateLimitStore({ client, keyPrefix: 'app:' })
  // the store of /redis is the main entry's RateLimitStore: the two entries share one declaration
  const shared: RateLimitStore = store

  const managerOptions: TrutoToolManagerOptions = {
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
    rateLimitStore: shared,
  }
  const manager = new TrutoToolManager(managerOptions)
  const tools: TrutoTool[] = await manager.getTools(sandbox.accounts.octapipe)
  const tool = tools[0]!
  // invoked with a tool call, a tool answers a ToolMessage
  const message = await tool.invoke({ type: 'tool_call', id: 'call-1', name: tool.name, args: {} })
  const status: 'success' | 'error' | undefined = message.status

  const problems: string[] = []
  try {
    new TrutoToolManager({ baseUrl: sandbox.baseUrl })
  } catch (error) {
    if (error instanceof TrutoConfigError) problems.push(error.option)
    else if (isTrutoError(error)) problems.push(error.message)
  }
  await manager.close()
  await store.close()

  // the declarations are precise, not `any`
  // @ts-expect-error: an account the sandbox does not have
  sandbox.accounts.salesforce
  // @ts-expect-error: the store takes a url or a client
  createRedisRateLimitStore({ keyPrefix: 'app:' })
  // @ts-expect-error: a manager option of the wrong type
  new TrutoToolManager({ timeoutMs: '30s' })

  return [status ?? 'none', String(pipelines.length), ...problems]
}
