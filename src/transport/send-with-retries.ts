import pRetry, { AbortError } from 'p-retry'
import {
  isTrutoRateLimitError,
  isTrutoRequestError,
  type TrutoError,
  type TrutoErrorContext,
  TrutoRateLimitError,
  TrutoRequestError,
} from '../errors/errors.js'
import type { AttemptSpan } from '../telemetry/telemetry.js'
import { abortableSleep } from './abortable-sleep.js'
import { backoffDelayMs } from './backoff-delay.js'
import { CallDeadline } from './call-deadline.js'
import { isRemoteAnswer } from './client.js'
import { GateTimeout, type RateLimitGate, type RateLimitPermit } from './rate-limit-gate.js'
import { retryAfterMs, waitFromHeaders } from './rate-limit-headers.js'
import {
  BACKOFF_DELAY,
  type RateLimitSource,
  type RateLimitTierName,
  type RetryContext,
  type RetryOptions,
  type RetryReason,
} from './retry-options.js'

export type SendWithRetriesOptions = {
  /** True for list, get and delete: repeating them after an unknown outcome is safe. */
  readonly idempotent: boolean
  /** The account's gate, shared by all its calls. */
  readonly gate: RateLimitGate
  readonly backoff: RetryOptions
  readonly signal?: AbortSignal | undefined
  /** Called before every wait, own or shared; awaited. */
  readonly onWait?: ((context: RetryContext) => void | Promise<void>) | undefined
  /** Names the request in the errors thrown here. */
  readonly request?: Readonly<{ method: string; path: string }> | undefined
  /** Tool and account named in the errors thrown here. */
  readonly context?: TrutoErrorContext | undefined
  /** False for a server that is not Truto (an MCP server elsewhere): its 429s are never Truto's. @default true */
  readonly toTruto?: boolean | undefined
  /** Starts the span of one HTTP attempt (0 resends for the first); absent when nothing traces. */
  readonly traceAttempt?: ((resendCount: number) => AttemptSpan | undefined) | undefined
}

const SKEW_MS = 100

/** An answer worth another attempt, carried through p-retry as an error. */
class RetryableAnswer extends Error {
  constructor(
    readonly response: Response,
    readonly reason: RetryReason,
    readonly waitMs: number | undefined,
    readonly limitedBy?: RateLimitSource,
    readonly tier?: RateLimitTierName,
  ) {
    super(`HTTP ${response.status}`)
  }
}

/**
 * Sends through the account's gate and retries: 429 always, 5xx, timeouts and network errors only
 * when `idempotent` or `retryUnsafe`. Waits what the server says, else capped jittered backoff.
 * A final 5xx is returned; a final 429 or a wait past `maxRetryWaitMs` throws `TrutoRateLimitError`.
 */
export function sendWithRetries(send: Send, options: SendWithRetriesOptions): Promise<Response> {
  try {
    return new Call(send, options).run()
  } catch (error) {
    // a caller's odd signal fails the call, as a rejection like every other failure
    return Promise.reject(error)
  }
}

/**
 * Sends one request: given the call's signal, or (`withDeadline`) the call's deadline itself, of
 * which it asks a signal only if its fetch reads one, so that a fetch that does not costs none.
 */
export type Send =
  | ((signal?: AbortSignal) => Promise<Response>)
  | { readonly withDeadline: (deadline: CallDeadline) => Promise<Response> }

/** One call through the gate: its first attempt, and p-retry only once an attempt has failed. */
class Call {
  readonly #send: Send
  readonly #options: SendWithRetriesOptions
  readonly #gate: RateLimitGate
  readonly #backoff: RetryOptions
  readonly #repeatable: boolean
  // one deadline over queueing, attempts and waits, so no call outlives `totalTimeoutMs`; the
  // client's per-request deadline runs on the same object, signal and timer
  readonly #deadline: CallDeadline

