/**
 * What a store knows of one account's rate-limit window, as of the moment it answered. Times are
 * durations from that moment, so a store may keep its own clock (Redis uses the server's `TIME`).
 */
export type RateLimitWindow = {
  /** Requests allowed per window (`ratelimit-limit`), once an answer said. */
  readonly limit: number | undefined
  /** Requests left in this window as answers reported them; undefined until one said. */
  readonly remaining: number | undefined
  /** Milliseconds until the window resets, when known. */
  readonly resetInMs: number | undefined
  /** Slots held by requests still in flight, in every process sharing the store. */
  readonly inFlight: number
  /** Answers carry no rate-limit headers: requests are not rationed until a 429 says otherwise. */
  readonly open: boolean
}

/** The outcome of {@link RateLimitStore.reserve}: the first `granted` slots asked for are held. */
export type RateLimitReservation = {
  /** How many of the slots asked for are held: the first `granted` of them, in order. */
  readonly granted: number
  /** The window after the reservation. */
  readonly window: RateLimitWindow
}

/** What one answer said about the window; durations count from when it arrived. */
export type RateLimitAnswer = {
  /** HTTP status; a 429 spends the window until `resetInMs`. */
  readonly status: number
  /** `ratelimit-limit`, when sent. */
  readonly limit: number | undefined
  /** `ratelimit-remaining`, when sent. */
  readonly remaining: number | undefined
  /** `ratelimit-reset` in milliseconds; for a 429 always set: the wait chosen (`retry-after`, else backoff). */
  readonly resetInMs: number | undefined
}

/**
 * A request limit of Truto's own, in front of every provider, shared by every caller of its key:
 * per API token (all accounts together) or per integrated account.
 */
export type RateLimitTier = {
  /** Who shares it: `token:<hash of the token>` or `account:<id>`; never the token itself. */
  readonly key: string
  /** Requests allowed in any window of `windowMs`. */
  readonly limit: number
  /** The window, in milliseconds. */
  readonly windowMs: number
}

/** The outcome of {@link RateLimitStore.takeTiers}. */
export type RateLimitTierGrant = {
  /** Requests every tier allows now; each is counted in all of them. */
  readonly granted: number
  /** When fewer than asked were granted: milliseconds until every tier allows one more. */
  readonly waitMs: number | undefined
  /** The tier with the least room left, which a Truto 429 most likely came from. */
  readonly tightest: string | undefined
  /** When fewer than asked were granted: the tier whose wait is the longest. */
  readonly waitingOn?: string | undefined
}

/**
 * Where the rate-limit gate keeps each account's window: what answers taught it (limit, remaining,
 * reset) and the slots held by requests in flight. The default keeps it in the manager's memory;
 * `truto-langchainjs-toolset/redis` keeps it in Redis, shared by every process of the account.
 *
 * A store hands out slots and learns from answers, each step atomic for everyone sharing it:
 * - a window whose reset has passed starts afresh: `remaining` becomes `limit`, every slot is freed,
 *   and answers to slots of the old window teach nothing;
 * - slots granted = `remaining - inFlight` when `remaining` is known; all of them while the window
 *   is `open`; otherwise one probe at a time (`1 - inFlight`) until an answer tells the limit;
 * - a 429 sets `remaining` to 0 until `resetInMs`, for everyone; another answer lowers `remaining`
 *   to what it reports (or by one when it reports none) and brings the reset forward, never back;
 *   `remaining` 0 with no reset known waits one second; an answer without any rate-limit header
 *   while nothing is known opens the window.
 *
 * Methods may answer synchronously. A shared store should bound its own operations: the gate stops
 * waiting after {@link RateLimitStore.timeoutMs}, goes on with this process's own window, warns once
 * through `onWarning`, and asks the store again a second later.
 */
export interface RateLimitStore {
  /**
   * Holds as many of `slots` (unique ids, in order) as the window allows, each for at most
   * `leaseMs`: a process that died holding a slot must not keep it.
   */
  reserve(
    account: string,
    slots: readonly string[],
    leaseMs: number,
  ): RateLimitReservation | Promise<RateLimitReservation>
  /**
   * Frees a slot and learns from its request's answer (`undefined`: the request got none).
   * A slot the store no longer holds (expired, or of a past window) teaches nothing.
   */
  settle(
    account: string,
    slot: string,
    answer: RateLimitAnswer | undefined,
  ): RateLimitWindow | Promise<RateLimitWindow>
  /**
   * Counts up to `count` requests in every one of `tiers` at once (each request in all of them, or
   * in none): as many as each tier's sends within its last `windowMs` and any closure allow. A store
   * without it leaves Truto's tiers to each process's memory.
   */
  takeTiers?(
    tiers: readonly RateLimitTier[],
    count: number,
  ): RateLimitTierGrant | Promise<RateLimitTierGrant>
  /** A Truto 429 with `Retry-After`: the tier allows nothing for `forMs`, for every caller sharing it. */
  closeTier?(key: string, forMs: number): void | Promise<void>
  /** How long the gate waits for one operation before going on without the store. @default 50 */
  readonly timeoutMs?: number | undefined
  /** Releases what the store owns (a connection it opened); `manager.close()` calls it. */
  close?(): void | Promise<void>
}
