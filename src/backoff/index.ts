export { backoffDelayMs } from './backoff-delay.js'
export {
  BACKOFF_DELAY,
  type BackoffOptions,
  DEFAULT_BACKOFF,
  type RetryContext,
  type RetryReason,
} from './backoff-options.js'
export { RateLimitGate, type RateLimitPermit } from './rate-limit-gate.js'
export {
  rateLimitLimit,
  rateLimitRemaining,
  rateLimitResetMs,
  retryAfterMs,
  waitFromHeaders,
} from './rate-limit-headers.js'
export { type SendWithBackoffOptions, sendWithBackoff } from './send-with-backoff.js'
