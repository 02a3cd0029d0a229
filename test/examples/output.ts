import type { Sandbox } from 'truto-langchainjs-toolset/testing'

/** Collects what an example prints, so a test can read the trace. */
export function captureOutput() {
  const lines: string[] = []
  return { lines, print: (line: string) => void lines.push(line) }
}

// with a manual clock the window only resets when sandbox time moves, so the library would wait in
// vain: rate-limited runs use the real clock, and a limit low enough that the trace reports waits
// (one or two of them: each costs a whole second, as providers' whole-second resets do)
export const RATE_LIMITED = { clock: 'real', rateLimit: { limit: 6, windowMs: 1_000 } } as const

/**
 * Runs `fn` as if against a real Truto account: the sandbox over loopback HTTP, reached through
 * TRUTO_API_KEY and TRUTO_API_BASE_URL as the `--account` path reads them; restores the env after.
 */
export async function asRealAccount<T>(sandbox: Sandbox, fn: () => Promise<T>): Promise<T> {
  const server = await sandbox.listen()
  const saved = { key: process.env.TRUTO_API_KEY, url: process.env.TRUTO_API_BASE_URL }
  process.env.TRUTO_API_KEY = sandbox.apiKey
  process.env.TRUTO_API_BASE_URL = server.url
  try {
    return await fn()
  } finally {
    restore('TRUTO_API_KEY', saved.key)
    restore('TRUTO_API_BASE_URL', saved.url)
    await server.close()
  }
}

function restore(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name]
  else process.env[name] = value
}
