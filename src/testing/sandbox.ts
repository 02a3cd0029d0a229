import { ACCOUNT_STATUSES, type SandboxAccountStatus } from './account-status.js'
import { createClock, type SandboxClock } from './clock.js'
import type { RouterContext, SandboxRequestRecord } from './context.js'
import { DROP } from './fault-response.js'
import { createFaults, type SandboxFaults } from './faults.js'
import { type MswHandlerOptions, type MswHttp, mswHandlers } from './msw-handlers.js'
import { hexFrom } from './random.js'
import { createRateLimiter } from './rate-limiter.js'
import type { SandboxEnv } from './resource.js'
import { route } from './router.js'
import { resolveOptions, type SandboxOptions } from './sandbox-options.js'
import { type ListenOptions, listen, type SandboxServer } from './server.js'
import { artifactPath } from './signing.js'
import {
  ACCOUNTS,
  emptyState,
  INTEGRATIONS,
  type IntegrationName,
  type SandboxAccounts,
  type SandboxState,
  seedState,
} from './state.js'
import { type SandboxTool, toolDefinitions } from './tool-definitions.js'

/** A standard fetch function answered in-process by the sandbox. */
export type SandboxFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

/** An in-memory Truto double with Octapipe, Gumloop and HappyFox accounts. */
export type Sandbox = {
  /** Origin the in-process fetch and msw handlers answer on (any origin works for `fetch`). */
  readonly baseUrl: string
  /** The bearer token the sandbox accepts. */
  readonly apiKey: string
  /** The seeded integrated account ids, by integration. */
  readonly accounts: SandboxAccounts
  /** A standard fetch answered in-process; honours `init.signal`; a relative path resolves against `baseUrl`. */
  readonly fetch: SandboxFetch
  /** Serves the sandbox over HTTP on 127.0.0.1 (or `host`; port 0 by default); close it when done. */
  listen(options?: ListenOptions): Promise<SandboxServer>
  /** Sandbox time; rate-limit windows, seeded timestamps, sessions and link expiry follow it. */
  readonly clock: SandboxClock
  /** The live data of every account and its MCP servers (`state.mcpServers`); read it, change it, push records to seed it. */
  readonly state: SandboxState
  /** Every request received, oldest first. */
  readonly requests: readonly SandboxRequestRecord[]
  /** Run-time fault injection. */
  readonly faults: SandboxFaults
  /** The tool definitions each account serves, as generated from the sandbox's resources; an edit (a blank `description`) shows in what the endpoints serve. */
  readonly tools: { readonly [K in IntegrationName]: readonly SandboxTool[] }
  /** msw request handlers answering from this sandbox; pass msw's `http` (msw is not imported here). */
  mswHandlers<Handler>(http: MswHttp<Handler>, options?: MswHandlerOptions): Handler[]
  /** Makes the account's proxy requests and MCP tool calls answer as a `blocked` (503), read-only `sandbox` (405 on writes) or `needs-reauth` (provider 401) account, or normally again (`active`). */
  setAccountStatus(accountId: string, status: SandboxAccountStatus): void
  /**
   * Back to the seeded data with no MCP servers; clears the request log and faults, sets every
   * account `active` again and gives each its whole rate-limit budget back. Keeps the clock, and
   * each rate-limit window keeps its end, so a `TrutoToolManager` reused across resets stays in
   * step (it may wait out the old window).
   */
  reset(): void
}

const NAMES = Object.keys(INTEGRATIONS) as IntegrationName[]

/** Creates a sandbox; see `SandboxOptions` for the knobs. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const resolved = resolveOptions(options)
  const clock = createClock(resolved.clock, resolved.startTime)
  const faults = createFaults(resolved.randomSeed)
  const limiter = resolved.rateLimit ? createRateLimiter(resolved.rateLimit, clock) : undefined
  const log: SandboxRequestRecord[] = []
  const sequences = new Map<string, number>()
  const statuses = new Map<string, SandboxAccountStatus>()
  const signingSecret = hexFrom(`sandbox-signing:${resolved.apiKey}`, 32)
  const tools: Sandbox['tools'] = {
    octapipe: toolDefinitions(INTEGRATIONS.octapipe as never),
    gumloop: toolDefinitions(INTEGRATIONS.gumloop as never),
    happyfox: toolDefinitions(INTEGRATIONS.happyfox as never),
  }
  const fresh = () => (resolved.seed ? seedState(clock.now()) : emptyState())
  let state = fresh()

  const env = (origin: string): SandboxEnv => ({
    origin,
    next(kind) {
      const n = (sequences.get(kind) ?? 0) + 1
      sequences.set(kind, n)
      return n
    },
    signArtifactUrl(artifactId) {
      const expiresAt = clock.now() + resolved.artifactUrlTtlMs
      return { url: `${origin}${artifactPath(signingSecret, artifactId, expiresAt)}`, expiresAt }
    },
  })
  const current = () => {
    const now = clock.now()
    for (const name of NAMES) {
      const integration = INTEGRATIONS[name]
      integration.tick?.(state[name] as never, now, env(resolved.baseUrl))
    }
    return state
  }
  const context: RouterContext = {
    apiKey: resolved.apiKey,
    clock,
    accounts: ACCOUNTS,
    accountStatus: (account) => statuses.get(account) ?? 'active',
    state: current,
    faults,
    limiter,
    log,
    tools: new Map(NAMES.map((name) => [name, tools[name]])),
    env,
    signingSecret,
  }
  const handle = (request: Request, signal?: AbortSignal) => route(context, request, signal)

  const fetch: SandboxFetch = async (input, init) => {
    const target =
      typeof input === 'string' && input.startsWith('/') ? `${resolved.baseUrl}${input}` : input
    const request = new Request(target, init)
    if (request.signal.aborted) throw request.signal.reason
    const outcome = await handle(request, request.signal)
    if (outcome === DROP) {
      // the shape undici gives a connection reset, so clients treat it as a network error
      const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })
      throw new TypeError('fetch failed', { cause })
    }
    return outcome
  }

  return {
    baseUrl: resolved.baseUrl,
    apiKey: resolved.apiKey,
    accounts: ACCOUNTS,
    fetch,
    listen: (listenOptions) => listen(handle, listenOptions),
    clock,
    get state() {
      return current()
    },
    requests: log,
    faults,
    tools,
    mswHandlers: (http, mswOptions) =>
      mswHandlers(http, mswOptions?.baseUrl ?? resolved.baseUrl, handle),
    setAccountStatus(accountId, status) {
      if (!Object.values(ACCOUNTS).includes(accountId)) {
        throw new RangeError(
          `No integrated account "${accountId}"; the sandbox has ${Object.values(ACCOUNTS).join(', ')}`,
        )
      }
      if (!ACCOUNT_STATUSES.includes(status))
        throw new TypeError(`\`status\` must be one of ${ACCOUNT_STATUSES.join(', ')}`)
      statuses.set(accountId, status)
    },
    reset() {
      state = fresh()
      log.length = 0
      sequences.clear()
      statuses.clear()
      faults.clear()
      limiter?.reset()
    },
  }
}
