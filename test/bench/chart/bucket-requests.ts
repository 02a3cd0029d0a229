// Per-request timestamps and statuses, counted per window: what a rate-limit chart plots.

/** One request as the server answered it. */
export type RequestEvent = {
  /** When it arrived, in ms (any clock, as long as every event uses the same one). */
  readonly at: number
  /** The answer's status; 0 when the connection was dropped. */
  readonly status: number
}

/** What one window saw. */
export type WindowCount = {
  /** The window's number, 0 for the first. */
  readonly index: number
  /** When it opens, in ms after `origin`. */
  readonly startMs: number
  /** Every request that arrived in it. */
  readonly sent: number
  /** Answered with a 2xx or 3xx. */
  readonly ok: number
  /** Answered with 429. */
  readonly refused: number
}

export type BucketOptions = {
  readonly windowMs: number
  /**
   * Where windows open, as the server counting the requests opens them:
   * - `fixed`: every `windowMs` from `origin` (a window opened at the first request, then back to back);
   * - `restart`: with the first request at or after the previous window's end, as the sandbox's
   *   Truto tiers do; a pause of whole windows shows as empty windows back to back from that end.
   * @default 'fixed'
   */
  readonly windows?: 'fixed' | 'restart' | undefined
  /** Time 0, where the first window may open. @default the first request's `at` */
  readonly origin?: number | undefined
  /** At least this many windows, the trailing ones empty. @default up to the last request's */
  readonly minWindows?: number | undefined
}

type Counting = { startMs: number; sent: number; ok: number; refused: number }

/**
 * Counts requests per window of `windowMs`. A window holds the requests with
 * start ≤ at < start + windowMs, so one at an edge belongs to the next window. Windows without a
 * request between the first and the last are there, with zero counts.
 */
export function bucketRequests(
  events: readonly RequestEvent[],
  options: BucketOptions,
): WindowCount[] {
  const { windowMs } = options
  if (!(windowMs > 0)) throw new RangeError(`windowMs must be above 0, got ${windowMs}`)
  const sorted = [...events].sort((a, b) => a.at - b.at)
  // no requests and no origin: only the `minWindows` empty windows, from 0
  const origin = options.origin ?? sorted[0]?.at ?? 0
  const first = sorted[0]
  if (first && first.at < origin) {
    throw new RangeError(`a request at ${first.at} arrived before the origin ${origin}`)
  }
  const counts: Counting[] = []
  const open = (startMs: number) => {
    counts.push({ startMs, sent: 0, ok: 0, refused: 0 })
  }
  for (const { at, status } of sorted) {
    const t = at - origin
    if (options.windows === 'restart') {
      const last = counts.at(-1)
      let end = last ? last.startMs + windowMs : 0
      if (!last || t >= end) {
        for (; t >= end + windowMs; end += windowMs) open(end)
        open(t)
      }
    } else {
      const index = Math.floor(t / windowMs)
      while (counts.length <= index) open(counts.length * windowMs)
    }
    const count = counts.at(-1)!
    count.sent++
    if (status === 429) count.refused++
    else if (status >= 200 && status < 400) count.ok++
  }
  while (counts.length < (options.minWindows ?? 0)) {
    const last = counts.at(-1)
    open(last ? last.startMs + windowMs : 0)
  }
  return counts.map((count, index) => ({ index, ...count }))
}
