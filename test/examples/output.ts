/** Collects what an example prints, so a test can read the trace. */
export function captureOutput() {
  const lines: string[] = []
  return { lines, print: (line: string) => void lines.push(line) }
}

// with a manual clock the window only resets when sandbox time moves, so the library would wait in
// vain: rate-limited runs use the real clock, and a limit low enough that the trace reports waits
export const RATE_LIMITED = { clock: 'real', rateLimit: { limit: 3, windowMs: 1_000 } } as const
