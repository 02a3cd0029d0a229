/** Capped exponential backoff with full jitter; `attempt` counts retries already made, from 0. */
export function backoffDelayMs(
  attempt: number,
  options: { readonly baseMs: number; readonly capMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt))
  return Math.floor(random() * ceiling)
}
