import type { TrutoLimit, TrutoLimits } from '../../options/options.js'
import type { TierLimits } from '../../transport/truto-tiers.js'
import { errorBody, jsonResponse } from '../http-error.js'
import type { SandboxClock } from './clock.js'

/** One of Truto's own limits: `limit` requests per fixed window of `windowMs` sandbox ms (the manager's own type). */
export type TierLimit = TrutoLimit

/** Truto's own two tiers, per API token and per integrated account; `false` switches one (or both) off. */
export type SandboxTrutoLimits = TrutoLimits

/** The tiers in force; `undefined` is a tier switched off. */
export type ResolvedTrutoLimits = TierLimits

/** Truto's 500 / 10 s per token and 50 / 10 s per account, with windows ten times shorter. */
export const SANDBOX_TRUTO_LIMITS: ResolvedTrutoLimits = Object.freeze({
  perToken: Object.freeze({ limit: 500, windowMs: 1000 }),
  perAccount: Object.freeze({ limit: 50, windowMs: 1000 }),
})

/** What one request takes: the token it was made with, and the account when it counts there. */
export type TierTake = {
  readonly token: string | undefined
  readonly account?: string | undefined
  /** How many requests this is for the account tier (an MCP batch may carry several calls). */
  readonly accountCount?: number
}

export type TrutoTiers = {
  /**
   * Counts the request in each tier it belongs to, or, when any of them is used up, counts it in
   * none and answers Truto's 429 with `Retry-After` until that tier's window ends.
   */
  admit(take: TierTake): Response | undefined
  /** Gives every tier its whole budget back; each window keeps its end. */
  reset(): void
}

type Window = { start: number; count: number }

export function createTrutoTiers(limits: ResolvedTrutoLimits, clock: SandboxClock): TrutoTiers {
  const tokens = new Map<string, Window>()
  const accounts = new Map<string, Window>()
  const current = (windows: Map<string, Window>, key: string, windowMs: number, now: number) => {
    let window = windows.get(key)
    if (!window || now >= window.start + windowMs) {
      window = { start: now, count: 0 }
      windows.set(key, window)
    }
    return window
  }
  return {
    admit({ token, account, accountCount = 1 }) {
      const now = clock.now()
      const takes: { window: Window; tier: TierLimit; count: number }[] = []
      if (token !== undefined && limits.perToken) {
        const tier = limits.perToken
        takes.push({ window: current(tokens, token, tier.windowMs, now), tier, count: 1 })
      }
      if (account !== undefined && accountCount > 0 && limits.perAccount) {
        const tier = limits.perAccount
        const window = current(accounts, account, tier.windowMs, now)
        takes.push({ window, tier, count: accountCount })
      }
      const full = takes.filter(({ window, tier, count }) => window.count + count > tier.limit)
      if (full.length === 0) {
        for (const { window, count } of takes) window.count += count
        return undefined
      }
      // the request can go once every used-up tier has reopened
      const waitMs = Math.max(...full.map(({ window, tier }) => window.start + tier.windowMs - now))
      // whole seconds, never 0, so a client that waits this long lands in the next window
      const seconds = Math.max(1, Math.ceil(waitMs / 1000))
      return jsonResponse(429, errorBody(429, 'Rate limit exceeded'), {
        'retry-after': String(seconds),
      })
    },
    // as the provider's limiter: a window restarted at reset would end later than clients were told
    reset() {
      for (const window of tokens.values()) window.count = 0
      for (const window of accounts.values()) window.count = 0
    },
  }
}
