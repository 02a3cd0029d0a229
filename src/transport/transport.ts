import type { TrutoErrorContext } from '../errors/errors.js'
import type { Telemetry } from '../telemetry/telemetry.js'
import type { TrutoClient, TrutoRequest } from './client.js'
import { GuardedRateLimitStore } from './guarded-rate-limit-store.js'
import { MemoryRateLimitStore } from './memory-rate-limit-store.js'
import { RateLimitGate } from './rate-limit-gate.js'
import type { RateLimitStore } from './rate-limit-store.js'
import { DEFAULT_RETRY, type RetryContext, type RetryOptions } from './retry-options.js'
import { type Send, sendWithRetries } from './send-with-retries.js'
import { TierTurns } from './tier-turns.js'
import { type TierLimits, tiersFor } from './truto-tiers.js'

type SendOptions = {
  /** Calls with the same key share one gate: the account's proxy calls, or its tools endpoint. */
  readonly gateKey: string
  readonly idempotent: boolean
  readonly signal?: AbortSignal | undefined
  readonly context?: TrutoErrorContext | undefined
  readonly onWait?: ((context: RetryContext) => void | Promise<void>) | undefined
  /** The request's route with its ids left out (`/proxy/tickets/{id}`), naming its spans. */
  readonly template?: string | undefined
  /** Where the request goes, for its spans' `server.*`. @default the client's `baseUrl` */
  readonly server?: URL | undefined
}

/** Where the gates keep each account's window. */
export type TransportStoreOptions = {
  /** A store shared with other processes (Redis); without it, windows stay in this manager's memory. */
  readonly store?: RateLimitStore | undefined
  /** Told once per outage of the shared store. @default console.warn */
  readonly warn?: ((message: string) => void) | undefined
  /** Longest one request may take, so a slot outlives it; a dead process's slots outlive it by little. @default 30000 */
  readonly requestTimeoutMs?: number | undefined
  /** Truto's own tiers and the API token's tier name (`token:<hash>`, settled once). @default none */
  readonly truto?: { readonly limits: TierLimits; readonly tokenKey: Promise<string> } | undefined
  /** Spans for each attempt and events for each wait, and the API's address they name. @default none */
  readonly trace?: { readonly telemetry: Telemetry; readonly server: URL } | undefined
}

/** Sends through one rate-limit gate per key (an account's proxy calls), shared by every tool of a manager. */
export class Transport {
  readonly #client: TrutoClient
  readonly #options: RetryOptions
  readonly #gates = new Map<string, RateLimitGate>()
  // this manager's own windows: every window without a shared store, and the fallback beside one
  readonly #local = new MemoryRateLimitStore()
  readonly #shared: GuardedRateLimitStore | undefined
  readonly #leaseMs: number
  readonly #limits: TierLimits | undefined
  // one line for the whole token: accounts take turns while its tier is full
  readonly #turns = new TierTurns()
  #tokenKey: string | undefined
  readonly #trace: TransportStoreOptions['trace']
  readonly #tokenReady: Promise<void> | undefined
  #sends = 0

