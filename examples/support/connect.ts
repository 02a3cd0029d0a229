import { type TrutoTool, TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox, type Sandbox } from 'truto-langchainjs-toolset/testing'

/** Options every example's `run()` takes. */
export type ExampleOptions = {
  /** The sandbox to work in; a fresh one (with a rate limit, to show the waits) when absent. */
  readonly sandbox?: Sandbox
  /** A real Truto integrated account id instead of the sandbox; needs TRUTO_API_KEY. */
  readonly account?: string
  /** `provider:model` as `initChatModel` knows it, e.g. `openai:gpt-4o-mini`; the stand-in model when absent. */
  readonly model?: string
  /** Where the trace goes. @default console.log */
  readonly print?: (line: string) => void
}

/** Tight enough that a run hits it a few times, so the trace shows the library waiting. */
export const DEMO_RATE_LIMIT = { limit: 6, windowMs: 1_000 }

/** Where an example's tools point: the sandbox or a real Truto account. */
export type Connection = {
  readonly manager: TrutoToolManager
  readonly accountId: string
  /** Set when running in the sandbox, so the example can check what changed. */
  readonly sandbox: Sandbox | undefined
  /** Plain HTTP, e.g. for a signed download URL (the sandbox answers its own URLs in-process). */
  readonly fetch: typeof fetch
  /** Time in the world the agent works on (sandbox time offline). */
  now(): number
  /** Waits; in the sandbox it moves sandbox time forward instead of sleeping. */
  wait(ms: number): Promise<void>
  /** One line for the output: what the tools talk to. */
  readonly description: string
}

/** Connects to a real Truto account when `options.account` is set, else to the sandbox. */
export function connect(
  integration: 'octapipe' | 'gumloop' | 'happyfox',
  options: ExampleOptions,
): Connection {
  if (options.account) {
    if (!process.env.TRUTO_API_KEY) {
      throw new Error('--account needs a Truto API key: set TRUTO_API_KEY in the environment.')
    }
    return {
      manager: new TrutoToolManager({ apiKey: process.env.TRUTO_API_KEY }),
      accountId: options.account,
      sandbox: undefined,
      fetch: globalThis.fetch,
      now: () => Date.now(),
      wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      description: `the real Truto API, account ${options.account}`,
    }
  }
  const sandbox = options.sandbox ?? createSandbox({ rateLimit: DEMO_RATE_LIMIT })
  const limit = options.sandbox
    ? ''
    : `, rate limit ${DEMO_RATE_LIMIT.limit} requests/s per account to show the waits`
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
  })
  return {
    manager,
    accountId: sandbox.accounts[integration],
    sandbox,
    fetch: sandbox.fetch as typeof fetch,
    now: () => sandbox.clock.now(),
    wait: async (ms) => sandbox.clock.advance(ms),
    description: `the embedded sandbox (no network${limit}), account ${sandbox.accounts[integration]}`,
  }
}

/** Loads only the named tools (a small catalogue keeps the model on task); fails if one is missing. */
export async function loadTools(
  connection: Connection,
  names: readonly string[],
): Promise<TrutoTool[]> {
  const tools = await connection.manager.getTools(connection.accountId, { include: [...names] })
  const missing = names.filter((name) => !tools.some((t) => t.name === name))
  if (missing.length)
    throw new Error(`Account ${connection.accountId} has no ${missing.join(', ')} tool.`)
  return tools
}
