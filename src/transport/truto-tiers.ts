import { isRecord } from '../basics/is-record.js'
import { TrutoConfigError } from '../errors/errors.js'
import type { RateLimitTier } from './rate-limit-store.js'

/** One tier's limit. */
export type TierLimit = { readonly limit: number; readonly windowMs: number }

/** The tiers in force; `undefined` is a tier switched off. */
export type TierLimits = {
  readonly perToken: TierLimit | undefined
  readonly perAccount: TierLimit | undefined
}

/** Truto's reference: 500 requests / 10 s per API token, 50 / 10 s per integrated account. */
export const TRUTO_LIMITS: TierLimits = Object.freeze({
  perToken: Object.freeze({ limit: 500, windowMs: 10_000 }),
  perAccount: Object.freeze({ limit: 50, windowMs: 10_000 }),
})

// arrival at Truto trails our clock by a request's latency, which varies: a window a little longer
// than Truto's keeps two sends a window apart here from landing in one window there
const skewMs = (windowMs: number) => Math.max(50, Math.ceil(windowMs * 0.02))

/** Reads the `trutoLimits` option; a bad value throws `TrutoConfigError` naming it. */
export function resolveTrutoLimits(value: unknown): TierLimits {
  if (value === undefined) return TRUTO_LIMITS
  if (value === false) return { perToken: undefined, perAccount: undefined }
  if (!isRecord(value)) {
    throw new TrutoConfigError(
      'trutoLimits',
      '`trutoLimits` must be `false` or `{ perToken?, perAccount? }`.',
    )
  }
  const tier = (name: 'perToken' | 'perAccount'): TierLimit | undefined => {
    const given = value[name]
    if (given === undefined) return TRUTO_LIMITS[name]
    if (given === false) return undefined
    const limit = isRecord(given) ? given.limit : undefined
    const windowMs = isRecord(given) ? given.windowMs : undefined
    if (
      typeof limit !== 'number' ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      typeof windowMs !== 'number' ||
      !(windowMs > 0 && windowMs <= 2 ** 31 - 1)
    ) {
      throw new TrutoConfigError(
        `trutoLimits.${name}`,
        `\`trutoLimits.${name}\` must be \`false\` or \`{ limit, windowMs }\` with a positive whole \`limit\` and \`windowMs\` in milliseconds.`,
      )
    }
    return { limit, windowMs }
  }
  return { perToken: tier('perToken'), perAccount: tier('perAccount') }
}

/**
 * The tiers a gate's requests count against: proxy and MCP calls of an account take its account
 * tier and the token's; the tools endpoint, the MCP admin API and MCP servers known only by URL
 * take the token's alone; MCP servers on another origin take none.
 */
export function tiersFor(gateKey: string, tokenKey: string, limits: TierLimits): RateLimitTier[] {
  const tiers: RateLimitTier[] = []
  // an MCP server on another origin is not Truto: none of Truto's limits apply to it
  if (gateKey.startsWith('offsite:')) return tiers
  const { perToken, perAccount } = limits
  if (perToken) {
    tiers.push({
      key: tokenKey,
      limit: perToken.limit,
      windowMs: perToken.windowMs + skewMs(perToken.windowMs),
    })
  }
  if (perAccount && gateKey.startsWith('proxy:')) {
    const account = gateKey.slice('proxy:'.length)
    const windowMs = perAccount.windowMs + skewMs(perAccount.windowMs)
    // the account tier lives beside the token's, so one store operation can take both
    tiers.push({ key: `account:${tokenKey}:${account}`, limit: perAccount.limit, windowMs })
  }
  return tiers
}

/** `token:<hash>`: the name of an API token's tier, from which the token cannot be read back. */
export async function tokenKey(apiKey: string): Promise<string> {
  const bytes = new TextEncoder().encode(`truto-langchainjs-toolset:${apiKey}`)
  // Node, Bun and Deno hash at once; Web Crypto's digest waits on a worker thread, and the first
  // request of every new manager waits on it
  const sha256 = nodeSha256()
  // the first 16 bytes, as hex, as below
  if (sha256) return `token:${sha256(bytes).slice(0, 32)}`
  const subtle = globalThis.crypto?.subtle
  if (subtle) {
    const digest = new Uint8Array(await subtle.digest('SHA-256', bytes))
    return `token:${Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`
  }
  // runtimes without Web Crypto: FNV-1a, 2 × 32 bits; still never the token itself
  let a = 0x811c9dc5
  let b = 0x01000193
  for (const byte of bytes) {
    a = Math.imul(a ^ byte, 0x01000193) >>> 0
    b = Math.imul(b ^ byte, 0x5bd1e995) >>> 0
  }
  return `token:${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`
}

type NodeCrypto = {
  createHash(algorithm: 'sha256'): {
    update(data: Uint8Array): { digest(encoding: 'hex'): string }
  }
}

// node:crypto through process.getBuiltinModule (Node 20.16+): no import, so other runtimes load
// this module as they did
function nodeSha256() {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process
  const crypto = runtime?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined
  if (typeof crypto?.createHash !== 'function') return undefined
  return (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex')
}