  constructor(send: Send, options: SendWithRetriesOptions) {
    this.#send = send
    this.#options = options
    this.#gate = options.gate
    this.#backoff = options.backoff
    this.#repeatable = options.idempotent || options.backoff.retryUnsafe
    this.#deadline = new CallDeadline(
      options.backoff.totalTimeoutMs,
      options.signal,
      options.gate.now,
    )
  }

  async run(): Promise<Response> {
    const options = this.#options
    try {
      // the fast path: one attempt, and no retry machinery unless it fails
      try {
        return await this.#attempt(1)
      } catch (error) {
        return await this.#retry(error)
      }
    } catch (error) {
      if (options.signal?.aborted) throw aborted(error, options)
      if (this.#deadline.expired()) throw timedOut(error, options)
      if (!(error instanceof RetryableAnswer)) throw withContext(error, options.context)
      if (error.reason === 'server-error') return error.response
      discard(error.response)
      throw this.#rateLimited(
        error.waitMs ?? this.#fallbackWait(this.#backoff.maxRetries),
        error.limitedBy,
      )
    } finally {
      this.#deadline.dispose()
    }
  }

  async #attempt(attemptNumber: number): Promise<Response> {
    const gate = this.#gate
    const { maxRetryWaitMs } = this.#backoff
    const deadline = this.#deadline
    const blockedMs = gate.blockedForMs()
    if (blockedMs > Math.min(maxRetryWaitMs, deadline.leftMs())) {
      throw new AbortError(this.#rateLimited(blockedMs))
    }
    // after our own wait, a few ms of timer skew on the gate is the same wait, not a new one
    const told = blockedMs > 0 && (attemptNumber === 1 || blockedMs >= SKEW_MS)
    if (told)
      await notifyWithin(
        this.#sharedWait(attemptNumber, blockedMs, gate.blockedBy()),
        deadline.signal,
      )
    let permit: RateLimitPermit
    try {
      permit = await gate.wait({
        // the deadline, not its signal: a wait granted at once needs no AbortSignal
        signal: deadline,
        maxWaitMs: Math.min(maxRetryWaitMs, deadline.leftMs()),
        first: attemptNumber > 1,
        // a call that queued behind others learns only later that the window ran out
        onBlocked: told
          ? undefined
          : (waitMs, tier) => {
              // a retry that just slept out its own wait sees the same window's last ms: no news
              if (attemptNumber > 1 && waitMs < SKEW_MS) return
              void Promise.resolve(this.#sharedWait(attemptNumber, waitMs, tier)).catch(
                () => undefined,
              )
            },
      })
    } catch (error) {
      // queued past the ceiling: the model is told when to retry instead of the call sleeping on
      if (error instanceof GateTimeout) throw new AbortError(this.#rateLimited(error.retryAfterMs))
      throw error
    }
    const span = this.#options.traceAttempt?.(attemptNumber - 1)
    let response: Response
    try {
      const send = this.#send
      response = await (typeof send === 'function'
        ? send(deadline.signal)
        : send.withDeadline(deadline))
    } catch (error) {
      permit.release()
      span?.end(undefined, error)
      throw error
    }
    span?.end(response.status)
    if (response.status === 429) {
      const waitMs =
        waitFromHeaders(response.headers, gate.now()) ?? this.#fallbackWait(attemptNumber - 1)
      const limitedBy = this.#options.toTruto === false ? 'provider' : rateLimitSource(response)
      permit.observe(response.status, response.headers, waitMs, limitedBy)
      const tier = limitedBy === 'provider' ? 'provider' : gate.blockedBy()
      throw new RetryableAnswer(response, 'rate-limited', waitMs, limitedBy, tier)
    }
    permit.observe(response.status, response.headers)
    if (response.status >= 500 && this.#repeatable && !isBlockedAccount(response)) {
      // ratelimit-reset on a 5xx only describes the window; retry-after is the server's advice
      throw new RetryableAnswer(
        response,
        'server-error',
        retryAfterMs(response.headers, gate.now()),
      )
    }
    return response
  }

  // the slow path: p-retry takes over from the first failure, as if it had made that attempt
  #retry(first: unknown): Promise<Response> {
    const backoff = this.#backoff
    const deadline = this.#deadline
    const fallbackWait = (retries: number) => this.#fallbackWait(retries)
    return pRetry(
      (attemptNumber) =>
        attemptNumber === 1 ? Promise.reject(first) : this.#attempt(attemptNumber),
      {
        retries: backoff.maxRetries,
        // p-retry cannot wait per attempt what the server asked, so it never sleeps and shouldRetry does
        minTimeout: 0,
        maxTimeout: 0,
        shouldRetry: async ({ error, attemptNumber, retriesLeft }) => {
          if (deadline.aborted) return false
          const step = nextStep(error, this.#repeatable, attemptNumber, fallbackWait)
          if (!step) return false
          if (step.waitMs > Math.min(backoff.maxRetryWaitMs, deadline.leftMs())) {
            if (step.reason === 'rate-limited') throw this.#rateLimited(step.waitMs, step.limitedBy)
            return false
          }
          const wait = retryContext({ attemptNumber, retriesLeft, ...step, shared: false })
          backoff.onRetry?.(wait)
          await notifyWithin(this.#options.onWait?.(wait), deadline.signal)
          if (error instanceof RetryableAnswer) discard(error.response)
          await abortableSleep(step.waitMs, deadline.signal)
          return true
        },
      },
    )
  }

  #sharedWait(
    attemptNumber: number,
    waitMs: number,
    tier: RateLimitTierName,
  ): void | Promise<void> {
    return this.#options.onWait?.(
      retryContext({
        attemptNumber: attemptNumber - 1,
        retriesLeft: this.#backoff.maxRetries - attemptNumber + 1,
        waitMs,
        reason: 'rate-limited',
        tier,
        shared: true,
      }),
    )
  }

  #fallbackWait(retries: number): number {
    return Math.min(this.#backoff.maxRetryWaitMs, backoffDelayMs(retries, BACKOFF_DELAY))
  }

  #rateLimited(waitMs: number, limitedBy?: RateLimitSource): TrutoRateLimitError {
    return new TrutoRateLimitError(waitMs, this.#options.context ?? {}, limitedBy)
  }
}

