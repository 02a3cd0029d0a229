import { MemoryRateLimitStore, UNKNOWN_WINDOW_MS } from './memory-rate-limit-store.js'
import {
  rateLimitLimit,
  rateLimitRemaining,
  rateLimitResetMs,
  waitFromHeaders,
} from './rate-limit-headers.js'
import type {
  RateLimitAnswer,
  RateLimitReservation,
  RateLimitStore,
  RateLimitTier,
  RateLimitTierGrant,
  RateLimitWindow,
} from './rate-limit-store.js'
import type { RateLimitSource, RateLimitTierName } from './retry-options.js'
import type { TierTurns, TurnOutcome, TurnTaker } from './tier-turns.js'

/** One request's slot in the account's budget; report its answer, or release it when there was none. */
export type RateLimitPermit = {
  /**
   * Hands the slot back and learns from the answer; `waitMs` is the wait chosen for a 429 without
   * timing headers. A 429 of Truto's own (`limitedBy: 'truto'`) closes a tier, not the account's window.
   */
  observe(status: number, headers: Headers, waitMs?: number, limitedBy?: RateLimitSource): void
  /** Hands the slot back for a request that got no answer. */
  release(): void
}

type Waiter = {
  readonly grant: (permit: RateLimitPermit) => void
  /** Told once when the waiter comes to wait for a window reset rather than for a free slot. */
  readonly onBlocked: ((waitMs: number, tier: RateLimitTierName) => void) | undefined
  told: boolean
}

/** What ends a wait: an AbortSignal, or a call's deadline, which makes one only for a wait that queues. */
export type WaitSignal = {
  readonly aborted: boolean
  readonly reason: unknown
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void
  removeEventListener(type: 'abort', listener: () => void): void
}

/** How a call asks the gate for a slot. */
export type GateWaitOptions = {
  /** Ends the wait. */
  readonly signal?: WaitSignal | undefined
  /** Longest wait in the queue; past it the call gets a {@link GateTimeout}. */
  readonly maxWaitMs?: number | undefined
  /** Jumps the queue: a retry has already waited its turn once. */
  readonly first?: boolean | undefined
  /** Called once if the call ends up waiting for the window to reset, with that wait and whose window. */
  readonly onBlocked?: ((waitMs: number, tier: RateLimitTierName) => void) | undefined
}

/** Where a gate keeps its account's window. */
export type RateLimitGateOptions = {
  readonly now?: (() => number) | undefined
  /** @default a store of the gate's own, in memory */
  readonly store?: RateLimitStore | undefined
  /** The account's name in the store. @default 'account' */
  readonly key?: string | undefined
  /**
   * Other gates (other processes) take slots from the same store: while blocked by slots held in
   * flight, ask again every {@link POLL_MS}, since their answers do not wake this gate. @default false
   */
  readonly shared?: boolean | undefined
  /** Longest a slot is held for a request that never reports back. @default 31000 */
  readonly leaseMs?: number | undefined
  /** Truto's own limits each request of this gate also counts against. @default none */
  readonly tiers?: readonly RateLimitTier[] | undefined
  /** The line gates of one API token wait in while its tier is full. @default none (no fairness) */
  readonly turns?: TierTurns | undefined
}

type EndPermit = (
  slot: string,
  first: boolean,
  status?: number,
  headers?: Headers,
  waitMs?: number,
  limitedBy?: RateLimitSource,
) => void

/** One slot: the first of `observe` and `release` hands it back; a 429 of Truto's is heard each time. */
class Permit implements RateLimitPermit {
  readonly #slot: string
  readonly #end: EndPermit
  #open = true

  constructor(slot: string, end: EndPermit) {
    this.#slot = slot
    this.#end = end
  }

  observe(status: number, headers: Headers, waitMs?: number, limitedBy?: RateLimitSource): void {
    const first = this.#open
    this.#open = false
    this.#end(this.#slot, first, status, headers, waitMs, limitedBy)
  }

  release(): void {
    const first = this.#open
    this.#open = false
    if (first) this.#end(this.#slot, true)
  }
}

/** A call waited in the queue longer than it may; `retryAfterMs` is the gate's best estimate. */
export class GateTimeout extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`still queued for the rate limit; retry after ${retryAfterMs} ms`)
  }
}

