import type { SandboxClock } from './clock.js'

/** A fixed window of `limit` requests per `windowMs`, counted per integrated account. */
export type RateLimitOptions = {
  /** Requests allowed per window and account. */
  readonly limit: number
  /** Window length in sandbox milliseconds. */
  readonly windowMs: number
}

export type RateLimitDecision = {
  readonly allowed: boolean
  readonly headers: Record<string, string>
}

export type RateLimiter = {
  take(account: string): RateLimitDecision
  /** Gives every account its whole budget back; each window keeps its end. */
  reset(): void
}

export function createRateLimiter(options: RateLimitOptions, clock: SandboxClock): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>()
  return {
    take(account) {
      const now = clock.now()
      let window = windows.get(account)
      if (!window || now >= window.start + options.windowMs) {
        window = { start: now, count: 0 }
        windows.set(account, window)
      }
      const allowed = window.count < options.limit
      if (allowed) window.count++
      // whole seconds, never 0, so a client that waits this long always lands in the next window
      const reset = Math.max(1, Math.ceil((window.start + options.windowMs - now) / 1000))
      const headers: Record<string, string> = {
        'ratelimit-limit': String(options.limit),
        'ratelimit-remaining': String(options.limit - window.count),
        'ratelimit-reset': String(reset),
      }
      if (!allowed) headers['retry-after'] = String(reset)
      return { allowed, headers }
    },
    // a window that restarted at the next request would end later than the one clients were told
    // of, and a client that kept count (a reused manager's gate) would overrun it after its reset
    reset() {
      for (const window of windows.values()) window.count = 0
    },
  }
}
