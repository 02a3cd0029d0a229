/**
 * One call's deadlines in one object: the whole call's (`totalTimeoutMs`), the running request's
 * (`timeoutMs`) and the caller's abort signal, behind one controller and one timer.
 *
 * A call used to carry a controller, a timer and a listener for each of these, linked together
 * and rebuilt for every request; on a call that is answered at once they were most of its cost.
 */
export class CallDeadline {
  readonly #now: () => number
  readonly #endsAt: number
  readonly #caller: AbortSignal | undefined
  #onCallerAbort: (() => void) | undefined
  // made when someone asks for the signal: a fetch that never reads it costs no AbortSignal
  #controller: AbortController | undefined
  // the running request's controller was aborted by its own timeout; the next reader gets a fresh one
  #spent = false
  #callerAborted = false
  #expired = false
  // why the call ended, for a signal made after it did
  #reason: unknown
  #requestEndsAt = Number.POSITIVE_INFINITY
  #requestExpired = false
  // requests started, and the last one that ran out of its own time, with its reason and signal
  #requests = 0
  #lastExpired = 0
  #expiredReason: unknown
  #expiredSignal: AbortSignal | undefined
  // settles the running request's race when the signal fires, whatever its fetch does
  #stop: ((reason: unknown) => void) | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #timerAt = Number.POSITIVE_INFINITY

  /** `totalMs` may be infinite: a request sent outside any call has only its own deadline. */
  constructor(totalMs: number, caller?: AbortSignal, now: () => number = Date.now) {
    this.#now = now
    const start = now()
    this.#endsAt = start + totalMs
    this.#caller = caller
    if (caller?.aborted) {
      this.#end('caller', caller.reason)
      return
    }
    if (caller) {
      // a local first: V8 (Node 20) keeps an arrow written straight into a field alive through
      // young collections, and with it the call and all it holds
      const onAbort = () => this.#end('caller', caller.reason)
      this.#onCallerAbort = onAbort
      caller.addEventListener('abort', onAbort, { once: true })
    }
    // armed for the request most likely to come, so that in the usual case it needs no timer of
    // its own; a timer that fires early only arms itself again for what is left
    this.#arm(start, Math.min(totalMs, requestHintMs))
  }

  /** The signal for what the call does now: queueing, a wait, or a request. */
  get signal(): AbortSignal {
    if (this.#controller === undefined || (this.#spent && !this.aborted)) {
      this.#spent = false
      this.#controller = this.#newController()
      // the call ended before anyone asked: its signal is born aborted
      if (this.aborted) this.#controller.abort(this.#reason)
    }
    return this.#controller.signal
  }

  /** Why the call ended (the caller's reason, or the total deadline's); undefined while it runs. */
  get reason(): unknown {
    return this.#reason
  }

  /** Listens for the end of the call, as on {@link signal}, which this makes if need be. */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void {
    this.signal.addEventListener(type, listener, options)
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    this.#controller?.signal.removeEventListener(type, listener)
  }

  /** True once the caller aborted or the whole call ran out of time; the call is over. */
  get aborted(): boolean {
    return this.#callerAborted || this.#expired
  }

  /** True once `totalTimeoutMs` has passed. */
  expired(): boolean {
    return this.#expired
  }

  /** True when the running (or last) request ran out of its own time. */
  requestExpired(): boolean {
    return this.#requestExpired
  }

