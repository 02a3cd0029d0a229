import { parseArgs } from 'node:util'
import type { SandboxOptions } from './sandbox-options.js'
import { allowedHostRule } from './server.js'
import { randomHex } from './state/random.js'

/** The port `truto-sandbox` serves on unless `--port` says otherwise. */
export const DEFAULT_PORT = 7357

export const USAGE = `Usage: truto-sandbox [options]

Serves the in-memory Truto sandbox (Octapipe, Gumloop and HappyFox accounts, seeded data)
over HTTP until stopped with Ctrl+C or SIGTERM, and prints its URL, API key and accounts.

Options:
  --port <n>             port to listen on; 0 picks a free one (default ${DEFAULT_PORT})
  --host <address>       address to listen on (default 127.0.0.1, this machine only;
                         0.0.0.0 lets other machines in)
  --allow-host <name>    also answer requests whose Host or Origin names this host
                         (name on any port, or name:port); repeatable (default: only the
                         address listened on; other names get a 403)
  --api-key <key>        the bearer token the sandbox accepts (default: a random
                         truto_sandbox_… key, printed at start)
  --rate-limit <n>/<ms>  allow n requests per ms milliseconds per account, e.g. 10/1000
                         (default: no limit)
  --seed, --no-seed      start with the demo data (default) or with empty accounts
  --json                 print one JSON line {"url","apiKey","accounts"} instead of the banner
  -h, --help             print this help
`

/** What the command line asks for. */
export type CliOptions = {
  readonly help: boolean
  readonly json: boolean
  readonly port: number
  readonly host: string
  /** Names besides the bound address that `Host` and `Origin` may carry. */
  readonly allowedHosts: readonly string[]
  readonly sandbox: SandboxOptions
}

/** A fresh API key for a sandbox started without `--api-key`: 32 random hex digits. */
export const randomApiKey = (): string => `truto_sandbox_${randomHex(16)}`

/** A command line that cannot be served; the message names the flag. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Reads `truto-sandbox`'s arguments (without `node` and the script). */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse(argv).values
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (values.seed && values['no-seed']) throw new UsageError('pass --seed or --no-seed, not both')
  const apiKey = values['api-key']
  if (apiKey !== undefined && apiKey.trim() === '') {
    throw new UsageError('--api-key must not be empty')
  }
  const rateLimit = values['rate-limit']
  return {
    help: values.help ?? false,
    json: values.json ?? false,
    port: values.port === undefined ? DEFAULT_PORT : port(values.port),
    host: values.host === undefined ? '127.0.0.1' : host(values.host),
    allowedHosts: (values['allow-host'] ?? []).map(allowedHost),
    sandbox: {
      seed: !values['no-seed'],
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(rateLimit === undefined ? {} : { rateLimit: limit(rateLimit) }),
    },
  }
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'api-key': { type: 'string' },
      'rate-limit': { type: 'string' },
      seed: { type: 'boolean' },
      'no-seed': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })

function port(text: string): number {
  const value = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN
  if (!(value <= 65_535))
    throw new UsageError(`--port must be a number from 0 to 65535, not "${text}"`)
  return value
}

function host(text: string): string {
  // [::1] as in a URL, ::1 as node:net takes it
  const bare = text.replace(/^\[(.*)\]$/, '$1')
  if (bare === '' || /[\s/]/.test(bare))
    throw new UsageError(`--host must be an address, not "${text}"`)
  return bare
}

function allowedHost(text: string): string {
  if (!allowedHostRule(text)) {
    throw new UsageError(`--allow-host takes a host name, optionally with :port, not "${text}"`)
  }
  return text
}

function limit(text: string): { limit: number; windowMs: number } {
  const match = /^(\d{1,9})\/(\d{1,9})$/.exec(text)
  const [requests, windowMs] = match ? [Number(match[1]), Number(match[2])] : [0, 0]
  if (requests < 1 || windowMs < 1) {
    throw new UsageError(
      `--rate-limit takes <requests>/<milliseconds> with both above 0, e.g. 10/1000, not "${text}"`,
    )
  }
  return { limit: requests, windowMs }
}