/** How often a gate on a shared store asks again while slots held elsewhere may come free. */
export const POLL_MS = 25
// slots asked for in one store operation
const MAX_BATCH = 64
// setTimeout fires at once past 2^31-1 ms; a store's word of a longer reset must not spin the queue
const MAX_TIMER_MS = 2 ** 31 - 1
// read on each call, so fake timers installed later still apply
const systemNow = () => Date.now()
// no rate-limit header is honoured past a day, so no store's window is either
const MAX_RESET_MS = 24 * 60 * 60 * 1000
const DEFAULT_LEASE_MS = 31_000

// slot ids are unique across the processes sharing a store
const SLOT_PREFIX = `${(globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2)).slice(0, 13)}:`
let slotCount = 0
const nextSlot = () => `${SLOT_PREFIX}${(++slotCount).toString(36)}`

const tierName = (key: string | undefined): RateLimitTierName =>
  key?.startsWith('account:') ? 'account' : 'token'

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function'

/**
 * The rate-limit budget of one account, shared by all its calls. Hands out at most the remaining
 * budget of the current window (counting requests in flight); a 429 or `ratelimit-remaining: 0`
 * holds every call until the reset. With nothing known yet, one request probes the limit first.
 * The window itself lives in a {@link RateLimitStore}: this process's memory by default, or one
 * shared by every process of the account; the queue of waiting calls is the gate's own.
 */
export class RateLimitGate implements TurnTaker {
  readonly now: () => number
  readonly #store: RateLimitStore
  readonly #key: string
  readonly #shared: boolean
  readonly #leaseMs: number
  readonly #tiers: readonly RateLimitTier[]
  readonly #turns: TierTurns | undefined
  // this gate's pump is its one request's turn at the full tiers
  #onTurn = false
  // when the last take from Truto's tiers fell short: when they allow one more, and whose tier
  #tierFreeAt: number | undefined
  #tierWaitName: RateLimitTierName = 'token'
  // the tier with the least room at the last take: a Truto 429 most likely came from it
  #tightest: string | undefined
  // the window as the store last told it, with the reset on this process's clock
  #limit: number | undefined
  #remaining: number | undefined
  #resetAt: number | undefined
  #inFlight = 0
  readonly #queue: Waiter[] = []
  #timer: ReturnType<typeof setTimeout> | undefined
  // permits handed out and not yet settled
  #held = 0
  // a reservation is on its way to the store; another pump waits for it
  #asking = false
  #askAgain = false
  // how every permit of this gate hands its slot back: one function, not a few per permit
  #endPermit: EndPermit | undefined

  constructor(options: RateLimitGateOptions = {}) {
    this.now = options.now ?? systemNow
    this.#store = options.store ?? new MemoryRateLimitStore({ now: this.now })
    this.#key = options.key ?? 'account'
    this.#shared = options.shared ?? false
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
    this.#tiers = options.tiers ?? []
    this.#turns = this.#tiers.length > 0 ? options.turns : undefined
  }

  /** Takes one request's turn at Truto's full tiers; see {@link TierTurns}. */
  turn(): void {
    this.#onTurn = true
    // the line keeps the time while the tiers are full
    this.#tierFreeAt = undefined
    this.#pump()
  }

