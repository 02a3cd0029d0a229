// precedence: ratelimit-reset (the window Truto forwards), then retry-after, then backoff (caller)

/** Waits longer than this are garbage, not advice. */
const MAX_SANE_WAIT_MS = 24 * 60 * 60 * 1000
/** A `ratelimit-reset` above this is a Unix timestamp in seconds, not a delta. */
const UNIX_TIMESTAMP_FLOOR = 1e9

const NUMBER = /^\d+(\.\d+)?$/

function parseNumber(value: string | null): number | undefined {
  const text = value?.trim()
  return text && NUMBER.test(text) ? Number(text) : undefined
}

const sane = (ms: number): number | undefined =>
  ms >= 0 && ms <= MAX_SANE_WAIT_MS ? Math.ceil(ms) : undefined

// a moment already past means the window has reset: no wait, unless it is absurdly far back
const untilInstant = (at: number, now: number): number | undefined =>
  at - now >= -MAX_SANE_WAIT_MS ? sane(Math.max(0, at - now)) : undefined

/** Milliseconds until `ratelimit-reset`: delta seconds, or a Unix timestamp in seconds. */
export function rateLimitResetMs(headers: Headers, now: number): number | undefined {
  const value = parseNumber(headers.get('ratelimit-reset'))
  if (value === undefined) return undefined
  return value > UNIX_TIMESTAMP_FLOOR ? untilInstant(value * 1000, now) : sane(value * 1000)
}

/** Milliseconds asked for by `retry-after`: delta seconds or an HTTP date. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after')?.trim()
  if (!raw) return undefined
  const seconds = parseNumber(raw)
  if (seconds !== undefined) return sane(seconds * 1000)
  // a date has letters ("Wed, 21 Oct 2015 07:28:00 GMT"); bare digits never reach Date.parse
  const at = /[a-z]/i.test(raw) ? Date.parse(raw) : Number.NaN
  return Number.isNaN(at) ? undefined : untilInstant(at, now)
}

/** The wait the answer asks for: `ratelimit-reset`, else `retry-after`. */
export function waitFromHeaders(headers: Headers, now: number): number | undefined {
  return rateLimitResetMs(headers, now) ?? retryAfterMs(headers, now)
}

/** `ratelimit-remaining` as a whole number, when it is one. */
export function rateLimitRemaining(headers: Headers): number | undefined {
  return wholeNumber(headers.get('ratelimit-remaining'))
}

/** `ratelimit-limit` as a positive whole number, when it is one. */
export function rateLimitLimit(headers: Headers): number | undefined {
  const limit = wholeNumber(headers.get('ratelimit-limit'))
  return limit === 0 ? undefined : limit
}

function wholeNumber(value: string | null): number | undefined {
  const text = value?.trim()
  return text && /^\d{1,9}$/.test(text) ? Number(text) : undefined
}
