import type { TrutoErrorContext } from '../errors.js'
import type { TrutoClient, TrutoRequest } from './client.js'
import { RateLimitGate } from './rate-limit-gate.js'
import { DEFAULT_RETRY, type RetryContext, type RetryOptions } from './retry-options.js'
import { sendWithRetries } from './send-with-retries.js'

type SendOptions = {
  /** Calls with the same key share one gate: the account's proxy calls, or its tools endpoint. */
  readonly gateKey: string
  readonly idempotent: boolean
  readonly signal?: AbortSignal | undefined
  readonly context?: TrutoErrorContext | undefined
  readonly onWait?: ((context: RetryContext) => void | Promise<void>) | undefined
}

/** Sends through one rate-limit gate per key (an account's proxy calls), shared by every tool of a manager. */
export class Transport {
  readonly #client: TrutoClient
  readonly #options: RetryOptions
  readonly #gates = new Map<string, RateLimitGate>()
  #sends = 0

  constructor(
    client: TrutoClient,
    options: { [K in keyof RetryOptions]?: RetryOptions[K] | undefined },
  ) {
    this.#client = client
    this.#options = { ...DEFAULT_RETRY, ...definedOnly(options) }
  }

  send(request: TrutoRequest, options: SendOptions): Promise<Response> {
    return this.sendWith((signal) => this.#client.send(request, signal), request, options)
  }

  /** Sends what `send` sends (an MCP message, say) through the same gate and retries. */
  sendWith(
    send: (signal?: AbortSignal) => Promise<Response>,
    request: Readonly<{ method: string; path: string }>,
    options: SendOptions,
  ): Promise<Response> {
    // a process serving many accounts would otherwise keep a gate for every account it ever saw
    if (++this.#sends % SWEEP_EVERY === 0) this.#sweep()
    let gate = this.#gates.get(options.gateKey)
    if (!gate) {
      gate = new RateLimitGate()
      this.#gates.set(options.gateKey, gate)
    }
    return sendWithRetries(send, {
      idempotent: options.idempotent,
      gate,
      backoff: this.#options,
      signal: options.signal,
      onWait: options.onWait,
      request,
      context: options.context,
    })
  }

  /** The client the gates send through. */
  get client(): TrutoClient {
    return this.#client
  }

  #sweep(): void {
    for (const [key, gate] of this.#gates) if (gate.isIdle()) this.#gates.delete(key)
  }
}

const SWEEP_EVERY = 256

const definedOnly = (value: object): Partial<RetryOptions> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined))
