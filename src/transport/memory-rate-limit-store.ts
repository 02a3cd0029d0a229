import { MemoryTiers } from './memory-tiers.js'
import type {
  RateLimitAnswer,
  RateLimitReservation,
  RateLimitStore,
  RateLimitTier,
  RateLimitTierGrant,
  RateLimitWindow,
} from './rate-limit-store.js'

/** How long an exhausted window is assumed to last when no header says. */
export const UNKNOWN_WINDOW_MS = 1000

type Window = {
  limit: number | undefined
  remaining: number | undefined
  resetAt: number | undefined
  open: boolean
  /** Slots of the current window still in flight; a reset forgets them. */
  readonly held: Set<string>
}

/** The default store: each account's window in this process's memory, answered synchronously. */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #windows = new Map<string, Window>()
  readonly #now: () => number
  readonly #tiers: MemoryTiers

  constructor(options: { readonly now?: (() => number) | undefined } = {}) {
    // read Date.now on each call, so fake timers installed later still apply
    const now = options.now ?? (() => Date.now())
    this.#now = now
    this.#tiers = new MemoryTiers(now)
  }

  takeTiers(tiers: readonly RateLimitTier[], count: number): RateLimitTierGrant {
    return this.#tiers.take(tiers, count)
  }

  closeTier(key: string, forMs: number): void {
    this.#tiers.close(key, forMs)
  }

  reserve(account: string, slots: readonly string[]): RateLimitReservation {
    const now = this.#now()
    const window = this.#window(account, now)
    const granted = Math.max(0, Math.min(slots.length, capacity(window)))
    for (let i = 0; i < granted; i++) window.held.add(slots[i] as string)
    return { granted, window: view(window, now) }
  }

  settle(account: string, slot: string, answer: RateLimitAnswer | undefined): RateLimitWindow {
    const now = this.#now()
    const window = this.#window(account, now)
    // requests of a window that reset no longer count; their late answers describe a window gone
    if (window.held.delete(slot) && answer) learn(window, answer, now)
    return view(window, now)
  }

  /** The account's window as it stands. */
  peek(account: string): RateLimitWindow {
    const now = this.#now()
    return view(this.#window(account, now), now)
  }

  /** Forgets an account whose window holds nothing worth keeping: no slot held, no reset due. */
  forget(account: string): void {
    const window = this.#windows.get(account)
    if (!window) return
    roll(window, this.#now())
    if (window.held.size === 0 && window.resetAt === undefined) this.#windows.delete(account)
  }

  #window(account: string, now: number): Window {
    let window = this.#windows.get(account)
    if (!window) {
      window = {
        limit: undefined,
        remaining: undefined,
        resetAt: undefined,
        open: false,
        held: new Set(),
      }
      this.#windows.set(account, window)
    } else roll(window, now)
    return window
  }
}

function roll(window: Window, now: number): void {
  if (window.resetAt === undefined || now < window.resetAt) return
  window.held.clear()
  window.resetAt = undefined
  window.remaining = window.limit
}

function capacity(window: Window): number {
  if (window.remaining !== undefined) return window.remaining - window.held.size
  // answers without rate-limit headers: nothing to ration until a 429 says otherwise;
  // with nothing known yet, one request probes the limit first
  return window.open ? Number.POSITIVE_INFINITY : 1 - window.held.size
}

function learn(window: Window, answer: RateLimitAnswer, now: number): void {
  const { limit, remaining, resetInMs } = answer
  if (limit !== undefined) window.limit = limit
  if (answer.status === 429) {
    window.open = false
    window.remaining = 0
    window.resetAt = now + (resetInMs ?? UNKNOWN_WINDOW_MS)
    return
  }
  const informed = limit !== undefined || remaining !== undefined || resetInMs !== undefined
  if (remaining !== undefined) window.remaining = Math.min(window.remaining ?? remaining, remaining)
  else if (window.remaining !== undefined) window.remaining = Math.max(0, window.remaining - 1)
  // integer seconds round up, so the earliest reset heard in a window is the closest to the truth
  if (resetInMs !== undefined)
    window.resetAt = Math.min(window.resetAt ?? Infinity, now + resetInMs)
  if (window.remaining === 0) window.resetAt ??= now + UNKNOWN_WINDOW_MS
  window.open = !informed && window.remaining === undefined
}

const view = (window: Window, now: number): RateLimitWindow => ({
  limit: window.limit,
  remaining: window.remaining,
  resetInMs: window.resetAt === undefined ? undefined : Math.max(0, window.resetAt - now),
  inFlight: window.held.size,
  open: window.open,
})
