import type { RateLimitOptions } from './state/rate-limiter.js'
import {
  type ResolvedTrutoLimits,
  SANDBOX_TRUTO_LIMITS,
  type SandboxTrutoLimits,
  type TierLimit,
} from './state/truto-tiers.js'

/** Options of {@link createSandbox}; every one has a default. */
export type SandboxOptions = {
  /** The bearer token the sandbox accepts; any other token gets a 401. @default 'sandbox-api-key' */
  readonly apiKey?: string
  /** Origin of `sandbox.baseUrl`; in-process fetch and msw handlers answer on it. @default 'https://sandbox.truto.test' */
  readonly baseUrl?: string
  /** A fixed-window limit per integrated account standing for the provider's (its 429s are remote errors), with `ratelimit-*` headers on every answer. @default false */
  readonly rateLimit?: RateLimitOptions | false
  /** Truto's own tiers, per API token and per integrated account (its 429s are Truto's, with `Retry-After` alone); `false` turns a tier or both off. @default { perToken: { limit: 500, windowMs: 1000 }, perAccount: { limit: 50, windowMs: 1000 } } */
  readonly trutoLimits?: SandboxTrutoLimits | false
  /** Integrated accounts per integration: `acct_<integration>_1` … `_<n>`, each with its own copy of the data. @default 1 */
  readonly accountsPerIntegration?: number
  /** `real` follows the wall clock; `manual` stands still until `sandbox.clock.advance(ms)`. @default 'real' */
  readonly clock?: 'real' | 'manual'
  /** Sandbox time at creation. @default now for `real`, 2025-06-02T09:00:00Z for `manual` */
  readonly startTime?: Date | number
  /** Fill the accounts with the demo data (pipelines, sessions, tickets…); `false` starts them empty. @default true */
  readonly seed?: boolean
  /** How long a signed artifact `download_url` stays valid, in sandbox ms. @default 900000 (15 minutes) */
  readonly artifactUrlTtlMs?: number
  /** Seed of the generator behind fault `fraction`. @default 1 */
  readonly randomSeed?: number
}

export type ResolvedOptions = {
  apiKey: string
  baseUrl: string
  rateLimit: RateLimitOptions | false
  trutoLimits: ResolvedTrutoLimits
  accountsPerIntegration: number
  clock: 'real' | 'manual'
  startTime: Date | number | undefined
  seed: boolean
  artifactUrlTtlMs: number
  randomSeed: number
}

const positive = (value: number) => Number.isFinite(value) && value > 0

/** Fills in defaults and rejects bad options up front, naming the option. */
export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    apiKey: options.apiKey ?? 'sandbox-api-key',
    baseUrl: (options.baseUrl ?? 'https://sandbox.truto.test').replace(/\/+$/, ''),
    rateLimit: options.rateLimit ?? false,
    trutoLimits: resolveTrutoLimits(options.trutoLimits),
    accountsPerIntegration: options.accountsPerIntegration ?? 1,
    clock: options.clock ?? 'real',
    startTime: options.startTime,
    seed: options.seed ?? true,
    artifactUrlTtlMs: options.artifactUrlTtlMs ?? 15 * 60_000,
    randomSeed: options.randomSeed ?? 1,
  }
  if (typeof resolved.apiKey !== 'string' || resolved.apiKey === '') {
    throw new TypeError('`apiKey` must be a non-empty string')
  }
  if (!URL.canParse(resolved.baseUrl)) throw new TypeError('`baseUrl` must be an absolute URL')
  if (resolved.clock !== 'real' && resolved.clock !== 'manual') {
    throw new TypeError("`clock` must be 'real' or 'manual'")
  }
  if (resolved.startTime !== undefined && !Number.isFinite(Number(resolved.startTime))) {
    throw new TypeError('`startTime` must be a valid Date or epoch milliseconds')
  }
  if (resolved.rateLimit) {
    const { limit, windowMs } = resolved.rateLimit
    if (!Number.isInteger(limit) || limit < 1)
      throw new TypeError('`rateLimit.limit` must be a positive integer')
    if (!positive(windowMs)) throw new TypeError('`rateLimit.windowMs` must be a positive number')
  }
  const perIntegration = resolved.accountsPerIntegration
  if (!Number.isInteger(perIntegration) || perIntegration < 1 || perIntegration > 1000) {
    throw new TypeError('`accountsPerIntegration` must be a whole number from 1 to 1000')
  }
  if (!positive(resolved.artifactUrlTtlMs))
    throw new TypeError('`artifactUrlTtlMs` must be a positive number')
  return resolved
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function resolveTrutoLimits(value: unknown): ResolvedTrutoLimits {
  if (value === undefined) return SANDBOX_TRUTO_LIMITS
  if (value === false) return { perToken: undefined, perAccount: undefined }
  if (!isRecord(value)) {
    throw new TypeError('`trutoLimits` must be `false` or `{ perToken?, perAccount? }`')
  }
  const tier = (name: 'perToken' | 'perAccount'): TierLimit | undefined => {
    const given = value[name]
    if (given === undefined) return SANDBOX_TRUTO_LIMITS[name]
    if (given === false) return undefined
    if (!isRecord(given)) {
      throw new TypeError(`\`trutoLimits.${name}\` must be \`false\` or \`{ limit, windowMs }\``)
    }
    const { limit, windowMs } = given
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)
      throw new TypeError(`\`trutoLimits.${name}.limit\` must be a positive integer`)
    if (typeof windowMs !== 'number' || !positive(windowMs))
      throw new TypeError(`\`trutoLimits.${name}.windowMs\` must be a positive number`)
    return { limit, windowMs }
  }
  return { perToken: tier('perToken'), perAccount: tier('perAccount') }
}
