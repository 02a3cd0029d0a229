import pRetry, { AbortError } from 'p-retry'
import {
  isTrutoRateLimitError,
  isTrutoRequestError,
  type TrutoError,
  type TrutoErrorContext,
  TrutoRateLimitError,
  TrutoRequestError,
} from '../errors.js'
import { abortableSleep } from './abortable-sleep.js'
import { backoffDelayMs } from './backoff-delay.js'
import { GateTimeout, type RateLimitGate } from './rate-limit-gate.js'
import { retryAfterMs, waitFromHeaders } from './rate-limit-headers.js'
import {
  BACKOFF_DELAY,
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
}

const SKEW_MS = 100

/** An answer worth another attempt, carried through p-retry as an error. */
class RetryableAnswer extends Error {
  constructor(
    readonly response: Response,
    readonly reason: RetryReason,
    readonly waitMs: number | undefined,
  ) {
    super(`HTTP ${response.status}`)
  }
}

/**
 * Sends through the account's gate and retries: 429 always, 5xx, timeouts and network errors only
 * when `idempotent` or `retryUnsafe`. Waits what the server says, else capped jittered backoff.
 * A final 5xx is returned; a final 429 or a wait past `maxRetryWaitMs` throws `TrutoRateLimitError`.
 */
export async function sendWithRetries(
  send: (signal?: AbortSignal) => Promise<Response>,
  options: SendWithRetriesOptions,
): Promise<Response> {
  const { gate, backoff } = options
  const total = totalDeadline(backoff.totalTimeoutMs, options.signal, gate.now)
  const { signal } = total
  const repeatable = options.idempotent || backoff.retryUnsafe
  const fallbackWait = (retries: number) =>
    Math.min(backoff.maxRetryWaitMs, backoffDelayMs(retries, BACKOFF_DELAY))
  const rateLimited = (waitMs: number) => new TrutoRateLimitError(waitMs, options.context ?? {})

  const attempt = async (attemptNumber: number): Promise<Response> => {
    const blockedMs = gate.blockedForMs()
    if (blockedMs > Math.min(backoff.maxRetryWaitMs, total.leftMs())) {
      throw new AbortError(rateLimited(blockedMs))
    }
    const sharedWait = (waitMs: number) =>
      options.onWait?.(
        retryContext({
          attemptNumber: attemptNumber - 1,
          retriesLeft: backoff.maxRetries - attemptNumber + 1,
          waitMs,
          reason: 'rate-limited',
          shared: true,
        }),
      )
    // after our own wait, a few ms of timer skew on the gate is the same wait, not a new one
    const told = blockedMs > 0 && (attemptNumber === 1 || blockedMs >= SKEW_MS)
    if (told) await sharedWait(blockedMs)
    const permit = await gate
      .wait({
        signal,
        maxWaitMs: Math.min(backoff.maxRetryWaitMs, total.leftMs()),
        first: attemptNumber > 1,
        // a call that queued behind others learns only later that the window ran out
        onBlocked: told
          ? undefined
          : (waitMs) => {
              // a retry that just slept out its own wait sees the same window's last ms: no news
              if (attemptNumber > 1 && waitMs < SKEW_MS) return
              void Promise.resolve(sharedWait(waitMs)).catch(() => undefined)
            },
      })
      .catch((error: unknown) => {
        // queued past the ceiling: the model is told when to retry instead of the call sleeping on
        throw error instanceof GateTimeout ? new AbortError(rateLimited(error.retryAfterMs)) : error
      })
    let response: Response
    try {
      response = await send(signal)
    } catch (error) {
      permit.release()
      throw error
    }
    if (response.status === 429) {
      const waitMs =
        waitFromHeaders(response.headers, gate.now()) ?? fallbackWait(attemptNumber - 1)
      permit.observe(response.status, response.headers, waitMs)
      throw new RetryableAnswer(response, 'rate-limited', waitMs)
    }
    permit.observe(response.status, response.headers)
    if (response.status >= 500 && repeatable) {
      // ratelimit-reset on a 5xx only describes the window; retry-after is the server's advice
      throw new RetryableAnswer(
        response,
        'server-error',
        retryAfterMs(response.headers, gate.now()),
      )
    }
    return response
  }

  try {
    return await pRetry(attempt, {
      retries: backoff.maxRetries,
      // p-retry cannot wait per attempt what the server asked, so it never sleeps and shouldRetry does
      minTimeout: 0,
      maxTimeout: 0,
      shouldRetry: async ({ error, attemptNumber, retriesLeft }) => {
        if (signal?.aborted) return false
        const step = nextStep(error, repeatable, attemptNumber, fallbackWait)
        if (!step) return false
        if (step.waitMs > Math.min(backoff.maxRetryWaitMs, total.leftMs())) {
          if (step.reason === 'rate-limited') throw rateLimited(step.waitMs)
          return false
        }
        const retry = retryContext({ attemptNumber, retriesLeft, ...step, shared: false })
        backoff.onRetry?.(retry)
        await options.onWait?.(retry)
        if (error instanceof RetryableAnswer) discard(error.response)
        await abortableSleep(step.waitMs, signal)
        return true
      },
    })
  } catch (error) {
    if (options.signal?.aborted) throw aborted(error, options)
    if (total.expired()) throw timedOut(error, options)
    if (!(error instanceof RetryableAnswer)) throw withContext(error, options.context)
    if (error.reason === 'server-error') return error.response
    discard(error.response)
    throw rateLimited(error.waitMs ?? fallbackWait(backoff.maxRetries))
  } finally {
    total.dispose()
  }
}

type TotalDeadline = {
  readonly signal: AbortSignal
  leftMs(): number
  expired(): boolean
  dispose(): void
}

// one deadline over queueing, attempts and waits, so no call outlives `totalTimeoutMs`
function totalDeadline(
  totalMs: number,
  caller: AbortSignal | undefined,
  now: () => number,
): TotalDeadline {
  const controller = new AbortController()
  const endsAt = now() + totalMs
  let expired = false
  const timer = setTimeout(() => {
    expired = true
    controller.abort(new DOMException('The call took longer than totalTimeoutMs', 'TimeoutError'))
  }, totalMs)
  const onAbort = () => controller.abort(caller?.reason)
  if (caller?.aborted) onAbort()
  else caller?.addEventListener('abort', onAbort, { once: true })
  return {
    signal: controller.signal,
    leftMs: () => Math.max(0, endsAt - now()),
    expired: () => expired,
    dispose() {
      clearTimeout(timer)
      caller?.removeEventListener('abort', onAbort)
    },
  }
}

function nextStep(
  error: unknown,
  repeatable: boolean,
  attemptNumber: number,
  fallbackWait: (retries: number) => number,
): { reason: RetryReason; waitMs: number; status?: number } | undefined {
  if (error instanceof RetryableAnswer) {
    const status = error.response.status
    return { reason: error.reason, waitMs: error.waitMs ?? fallbackWait(attemptNumber - 1), status }
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
