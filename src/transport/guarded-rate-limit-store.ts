import type { MemoryRateLimitStore } from './memory-rate-limit-store.js'
import type {
  RateLimitAnswer,
  RateLimitReservation,
  RateLimitStore,
  RateLimitTier,
  RateLimitTierGrant,
  RateLimitWindow,
} from './rate-limit-store.js'

/** How long a store operation may take when the store does not say. */
export const STORE_TIMEOUT_MS = 50
/** How long calls go on without a failed store before it is asked again. */
export const STORE_RETRY_MS = 1000

/** The store did not answer in time. */
class StoreTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`)
  }
}

/**
 * A shared store whose faults never stall a call: each operation is bounded, and while the store
 * fails, slots come from this process's own window (one warning per outage); a second later the
 * store is asked again, and used again as soon as it answers. A reservation that answers after
 * its deadline has its slots handed straight back, so nothing is held for a call that went on.
 */
export class GuardedRateLimitStore implements RateLimitStore {
  readonly #remote: RateLimitStore
  readonly #local: MemoryRateLimitStore
  readonly #warn: (message: string) => void
  readonly #now: () => number
  // slots handed out by the local window while the store was down
  readonly #localSlots = new Set<string>()
  #down = false
  #retryAt = 0
  #trying = false

  constructor(
    remote: RateLimitStore,
    local: MemoryRateLimitStore,
    warn: (message: string) => void,
    now: () => number = () => Date.now(),
  ) {
    this.#remote = remote
    this.#local = local
    this.#warn = warn
    this.#now = now
  }

  reserve(
    account: string,
    slots: readonly string[],
    leaseMs: number,
  ): RateLimitReservation | Promise<RateLimitReservation> {
    if (this.#down && (this.#trying || this.#now() < this.#retryAt)) {
      return this.#reserveLocally(account, slots)
    }
    const trial = this.#down
    if (trial) this.#trying = true
    const handBack = (late: RateLimitReservation) => {
      const granted = grantedOf(late, slots.length)
      for (let i = 0; i < granted; i++) {
        void this.#bounded(() => this.#remote.settle(account, slots[i] as string, undefined)).catch(
          () => undefined,
        )
      }
    }
    return this.#bounded(() => this.#remote.reserve(account, slots, leaseMs), handBack).then(
      (reservation) => {
        if (trial) this.#trying = false
        this.#down = false
        return {
          granted: grantedOf(reservation, slots.length),
          window: windowOf(reservation.window),
        }
      },
      (error: unknown) => {
        if (trial) this.#trying = false
        this.#fail(error)
        return this.#reserveLocally(account, slots)
      },
    )
  }

  settle(
    account: string,
    slot: string,
    answer: RateLimitAnswer | undefined,
  ): RateLimitWindow | Promise<RateLimitWindow> {
    if (this.#localSlots.delete(slot)) return this.#local.settle(account, slot, answer)
    return this.#bounded(() => this.#remote.settle(account, slot, answer)).then(
      windowOf,
      (error: unknown) => {
        this.#fail(error)
        return this.#local.peek(account)
      },
    )
  }

  // a store without tiers, or one that is down, leaves them to this process (a late answer only
  // over-counts, which errs on the side of fewer 429s)
  takeTiers(
    tiers: readonly RateLimitTier[],
    count: number,
  ): RateLimitTierGrant | Promise<RateLimitTierGrant> {
    const remote = this.#remote
    if (!remote.takeTiers || (this.#down && (this.#trying || this.#now() < this.#retryAt))) {
      return this.#local.takeTiers(tiers, count)
    }
    return this.#bounded(() =>
      (remote.takeTiers as NonNullable<typeof remote.takeTiers>)(tiers, count),
    ).then(
      (grant) => tierGrantOf(grant, count),
      (error: unknown) => {
        this.#fail(error)
        return this.#local.takeTiers(tiers, count)
      },
    )
  }

  closeTier(key: string, forMs: number): void | Promise<void> {
    this.#local.closeTier(key, forMs)
    if (!this.#remote.closeTier || this.#down) return
    const remote = this.#remote
    return this.#bounded(() => remote.closeTier?.(key, forMs)).then(
      () => undefined,
      (error: unknown) => this.#fail(error),
    )
  }

  close(): void | Promise<void> {
    return this.#remote.close?.()
  }

  #reserveLocally(account: string, slots: readonly string[]): RateLimitReservation {
    const reservation = this.#local.reserve(account, slots)
    for (let i = 0; i < reservation.granted; i++) this.#localSlots.add(slots[i] as string)
    return reservation
  }

  #fail(error: unknown): void {
    this.#retryAt = this.#now() + STORE_RETRY_MS
    if (this.#down) return
    this.#down = true
    try {
      this.#warn(
        `The rate-limit store failed (${describe(error)}); calls go on with this process's own rate-limit gate, and use the store again once it answers.`,
      )
    } catch {
      // a throwing warning handler must not fail the call
    }
  }

  // the store's own bound may change (a first connection may take longer than an operation)
  #bounded<T>(run: () => T | Promise<T>, onLate?: (value: T) => void): Promise<T> {
    const ms = timeoutOf(this.#remote)
    return new Promise<T>((resolve, reject) => {
      let done = false
      const expire = () => {
        if (done) return
        done = true
        reject(new StoreTimeout(ms))
      }
      // kept referenced: a call waiting on the store must keep the process alive
      let timer = setTimeout(
        stallTolerant(ms, this.#now, (extend) => {
          if (extend) timer = setTimeout(expire, ms)
          // a busy event loop may hold an answer that came in time: let it be read first
          else setTimeout(expire, 0)
        }),
        ms,
      )
      let operation: Promise<T>
      try {
        operation = Promise.resolve(run())
      } catch (error) {
        operation = Promise.reject(error)
      }
      operation.then(
        (value) => {
          if (done) return onLate?.(value)
          done = true
          clearTimeout(timer)
          resolve(value)
        },
        (error: unknown) => {
          if (done) return
          done = true
          clearTimeout(timer)
          reject(error)
        },
      )
    })
  }
}

