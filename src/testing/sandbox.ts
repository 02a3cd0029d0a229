import type { RouterContext, SandboxRequestRecord } from './context.js'
import type { IntegrationSpec, SandboxEnv } from './integrations/resource.js'
import { type SandboxTool, toolDefinitions } from './integrations/tool-definitions.js'
import { type MswHandlerOptions, type MswHttp, mswHandlers } from './msw-handlers.js'
import { route } from './router.js'
import { DROP } from './routes/fault-response.js'
import { resolveOptions, type SandboxOptions } from './sandbox-options.js'
import { type ListenOptions, listen, type SandboxServer } from './server.js'
import { ACCOUNT_STATUSES, type SandboxAccountStatus } from './state/account-status.js'
import { createClock, type SandboxClock } from './state/clock.js'
import { createFaults, type SandboxFaults } from './state/faults.js'
import { hexFrom } from './state/random.js'
import { createRateLimiter } from './state/rate-limiter.js'
import { artifactPath } from './state/signing.js'
import {
  accountIdsFor,
  createState,
  INTEGRATION_NAMES,
  INTEGRATIONS,
  type IntegrationName,
  type OnRead,
  type SandboxAccountIds,
  type SandboxAccountStates,
  type SandboxAccounts,
  type SandboxState,
} from './state/state.js'
import { createTrutoTiers } from './state/truto-tiers.js'

/** A standard fetch function answered in-process by the sandbox. */
export type SandboxFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

/** An in-memory Truto double with Octapipe, Gumloop and HappyFox accounts. */
export type Sandbox = {
  /** Origin the in-process fetch and msw handlers answer on (any origin works for `fetch`). */
  readonly baseUrl: string
  /** The bearer token the sandbox accepts. */
  readonly apiKey: string
  /** The first integrated account id of each integration (`accountIds` lists them all). */
  readonly accounts: SandboxAccounts
  /** Every integrated account id, by integration: `acct_<integration>_1` … `_<accountsPerIntegration>`. */
  readonly accountIds: SandboxAccountIds
  /** A standard fetch answered in-process; honours `init.signal`; a relative path resolves against `baseUrl`. */
  readonly fetch: SandboxFetch
  /** Serves the sandbox over HTTP on 127.0.0.1 (or `host`; port 0 by default); close it when done. */
  listen(options?: ListenOptions): Promise<SandboxServer>
  /** Sandbox time; rate-limit and Truto tier windows, seeded timestamps, sessions and link expiry follow it. */
  readonly clock: SandboxClock
  /** The live data of the first account of each integration and the MCP servers of all (`state.mcpServers`); read it, change it, push records to seed it. */
  readonly state: SandboxState
  /** The live data of every account, by integration and account id: `accountStates.gumloop.acct_gumloop_2`; `state.gumloop` is the first's. */
  readonly accountStates: SandboxAccountStates
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
   * account `active` again and gives each account and Truto tier its whole budget back. Keeps the
   * clock, and each window keeps its end, so a `TrutoToolManager` reused across resets stays in
   * step (it may wait out the old window).
   */
  reset(): void
}

