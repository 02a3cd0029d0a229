import type { SandboxEnv } from './integrations/resource.js'
import type { SandboxTool } from './integrations/tool-definitions.js'
import type { SandboxAccountStatus } from './state/account-status.js'
import type { SandboxClock } from './state/clock.js'
import type { FaultKind, FaultRegistry } from './state/faults.js'
import type { RateLimiter } from './state/rate-limiter.js'
import type { IntegrationName, IntegrationStates, SandboxState } from './state/state.js'
import type { TrutoTiers } from './state/truto-tiers.js'

/** One request the sandbox received, as `sandbox.requests` lists it. */
export type SandboxRequestRecord = {
  /** The HTTP method, e.g. `GET`. */
  readonly method: string
  /** The path as sent, still URL-encoded. */
  readonly path: string
  /**
   * The query string read into values (`a[0]=x` becomes an array) as null-prototype objects.
   * Empty for a request without the right token (it is never parsed), with a refused key, or
   * refused by Truto's own rate limit (refused before anything is read).
   */
  readonly query: Readonly<Record<string, unknown>>
  /** The parsed JSON body, the raw text when it was not JSON; undefined when absent or unread. */
  readonly body: unknown
  /** The answer's status; 0 when the connection was dropped. */
  readonly status: number
  /** The integrated account the request was for, when it named one. */
  readonly account: string | undefined
  /** The injected fault that struck, if any. */
  readonly fault: FaultKind | undefined
  /** Sandbox time of arrival, in ms since the epoch. */
  readonly at: number
}

/** What the router needs from the sandbox. */
export type RouterContext = {
  readonly apiKey: string
  readonly clock: SandboxClock
  /** The integration an account id belongs to; undefined for an id the sandbox does not have. */
  integrationOf(account: string): IntegrationName | undefined
  /** One account's data, with time-driven changes applied up to now. */
  accountState<K extends IntegrationName>(integration: K, account: string): IntegrationStates[K]
  /** What `sandbox.setAccountStatus` last set for the account; `active` otherwise. */
  accountStatus(account: string): SandboxAccountStatus
  /** The whole state; each account's data is brought up to now when read. */
  state(): SandboxState
  readonly faults: FaultRegistry
  readonly limiter: RateLimiter | undefined
  /** Truto's own per-token and per-account tiers; undefined when both are off. */
  readonly tiers: TrutoTiers | undefined
  readonly log: SandboxRequestRecord[]
  readonly tools: ReadonlyMap<IntegrationName, readonly SandboxTool[]>
  /** What handlers of `account` may use; links they sign name the account. */
  env(origin: string, account: string): SandboxEnv
  readonly signingSecret: string
}