  leftMs(): number {
    return Math.max(0, this.#endsAt - this.#now())
  }

  /** Starts a request that may take `timeoutMs`; returns the signal to send it with. */
  startRequest(timeoutMs: number): AbortSignal {
    return this.requestSignal(this.beginRequest(timeoutMs))
  }

  /**
   * Starts a request that may take `timeoutMs`, without making its signal; returns the request's
   * number, for {@link requestSignal} to make the signal if and when its fetch asks for it.
   */
  beginRequest(timeoutMs: number): number {
    requestHintMs = timeoutMs
    // a controller spent by the last request is not this one's
    if (this.#spent && !this.aborted) {
      this.#spent = false
      this.#controller = undefined
    }
    const now = this.#now()
    this.#requestExpired = false
    this.#requestEndsAt = now + timeoutMs
    if (this.#requestEndsAt < this.#timerAt) this.#arm(now, timeoutMs)
    return ++this.#requests
  }

  /** The signal of request `request`: aborted, however late it is asked for, once that request ran out of time. */
  requestSignal(request: number): AbortSignal {
    if (request <= this.#lastExpired && !this.aborted) {
      this.#expiredSignal ??= AbortSignal.abort(this.#expiredReason)
      return this.#expiredSignal
    }
    return this.signal
  }

  /**
   * Settles as `work` does, or rejects with the signal's reason as soon as it fires: a fetch that
   * ignores its signal cannot hold the call. The loser's outcome is nobody's business then.
   */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.aborted || this.#requestExpired) {
      work.catch(ignore)
      return Promise.reject(this.aborted ? this.#reason : this.#expiredReason)
    }
    return new Promise<T>((resolve, reject) => {
      this.#stop = reject
      work.then(resolve, reject)
    })
  }

  /** The request has settled; the call's own deadline and the caller's signal go on. */
  endRequest(): void {
    this.#stop = undefined
    this.#requestEndsAt = Number.POSITIVE_INFINITY
  }

  /** Frees the timer and the caller's listener; call once the call has settled. */
  dispose(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#stop = undefined
    if (this.#onCallerAbort) this.#caller?.removeEventListener('abort', this.#onCallerAbort)
    this.#onCallerAbort = undefined
  }

  #newController(): AbortController {
    const controller = new AbortController()
    // a property, not a WeakMap entry: one per call, and weak entries cost the collector far more
    const signal: MarkedSignal = controller.signal
    signal[DEADLINE] = this
    return controller
  }

  #arm(now: number, delayMs: number): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#timerAt = Number.POSITIVE_INFINITY
    if (!(delayMs < Number.POSITIVE_INFINITY)) return
    this.#timerAt = now + delayMs
    // longer timers overflow to 1 ms in every runtime; the shorter one arms itself again
    this.#timer = setTimeout(CallDeadline.#fire, Math.max(0, Math.min(delayMs, MAX_TIMER_MS)), this)
  }

  // static, the deadline passed to it: no closure made per call
  static #fire(deadline: CallDeadline): void {
    deadline.#onTimer()
  }

  #onTimer(): void {
    this.#timer = undefined
    this.#timerAt = Number.POSITIVE_INFINITY
    const now = this.#now()
    if (now >= this.#endsAt) {
      this.#end(
        'total',
        new DOMException('The call took longer than totalTimeoutMs', 'TimeoutError'),
      )
      return
    }
    if (now >= this.#requestEndsAt) {
      this.#requestEndsAt = Number.POSITIVE_INFINITY
      this.#requestExpired = true
      this.#lastExpired = this.#requests
      this.#expiredReason = new DOMException('The request timed out', 'TimeoutError')
      // the signal the request was sent with, if it was asked for, is aborted and stays so
      this.#expiredSignal = this.#controller?.signal
      this.#spent = this.#controller !== undefined
      this.#abort(this.#expiredReason)
    }
    this.#arm(now, Math.min(this.#endsAt, this.#requestEndsAt) - now)
  }

  // the caller's abort or the total deadline: the call is over, its signal stays aborted
  #end(cause: 'caller' | 'total', reason: unknown): void {
    if (this.aborted) return
    if (cause === 'caller') this.#callerAborted = true
    else this.#expired = true
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#timerAt = Number.POSITIVE_INFINITY
    this.#reason = reason
    // a controller spent by a request's own timeout would carry that reason instead
    if (this.#controller?.signal.aborted) this.#controller = undefined
    this.#spent = false
    this.#abort(reason)
  }

  #abort(reason: unknown): void {
    const stop = this.#stop
    this.#stop = undefined
    this.#controller?.abort(reason)
    stop?.(reason)
  }
}

const DEADLINE = Symbol('truto.callDeadline')
type MarkedSignal = AbortSignal & { [DEADLINE]?: CallDeadline }

/** The call deadline a signal was handed out by, if any. */
export const deadlineOf = (signal: AbortSignal | undefined): CallDeadline | undefined =>
  (signal as MarkedSignal | undefined)?.[DEADLINE]

// timers longer than this overflow to 1 ms in every runtime
const MAX_TIMER_MS = 2 ** 31 - 1
// the request timeout last used; a process has one or a few, and a wrong guess costs one more timer
let requestHintMs = Number.POSITIVE_INFINITY
const ignore = () => undefined