/**
 * Creates a sandbox: an in-memory Truto answering through `sandbox.fetch`, msw handlers or
 * `listen()`, with seeded accounts of each integration; see {@link SandboxOptions} for the knobs.
 *
 * @param options The API key and origin it answers on, rate limits, accounts, clock and seed.
 * @throws TypeError when an option is not valid, naming it.
 *
 * @example
 * ```ts
 * import { TrutoToolManager } from 'truto-langchainjs-toolset'
 * import { createSandbox } from 'truto-langchainjs-toolset/testing'
 *
 * const sandbox = createSandbox({ rateLimit: { limit: 10, windowMs: 1_000 } })
 * const manager = new TrutoToolManager({
 *   apiKey: sandbox.apiKey,
 *   baseUrl: sandbox.baseUrl,
 *   fetch: sandbox.fetch,
 * })
 * const tools = await manager.getTools(sandbox.accounts.octapipe)
 * // … run the agent with `tools`, then assert on what it did:
 * const notifications = sandbox.state.octapipe.notifications
 * const throttled = sandbox.requests.filter((request) => request.status === 429)
 * ```
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const resolved = resolveOptions(options)
  const clock = createClock(resolved.clock, resolved.startTime)
  const faults = createFaults(resolved.randomSeed)
  const limiter = resolved.rateLimit ? createRateLimiter(resolved.rateLimit, clock) : undefined
  const { perToken, perAccount } = resolved.trutoLimits
  const tiers = perToken || perAccount ? createTrutoTiers(resolved.trutoLimits, clock) : undefined
  const accountIds = accountIdsFor(resolved.accountsPerIntegration)
  const accounts: SandboxAccounts = Object.freeze({
    octapipe: accountIds.octapipe[0] ?? '',
    gumloop: accountIds.gumloop[0] ?? '',
    happyfox: accountIds.happyfox[0] ?? '',
  })
  const owners = new Map<string, IntegrationName>(
    INTEGRATION_NAMES.flatMap((name) => accountIds[name].map((id) => [id, name] as const)),
  )
  const log: SandboxRequestRecord[] = []
  const sequences = new Map<string, number>()
  const statuses = new Map<string, SandboxAccountStatus>()
  const signingSecret = hexFrom(`sandbox-signing:${resolved.apiKey}`, 32)
  const tools: Sandbox['tools'] = {
    octapipe: toolDefinitions(INTEGRATIONS.octapipe as never),
    gumloop: toolDefinitions(INTEGRATIONS.gumloop as never),
    happyfox: toolDefinitions(INTEGRATIONS.happyfox as never),
  }

  const env = (origin: string, account: string): SandboxEnv => ({
    origin,
    next(kind) {
      const n = (sequences.get(kind) ?? 0) + 1
      sequences.set(kind, n)
      return n
    },
    signArtifactUrl(artifactId) {
      const expiresAt = clock.now() + resolved.artifactUrlTtlMs
      const path = artifactPath(signingSecret, account, artifactId, expiresAt)
      return { url: `${origin}${path}`, expiresAt }
    },
  })
  // each account's data catches up with sandbox time (Gumloop sessions run) whenever it is read
  const onRead: OnRead = (name, account, data) => {
    const integration = INTEGRATIONS[name] as IntegrationSpec<typeof data>
    integration.tick?.(data, clock.now(), env(resolved.baseUrl, account))
  }
  const fresh = () => createState(accountIds, resolved.seed ? clock.now() : undefined, onRead)
  let { state, byAccount } = fresh()

  const context: RouterContext = {
    apiKey: resolved.apiKey,
    clock,
    integrationOf: (account) => owners.get(account),
    accountState: (name, account) => {
      const data = byAccount[name][account]
      if (!data) throw new RangeError(`No ${name} account "${account}"`)
      return data
    },
    accountStatus: (account) => statuses.get(account) ?? 'active',
    state: () => state,
    faults,
    limiter,
    tiers,
    log,
    tools: new Map(INTEGRATION_NAMES.map((name) => [name, tools[name]])),
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
    accounts,
    accountIds,
    fetch,
    listen: (listenOptions) => listen(handle, listenOptions),
    clock,
    get state() {
      return state
    },
    get accountStates() {
      return byAccount
    },
    requests: log,
    faults,
    tools,
    mswHandlers: (http, mswOptions) =>
      mswHandlers(http, mswOptions?.baseUrl ?? resolved.baseUrl, handle),
    setAccountStatus(accountId, status) {
      if (!owners.has(accountId)) {
        const known = INTEGRATION_NAMES.map((name) => {
          const ids = accountIds[name]
          return ids.length > 2 ? `${ids[0]} … ${ids.at(-1)}` : ids.join(', ')
        }).join(', ')
        throw new RangeError(`No integrated account "${accountId}"; the sandbox has ${known}`)
      }
      if (!ACCOUNT_STATUSES.includes(status))
        throw new TypeError(`\`status\` must be one of ${ACCOUNT_STATUSES.join(', ')}`)
      statuses.set(accountId, status)
    },
    reset() {
      ;({ state, byAccount } = fresh())
      log.length = 0
      sequences.clear()
      statuses.clear()
      faults.clear()
      limiter?.reset()
      tiers?.reset()
    },
  }
}