type Step = {
  reason: RetryReason
  waitMs: number
  status?: number
  limitedBy?: RateLimitSource
  tier?: RateLimitTierName
}

// Truto's own 429 has neither the remote flag nor the provider's forwarded window headers
function rateLimitSource(response: Response): RateLimitSource {
  if (isRemoteAnswer(response)) return 'provider'
  const { headers } = response
  return headers.has('ratelimit-remaining') || headers.has('ratelimit-reset') ? 'provider' : 'truto'
}

// Truto answers 503 for a blocked account, which no retry unblocks; a provider's 503 is flaky
const isBlockedAccount = (response: Response) =>
  response.status === 503 && !isRemoteAnswer(response)

function nextStep(
  error: unknown,
  repeatable: boolean,
  attemptNumber: number,
  fallbackWait: (retries: number) => number,
): Step | undefined {
  if (error instanceof RetryableAnswer) {
    const status = error.response.status
    const waitMs = error.waitMs ?? fallbackWait(attemptNumber - 1)
    const { limitedBy, tier } = error
    return {
      reason: error.reason,
      waitMs,
      status,
      ...(limitedBy ? { limitedBy } : {}),
      ...(tier ? { tier } : {}),
    }
  }
  if (!repeatable || !isTrutoRequestError(error)) return undefined
  if (error.reason !== 'timeout' && error.reason !== 'network') return undefined
  return { reason: error.reason, waitMs: fallbackWait(attemptNumber - 1) }
}

const retryContext = (
  fields: Omit<RetryContext, 'status'> & { readonly status?: number | undefined },
): RetryContext => {
  const { status, ...rest } = fields
  return Object.freeze(status === undefined ? rest : { ...rest, status })
}

function timedOut(error: unknown, options: SendWithRetriesOptions): TrutoError {
  // a call that ran out of time while waiting for the window is still rate limited
  if (isTrutoRateLimitError(error)) return error
  if (isTrutoRequestError(error) && error.reason !== 'aborted') return error
  const request = isTrutoRequestError(error)
    ? { method: error.method, path: error.path }
    : (options.request ?? { method: 'request', path: '(backoff)' })
  return new TrutoRequestError(
    { reason: 'timeout', ...request },
    { ...options.context, cause: error instanceof RetryableAnswer ? undefined : error },
  )
}

// the client knows requests, not tools: a failure it reports gains the tool and account here
function withContext(error: unknown, context: TrutoErrorContext | undefined): unknown {
  if (!context || !isTrutoRequestError(error) || error.toolName !== undefined) return error
  return new TrutoRequestError(
    { reason: error.reason, method: error.method, path: error.path, origin: error.origin },
    { ...context, cause: error.cause },
  )
}

function aborted(error: unknown, options: SendWithRetriesOptions): TrutoRequestError {
  if (isTrutoRequestError(error) && error.reason === 'aborted') return error
  const request = options.request ?? { method: 'request', path: '(backoff)' }
  return new TrutoRequestError(
    { reason: 'aborted', ...request },
    { ...options.context, cause: error },
  )
}

// some fetch layers (msw's interceptor among them) never settle cancel(); do not wait on it
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined)
}

// an awaited tracing handler must not hold the call past its deadline or the caller's abort
function notifyWithin(work: void | Promise<void>, signal: AbortSignal): void | Promise<void> {
  if (!(work instanceof Promise)) return
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<void>((resolve, reject) => {
    const stop = () => reject(signal.reason)
    signal.addEventListener('abort', stop, { once: true })
    // a failing handler is tracing's problem, not the call's
    work.then(resolve, () => resolve()).finally(() => signal.removeEventListener('abort', stop))
  })
}