  constructor(
    client: TrutoClient,
    options: { [K in keyof RetryOptions]?: RetryOptions[K] | undefined },
    storeOptions: TransportStoreOptions = {},
  ) {
    this.#client = client
    this.#options = { ...DEFAULT_RETRY, ...definedOnly(options) }
    const { store, warn = (message: string) => console.warn(message) } = storeOptions
    this.#shared = store && new GuardedRateLimitStore(store, this.#local, warn)
    this.#leaseMs = (storeOptions.requestTimeoutMs ?? 30_000) + LEASE_MARGIN_MS
    this.#trace = storeOptions.trace
    const { truto } = storeOptions
    this.#limits = truto?.limits
    this.#tokenReady = truto?.tokenKey.then((key) => {
      this.#tokenKey = key
    })
    // a failure here surfaces on the first send, not as an unhandled rejection
    this.#tokenReady?.catch(() => undefined)
  }

  send(request: TrutoRequest, options: SendOptions): Promise<Response> {
    // the call's deadline goes to the client, which makes a signal only if the fetch reads one
    const client = this.#client
    return this.sendWith(
      {
        withDeadline(deadline) {
          return client.send(request, deadline)
        },
      },
      request,
      options,
    )
  }

  /** Sends what `send` sends (an MCP message, say) through the same gate and retries. */
  sendWith(
    send: Send,
    request: Readonly<{ method: string; path: string }>,
    options: SendOptions,
  ): Promise<Response> {
    // the token's tier name is a hash, computed once before the first request
    if (this.#tokenReady && this.#tokenKey === undefined) {
      return this.#tokenReady.then(() => this.sendWith(send, request, options))
    }
    // a process serving many accounts would otherwise keep a gate for every account it ever saw
    if (++this.#sends % SWEEP_EVERY === 0) this.#sweep()
    let gate = this.#gates.get(options.gateKey)
    if (!gate) {
      gate = this.#gate(options.gateKey)
      this.#gates.set(options.gateKey, gate)
    }
    // while no SDK is registered a call pays one check, not a closure per wait and attempt
    const telemetry = this.#trace?.telemetry.live ? this.#trace.telemetry : undefined
    const server = options.server ?? this.#trace?.server
    return sendWithRetries(send, {
      idempotent: options.idempotent,
      gate,
      backoff: this.#options,
      signal: options.signal,
      onWait: telemetry ? tracedWaits(telemetry, options.onWait) : options.onWait,
      request,
      context: options.context,
      toTruto: !options.gateKey.startsWith('offsite:'),
      traceAttempt:
        telemetry &&
        ((resendCount) =>
          telemetry.attempt({
            method: request.method,
            template: options.template,
            url: server as URL,
            resendCount,
          })),
    })
  }

  /** The client the gates send through. */
  get client(): TrutoClient {
    return this.#client
  }

  /** Releases what the rate-limit store owns (its connection). */
  async close(): Promise<void> {
    await this.#shared?.close()
  }

  #gate(key: string): RateLimitGate {
    // an MCP server known only by its URL has no account to share, and its key holds a credential
    const shared =
      this.#shared !== undefined && !key.startsWith('mcp:') && !key.startsWith('offsite:')
    const tiers =
      this.#limits && this.#tokenKey !== undefined
        ? tiersFor(key, this.#tokenKey, this.#limits)
        : undefined
    const local = this.#local
    const remote = this.#shared
    // the window stays local, Truto's tiers are shared by every gate of the token all the same
    const store: RateLimitStore = shared
      ? (remote as RateLimitStore)
      : remote
        ? {
            reserve: (account, slots) => local.reserve(account, slots),
            settle: (account, slot, answer) => local.settle(account, slot, answer),
            takeTiers: (tiers, count) => remote.takeTiers(tiers, count),
            closeTier: (tier, forMs) => remote.closeTier(tier, forMs),
          }
        : local
    return new RateLimitGate({
      store,
      key,
      shared,
      leaseMs: this.#leaseMs,
      tiers,
      turns: this.#turns,
    })
  }

  #sweep(): void {
    for (const [key, gate] of this.#gates) {
      if (!gate.isIdle()) continue
      this.#gates.delete(key)
      this.#turns.leave(gate)
      this.#local.forget(key)
    }
  }
}

const SWEEP_EVERY = 256
// a slot outlives its request by this much before another process may take it
const LEASE_MARGIN_MS = 1000

const definedOnly = (value: object): Partial<RetryOptions> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined))

// each wait is an event on the call's span: a rate-limit wait with its tier, a retry with its reason
// (the call's own span, found now: a queue may wake this call from another call's context)
function tracedWaits(
  telemetry: Telemetry,
  onWait: ((context: RetryContext) => void | Promise<void>) | undefined,
): ((context: RetryContext) => void | Promise<void>) | undefined {
  const event = telemetry.events()
  if (!event) return onWait
  return (wait) => {
    event(wait.reason === 'rate-limited' ? 'truto.rate_limit.wait' : 'truto.retry', {
      'truto.wait.reason': wait.reason,
      'truto.wait.duration_ms': Math.round(wait.waitMs),
      'truto.wait.tier': wait.tier,
      'truto.wait.shared': wait.shared,
      'truto.limited_by': wait.limitedBy,
      'http.response.status_code': wait.status,
    })
    return onWait?.(wait)
  }
}