  /** Milliseconds a call asking now would wait for the window to reset; 0 when budget is left. */
  blockedForMs(): number {
    this.#roll()
    const tier = this.#tierFreeAt === undefined ? 0 : Math.max(0, this.#tierFreeAt - this.now())
    if (this.#remaining === undefined || this.#resetAt === undefined) return tier
    // the budget left is spoken for by calls in flight and calls already queued
    if (this.#remaining - this.#inFlight - this.#queue.length > 0) return tier
    return Math.max(tier, this.#resetAt - this.now())
  }

  /** Whose window {@link blockedForMs} waits on. */
  blockedBy(): RateLimitTierName {
    const now = this.now()
    const tierMs = this.#tierFreeAt === undefined ? 0 : this.#tierFreeAt - now
    const providerMs = this.#resetAt === undefined ? 0 : this.#resetAt - now
    return tierMs > providerMs ? this.#tierWaitName : 'provider'
  }

  /**
   * Resolves with a permit when a request of this account may go out; rejects with the signal's
   * reason on abort, or a {@link GateTimeout} past `maxWaitMs`.
   */
  wait(options: GateWaitOptions = {}): Promise<RateLimitPermit> {
    const { signal, maxWaitMs, first = false } = options
    if (signal?.aborted) return Promise.reject(signal.reason)
    // a waiter granted within the pump below (an in-memory store with room: the usual case)
    // needs no listener, timer or promise of its own; only one left queued gets them
    let granted: RateLimitPermit | undefined
    let queued: ((permit: RateLimitPermit) => void) | undefined
    const waiter: Waiter = {
      grant(permit) {
        if (queued) queued(permit)
        else granted = permit
      },
      onBlocked: options.onBlocked,
      told: false,
    }
    if (first) this.#queue.unshift(waiter)
    else this.#queue.push(waiter)
    this.#pump()
    if (granted) return Promise.resolve(granted)
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      const leave = (error: unknown) => {
        this.#queue.splice(this.#queue.indexOf(waiter), 1)
        signal?.removeEventListener('abort', onAbort)
        clearTimeout(timer)
        reject(error)
        this.#pump()
      }
      const onAbort = () => leave(signal?.reason)
      queued = (permit) => {
        signal?.removeEventListener('abort', onAbort)
        clearTimeout(timer)
        resolve(permit)
      }
      // the pump ran callers' code (onBlocked), which may have aborted the signal meanwhile
      if (signal?.aborted) {
        leave(signal.reason)
        return
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const check = (delayMs: number) => {
        timer = setTimeout(() => {
          // behind a first probe or slow requests in flight is not a rate limit: keep waiting
          if (this.#remaining === undefined || this.#resetAt === undefined) {
            check(Math.max(delayMs, UNKNOWN_WINDOW_MS))
            return
          }
          leave(new GateTimeout(Math.max(UNKNOWN_WINDOW_MS, this.#resetAt - this.now())))
        }, delayMs)
      }
      if (maxWaitMs !== undefined && this.#queue.includes(waiter)) check(maxWaitMs)
    })
  }

  /** True when forgetting this gate loses nothing: no call waits or runs, and no window is open. */
  isIdle(): boolean {
    this.#roll()
    return (
      this.#queue.length === 0 &&
      this.#held === 0 &&
      !this.#asking &&
      this.#resetAt === undefined &&
      (this.#tierFreeAt === undefined || this.#tierFreeAt <= this.now())
    )
  }

  // what the store does at the reset, applied to the last word heard from it
  #roll(): void {
    if (this.#resetAt === undefined || this.now() < this.#resetAt) return
    this.#inFlight = 0
    this.#resetAt = undefined
    this.#remaining = this.#limit
  }

  #know(window: RateLimitWindow): void {
    this.#limit = window.limit
    this.#remaining = window.remaining
    this.#resetAt =
      window.resetInMs === undefined
        ? undefined
        : this.now() + Math.min(window.resetInMs, MAX_RESET_MS)
    this.#inFlight = window.inFlight
  }

  #pump(): void {
    if (this.#asking) {
      this.#askAgain = true
      return
    }
    clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#queue.length === 0) {
      this.#endTurn({ kind: 'idle' })
      return
    }
    // while accounts take turns at the token's tier, a newcomer waits its turn too
    if (!this.#onTurn && this.#turns?.busy) {
      this.#turns.join(this)
      return
    }
    if (this.#tierFreeAt !== undefined) {
      // asking Truto's tiers before they have room would only spend a store round trip
      if (this.now() < this.#tierFreeAt) {
        this.#schedule()
        return
      }
      this.#tierFreeAt = undefined
    }
    const batch = this.#onTurn ? 1 : MAX_BATCH
    const slots: string[] = []
    for (let i = Math.min(this.#queue.length, batch); i > 0; i--) slots.push(nextSlot())
    let reservation: RateLimitReservation | Promise<RateLimitReservation>
    try {
      reservation = this.#store.reserve(this.#key, slots, this.#leaseMs)
    } catch (error) {
      reservation = Promise.reject(error)
    }
    if (!isPromise(reservation)) {
      this.#grant(slots, reservation)
      return
    }
    this.#asking = true
    this.#askAgain = false
    reservation.then(
      (answer) => {
        this.#asking = false
        this.#grant(slots, answer)
      },
      () => {
        // the gate's stores fall back on their own; this is a store that broke its word
        this.#asking = false
        this.#endTurn({ kind: 'idle' })
        this.#schedule(POLL_MS)
      },
    )
  }

  #grant(slots: readonly string[], reservation: RateLimitReservation): void {
    this.#know(reservation.window)
    const granted = Math.max(0, Math.min(slots.length, Math.floor(reservation.granted) || 0))
    if (granted > 0 && this.#tiers.length > 0) this.#takeTiers(slots, granted)
    else this.#hand(slots, granted)
  }

  // the account's window allowed `allowed`; Truto's tiers must allow each of them too
  #takeTiers(slots: readonly string[], allowed: number): void {
    const all: RateLimitTierGrant = { granted: allowed, waitMs: undefined, tightest: undefined }
    let grant: RateLimitTierGrant | Promise<RateLimitTierGrant>
    try {
      grant = this.#store.takeTiers?.(this.#tiers, allowed) ?? all
    } catch (error) {
      grant = Promise.reject(error)
    }
    if (!isPromise(grant)) {
      this.#afterTiers(slots, allowed, grant)
      return
    }
    this.#asking = true
    grant.then(
      (answer) => {
        this.#asking = false
        this.#afterTiers(slots, allowed, answer)
      },
      () => {
        // a store that broke its word on the tiers must not stall the account: Truto's 429 teaches
        this.#asking = false
        this.#afterTiers(slots, allowed, all)
      },
    )
  }

  #afterTiers(slots: readonly string[], allowed: number, grant: RateLimitTierGrant): void {
    const granted = Math.max(0, Math.min(allowed, Math.floor(grant.granted) || 0))
    if (grant.tightest !== undefined) this.#tightest = grant.tightest
    let short: TurnOutcome | undefined
    if (granted < allowed) {
      // no tier of a sliding log needs longer than its window to free a slot
      const longest = Math.max(...this.#tiers.map((tier) => tier.windowMs))
      const waitMs = Math.min(longest, Math.max(1, grant.waitMs ?? UNKNOWN_WINDOW_MS))
      const on = tierName(grant.waitingOn ?? grant.tightest)
      this.#tierFreeAt = this.now() + waitMs
      this.#tierWaitName = on
      // only a full token tier holds every account; a full account tier holds this one alone
      short = on === 'token' ? { kind: 'short', waitMs } : { kind: 'idle' }
    }
    // slots the account's window gave and the tiers did not go back unused
    for (let i = granted; i < allowed; i++) this.#settle(slots[i] as string, undefined, false)
    if (short?.kind === 'short' && !this.#onTurn) this.#turns?.blocked(this, short.waitMs)
    this.#hand(slots, granted, short)
  }

  #hand(slots: readonly string[], granted: number, short?: TurnOutcome): void {
    const onTurn = this.#onTurn
    let i = 0
    for (; i < granted; i++) {
      const waiter = this.#queue.shift()
      if (!waiter) break
      this.#held++
      waiter.grant(this.#permit(slots[i] as string))
    }
    // callers left while the store answered: their slots go back
    for (; i < granted; i++) this.#settle(slots[i] as string, undefined, !onTurn)
    if (onTurn) {
      const more = this.#queue.length > 0 && granted > 0
      this.#askAgain = false
      this.#endTurn(short ?? { kind: more ? 'more' : 'idle' })
      // an account held by its own window leaves the line and waits for that window
      if (!more) this.#schedule()
      return
    }
    const again = this.#askAgain || granted === MAX_BATCH
    this.#askAgain = false
    if (again && this.#queue.length > 0) this.#pump()
    else this.#schedule()
  }

  #endTurn(outcome: TurnOutcome): void {
    if (!this.#onTurn) return
    this.#onTurn = false
    this.#turns?.done(this, outcome)
  }

  #schedule(retryMs?: number): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    // idle gates keep no timer, so processes and tests can exit
    if (this.#queue.length === 0) return
    let delayMs = retryMs
    const now = this.now()
    const tierMs = this.#tierFreeAt === undefined ? undefined : Math.max(0, this.#tierFreeAt - now)
    const providerMs = this.#resetAt === undefined ? undefined : Math.max(0, this.#resetAt - now)
    const waitMs = Math.max(tierMs ?? 0, providerMs ?? 0)
    if (tierMs !== undefined || providerMs !== undefined) {
      const tier = (tierMs ?? 0) > (providerMs ?? 0) ? this.#tierWaitName : 'provider'
      // a call queued behind a slot became a call held by the rate limit: its wait is worth reporting
      for (const waiter of this.#queue) {
        if (waiter.told || waitMs === 0) continue
        waiter.told = true
        waiter.onBlocked?.(waitMs, tier)
      }
      // the first window to open is worth asking about: the other may have room by then
      const first = Math.min(tierMs ?? waitMs, providerMs ?? waitMs)
      delayMs = Math.min(delayMs ?? first, first)
    }
    // slots held elsewhere come back without a word to this gate: ask again soon, unless the
    // window is spent and only its reset can help
    if (this.#shared && this.#remaining !== 0) delayMs = Math.min(delayMs ?? POLL_MS, POLL_MS)
    // in this process's own window, the next answer wakes the queue
    if (delayMs === undefined) return
    this.#timer = setTimeout(() => this.#pump(), Math.min(delayMs, MAX_TIMER_MS))
  }

  #permit(slot: string): RateLimitPermit {
    // bound, not an arrow written into the field: V8 (Node 20) keeps such an arrow alive through
    // young collections, and with it the gate and all it holds
    this.#endPermit ??= this.#end.bind(this)
    return new Permit(slot, this.#endPermit)
  }

  #end(
    slot: string,
    first: boolean,
    status?: number,
    headers?: Headers,
    waitMs?: number,
    limitedBy?: RateLimitSource,
  ): void {
    let answer: RateLimitAnswer | undefined
    if (status !== undefined && headers !== undefined) {
      if (status === 429 && limitedBy === 'truto' && this.#tiers.length > 0) {
        this.#closeTier(headers, waitMs)
        // Truto's own limit says nothing of the provider's window
      } else answer = this.#answer(status, headers, waitMs)
    }
    if (!first) return
    this.#held--
    this.#settle(slot, answer)
  }

  #settle(slot: string, answer: RateLimitAnswer | undefined, pump = true): void {
    let window: RateLimitWindow | Promise<RateLimitWindow>
    try {
      window = this.#store.settle(this.#key, slot, answer)
    } catch (error) {
      window = Promise.reject(error)
    }
    if (!isPromise(window)) {
      this.#know(window)
      if (pump) this.#pump()
      return
    }
    window.then(
      (known) => {
        this.#know(known)
        if (pump) this.#pump()
      },
      () => {
        if (pump) this.#pump()
      },
    )
  }

  // a Truto 429 closes the tier it most likely came from, for every caller sharing it; a sliding
  // window frees within its length, so a longer Retry-After (or a hostile one) is not believed
  #closeTier(headers: Headers, waitMs: number | undefined): void {
    const tier =
      this.#tiers.find((candidate) => candidate.key === this.#tightest) ??
      (this.#tiers[this.#tiers.length - 1] as RateLimitTier)
    const key = tier.key
    const forMs = Math.min(
      Math.max(UNKNOWN_WINDOW_MS, 2 * tier.windowMs),
      waitFromHeaders(headers, this.now()) ?? waitMs ?? UNKNOWN_WINDOW_MS,
    )
    this.#tierFreeAt = Math.max(this.#tierFreeAt ?? 0, this.now() + forMs)
    this.#tierWaitName = tierName(key)
    try {
      const closed = this.#store.closeTier?.(key, forMs)
      if (isPromise(closed)) closed.catch(() => undefined)
    } catch {
      // this gate waits all the same; the other callers learn from their own 429
    }
  }

  #answer(status: number, headers: Headers, waitMs: number | undefined): RateLimitAnswer {
    const now = this.now()
    const limit = rateLimitLimit(headers)
    if (status === 429) {
      const resetInMs = waitFromHeaders(headers, now) ?? waitMs ?? UNKNOWN_WINDOW_MS
      return { status, limit, remaining: rateLimitRemaining(headers), resetInMs }
    }
    const resetInMs = rateLimitResetMs(headers, now)
    return { status, limit, remaining: rateLimitRemaining(headers), resetInMs }
  }
}
