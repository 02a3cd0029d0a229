import type { RateLimitTier, RateLimitTierGrant } from './rate-limit-store.js'

type Log = {
  /** Send times in order; those before `head` have left the window. */
  sends: number[]
  head: number
  closedUntil: number
  /** The tier's window when last asked, so an idle log can be swept. */
  windowMs: number
}

const SWEEP_EVERY = 256

/**
 * Truto's tiers in this process's memory: a sliding log of sends per tier, so no window of
 * `windowMs` (however the server aligns its own) ever holds more than `limit` requests.
 */
export class MemoryTiers {
  readonly #logs = new Map<string, Log>()
  readonly #now: () => number
  #takes = 0

  constructor(now: () => number) {
    this.#now = now
  }

  take(tiers: readonly RateLimitTier[], count: number): RateLimitTierGrant {
    const now = this.#now()
    if (++this.#takes % SWEEP_EVERY === 0) this.#sweep(now)
    // plain loops: this runs for every request
    const logs: Log[] = []
    let granted = Math.max(0, Math.floor(count))
    for (const tier of tiers) {
      const log = this.#log(tier, now)
      logs.push(log)
      const room = now < log.closedUntil ? 0 : tier.limit - (log.sends.length - log.head)
      granted = Math.max(0, Math.min(granted, room))
    }
    let waitMs: number | undefined
    let waitingOn: string | undefined
    let tightest: string | undefined
    let least = Number.POSITIVE_INFINITY
    for (let i = 0; i < tiers.length; i++) {
      const tier = tiers[i] as RateLimitTier
      const log = logs[i] as Log
      for (let n = 0; n < granted; n++) log.sends.push(now)
      const used = log.sends.length - log.head
      const left = (tier.limit - used) / tier.limit
      if (left < least) {
        least = left
        tightest = tier.key
      }
      if (granted === count) continue
      // the wait until this tier has room for one more: its closure, or its oldest send leaving
      const wait =
        now < log.closedUntil
          ? log.closedUntil - now
          : used >= tier.limit
            ? (log.sends[log.head + used - tier.limit] as number) + tier.windowMs - now
            : 0
      if (waitMs === undefined || wait > waitMs) {
        waitMs = wait
        waitingOn = tier.key
      }
    }
    return { granted, waitMs, tightest, waitingOn }
  }

  close(key: string, forMs: number): void {
    const now = this.#now()
    let log = this.#logs.get(key)
    if (!log) {
      log = { sends: [], head: 0, closedUntil: 0, windowMs: 0 }
      this.#logs.set(key, log)
    }
    log.closedUntil = Math.max(log.closedUntil, now + forMs)
  }

  /** Forgets every tier with no send in its window and no closure. */
  #sweep(now: number): void {
    for (const [key, log] of this.#logs) {
      const last = log.sends.at(-1)
      if (log.closedUntil <= now && (last === undefined || last <= now - log.windowMs))
        this.#logs.delete(key)
    }
  }

  #log(tier: RateLimitTier, now: number): Log {
    let log = this.#logs.get(tier.key)
    if (!log) {
      log = { sends: [], head: 0, closedUntil: 0, windowMs: tier.windowMs }
      this.#logs.set(tier.key, log)
    }
    log.windowMs = tier.windowMs
    const from = now - tier.windowMs
    while (log.head < log.sends.length && (log.sends[log.head] as number) <= from) log.head++
    // drop what left the window once it is most of the array, so each send is copied about once
    if (log.head > 64 && log.head * 2 > log.sends.length) {
      log.sends = log.sends.slice(log.head)
      log.head = 0
    }
    return log
  }
}
