/** Why a call waits before its next attempt. */
export type RetryReason = 'rate-limited' | 'server-error' | 'timeout' | 'network'

import type { RateLimitSource } from '../errors/errors.js'

export type { RateLimitSource }

/** Whose window a wait is for: Truto's per-token or per-account tier, or the provider's own. */
export type RateLimitTierName = 'token' | 'account' | 'provider'

/** What a wait is for; passed to `onRetry` and carried by each `truto_rate_limited` event. */
export type RetryContext = Readonly<{
  /** Attempts sent so far: the one that just failed, or 0 before the first. */
  attemptNumber: number
  /** Retries still allowed, counting the one this wait leads to. */
  retriesLeft: number
  /** How long the call waits, in milliseconds. */
  waitMs: number
  /** Why the call waits: a 429 or a used-up window, a 5xx, or a failed request. */
  reason: RetryReason
  /** HTTP status of the answer that caused the wait, when there was one. */
  status?: number
  /** Whose limit the 429 that caused the wait came from; absent for other waits and shared ones. */
  limitedBy?: RateLimitSource
  /** For rate-limit waits: the window waited on, Truto's `token` or `account` tier or the `provider`'s. */
  tier?: RateLimitTierName
  /** True when the wait comes from the account's shared limit, not from this call's own answer. */
  shared: boolean
}>

export type RetryOptions = {
  /**
   * Retries after the first attempt, for 429s and (where repeating is safe) 5xx and network errors.
   * @default 4
   */
  readonly maxRetries: number
  /**
   * The longest single wait; when the server asks for more, the call fails at once with `TrutoRateLimitError`.
   * @default 60_000
   */
  readonly maxRetryWaitMs: number
  /**
   * Also repeat create, update and custom calls after a 5xx, timeout or network error; they may run twice.
   * @default false
   */
  readonly retryUnsafe: boolean
  /**
   * The longest a call may take in all: queueing, attempts and waits. Past it the call ends as a
   * timeout, or as rate limited when it was waiting for the window.
   * @default 120_000
   */
  readonly totalTimeoutMs: number
  /** Called before each retry's wait. */
  readonly onRetry?: ((context: RetryContext) => void) | undefined
}

export const DEFAULT_RETRY: RetryOptions = Object.freeze({
  maxRetries: 4,
  maxRetryWaitMs: 60_000,
  retryUnsafe: false,
  totalTimeoutMs: 120_000,
})

/** Shape of the fallback when no header says how long to wait. */
export const BACKOFF_DELAY = Object.freeze({ baseMs: 500, capMs: 30_000 })
