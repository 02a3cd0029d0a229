import {
  rateLimitLimit,
  rateLimitRemaining,
  rateLimitResetMs,
  waitFromHeaders,
} from './rate-limit-headers.js'

/** How long an exhausted window is assumed to last when no header says. */
const UNKNOWN_WINDOW_MS = 1000

/** One request's slot in the account's budget; report its answer, or release it when there was none. */
export type RateLimitPermit = {
  /** Hands the slot back and learns from the answer; `waitMs` is the wait chosen for a 429 without timing headers. */
  observe(status: number, headers: Headers, waitMs?: number): void
  /** Hands the slot back for a request that got no answer. */
  release(): void
}

type Waiter = {
  readonly grant: (permit: RateLimitPermit) => void
  /** Told once when the waiter comes to wait for a window reset rather than for a free slot. */
  readonly onBlocked: ((waitMs: number) => void) | undefined
  told: boolean
}

/** How a call asks the gate for a slot. */
export type GateWaitOptions = {
  /** Ends the wait. */
  readonly signal?: AbortSignal | undefined
  /** Longest wait in the queue; past it the call gets a {@link GateTimeout}. */
  readonly maxWaitMs?: number | undefined
  /** Jumps the queue: a retry has already waited its turn once. */
  readonly first?: boolean | undefined
  /** Called once if the call ends up waiting for the window to reset, with that wait. */
  readonly onBlocked?: ((waitMs: number) => void) | undefined
}

/** A call waited in the queue longer than it may; `retryAfterMs` is the gate's best estimate. */
export class GateTimeout extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`still queued for the rate limit; retry after ${retryAfterMs} ms`)
  }
}

/**
 * The rate-limit budget of one account, shared by all its calls. Hands out at most the remaining
 * budget of the current window (counting requests in flight); a 429 or `ratelimit-remaining: 0`
 * holds every call until the reset. With nothing known yet, one request probes the limit first.
 */
export class RateLimitGate {
  readonly now: () => number
  #limit: number | undefined
  #remaining: number | undefined
  #resetAt: number | undefined
  // answers without rate-limit headers: nothing to ration until a 429 says otherwise
  #open = false
  #generation = 0
  #inFlight = 0
  readonly #queue: Waiter[] = []
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(options: { readonly now?: (() => number) | undefined } = {}) {
    // read Date.now on each call, so fake timers installed later still apply
    this.now = options.now ?? (() => Date.now())
  }

  /** Milliseconds a call asking now would wait for the window to reset; 0 when budget is left. */
  blockedForMs(): number {
    this.#roll()
    if (this.#remaining === undefined || this.#resetAt === undefined) return 0
    // the budget left is spoken for by calls in flight and calls already queued
    if (this.#remaining - this.#inFlight - this.#queue.length > 0) return 0
    return Math.max(0, this.#resetAt - this.now())
  }

  /**
   * Resolves with a permit when a request of this account may go out; rejects with the signal's
   * reason on abort, or a {@link GateTimeout} past `maxWaitMs`.
   */
  wait(options: GateWaitOptions = {}): Promise<RateLimitPermit> {
    const { signal, maxWaitMs, first = false } = options
    if (signal?.aborted) return Promise.reject(signal.reason)
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
      const waiter: Waiter = {
        grant: (permit) => {
          signal?.removeEventListener('abort', onAbort)
          clearTimeout(timer)
          resolve(permit)
        },
        onBlocked: options.onBlocked,
        told: false,
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      if (first) this.#queue.unshift(waiter)
      else this.#queue.push(waiter)
      this.#pump()
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
    return this.#queue.length === 0 && this.#inFlight === 0 && this.#resetAt === undefined
  }

  #capacity(): number {
    if (this.#remaining !== undefined) return this.#remaining - this.#inFlight
    return this.#open ? Number.POSITIVE_INFINITY : 1 - this.#inFlight
  }

  #roll(): void {
    if (this.#resetAt === undefined || this.now() < this.#resetAt) return
    // requests of the old window no longer count; their late answers describe a window that is gone
    this.#generation++
    this.#inFlight = 0
    this.#resetAt = undefined
    this.#remaining = this.#limit
  }

  #pump(): void {
    this.#roll()
    while (this.#capacity() > 0) {
      const waiter = this.#queue.shift()
      if (!waiter) break
      this.#inFlight++
      waiter.grant(this.#permit())
    }
    this.#schedule()
  }

  #schedule(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    // idle gates keep no timer, so processes and tests can exit
    if (this.#queue.length === 0 || this.#resetAt === undefined) return
    const waitMs = Math.max(0, this.#resetAt - this.now())
    // a call queued behind a slot became a call held by the rate limit: its wait is worth reporting
    for (const waiter of this.#queue) {
      if (waiter.told || waitMs === 0) continue
      waiter.told = true
      waiter.onBlocked?.(waitMs)
    }
    this.#timer = setTimeout(() => this.#pump(), waitMs)
  }

  #permit(): RateLimitPermit {
    const generation = this.#generation
    let settled = false
    const settle = (learn: () => void) => {
      if (settled) return
      settled = true
      this.#roll()
      if (generation === this.#generation) {
        this.#inFlight--
        learn()
      }
      this.#pump()
    }
    return {
      observe: (status, headers, waitMs) => settle(() => this.#learn(status, headers, waitMs)),
      release: () => settle(() => {}),
    }
  }

  #learn(status: number, headers: Headers, waitMs: number | undefined): void {
    const now = this.now()
    const limit = rateLimitLimit(headers)
    const remaining = rateLimitRemaining(headers)
    const resetMs = rateLimitResetMs(headers, now)
    if (limit !== undefined) this.#limit = limit
    if (status === 429) {
      this.#open = false
      this.#remaining = 0
      this.#resetAt = now + (waitFromHeaders(headers, now) ?? waitMs ?? UNKNOWN_WINDOW_MS)
      return
    }
    const informed = limit !== undefined || remaining !== undefined || resetMs !== undefined
    if (remaining !== undefined) this.#remaining = Math.min(this.#remaining ?? remaining, remaining)
    else if (this.#remaining !== undefined) this.#remaining = Math.max(0, this.#remaining - 1)
    // integer seconds round up, so the earliest reset heard in a window is the closest to the truth
    if (resetMs !== undefined) this.#resetAt = Math.min(this.#resetAt ?? Infinity, now + resetMs)
    if (this.#remaining === 0) this.#resetAt ??= now + UNKNOWN_WINDOW_MS
    this.#open = !informed && this.#remaining === undefined
  }
}