/**
 * A deadline's timer callback that tells a busy process from a slow store: on an idle event loop
 * timers fire on time, so one that fired late was held up by this process (loading modules, a
 * long synchronous task, a starved CPU), which may have kept the answer from being sent or read;
 * the store then gets its time again, once.
 */
function stallTolerant(ms: number, now: () => number, fire: (extend: boolean) => void): () => void {
  const due = now() + ms
  return () => fire(now() - due > STALL_MS)
}

// a timer this late was held up by its own process, not by the store
const STALL_MS = 10

function timeoutOf(store: RateLimitStore): number {
  const ms = store.timeoutMs
  return typeof ms === 'number' && ms > 0 && ms <= 2 ** 31 - 1 ? ms : STORE_TIMEOUT_MS
}

const grantedOf = (reservation: RateLimitReservation, asked: number): number =>
  Math.max(0, Math.min(asked, Math.floor(Number(reservation?.granted)) || 0))

// a custom store's word is checked, so a bad answer cannot stall the queue
function windowOf(window: RateLimitWindow | undefined): RateLimitWindow {
  return {
    limit: count(window?.limit),
    remaining: count(window?.remaining),
    resetInMs: count(window?.resetInMs),
    inFlight: count(window?.inFlight) ?? 0,
    open: window?.open === true,
  }
}

function tierGrantOf(grant: RateLimitTierGrant | undefined, asked: number): RateLimitTierGrant {
  return {
    granted: Math.max(0, Math.min(asked, Math.floor(Number(grant?.granted)) || 0)),
    waitMs: count(grant?.waitMs),
    tightest: typeof grant?.tightest === 'string' ? grant.tightest : undefined,
    waitingOn: typeof grant?.waitingOn === 'string' ? grant.waitingOn : undefined,
  }
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error)
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}
