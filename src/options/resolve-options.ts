import { methodKind } from '../basics/methods.js'
import { TrutoConfigError } from '../errors/errors.js'
import { segmentProblem } from '../safety/request-path.js'
import { PROVIDER_TOOL_LIMITS, type SchemaDialect } from '../schema/dialects/index.js'
import { resolveTrutoLimits, tokenKey } from '../transport/truto-tiers.js'
import {
  type GetToolsOptions,
  needsApprovalByDefault,
  type ToolCallRequest,
  type TrutoToolManagerOptions,
} from './options.js'

const DEFAULT_BASE_URL = 'https://api.truto.one'
// timers longer than this overflow to 1 ms in every runtime
const MAX_TIMER_MS = 2 ** 31 - 1

/** The filters one listing applies: the call's own, else the manager's. */
export type ToolFilters = Pick<
  GetToolsOptions,
  'methods' | 'tags' | 'include' | 'exclude' | 'hasDescription'
>

/** A manager's options, checked, with their defaults and environment fallbacks applied. */
export type ResolvedOptions = {
  readonly apiKey: string
  readonly baseUrl: string
  readonly timeoutMs: number
  readonly totalTimeoutMs: number
  readonly maxRetries: number
  readonly maxRetryWaitMs: number
  readonly trutoTiers: ReturnType<typeof trutoTiers>
  readonly cacheTtlMs: number
  readonly errors: 'message' | 'throw'
  readonly maxResultChars: number
  readonly autoPaginate: { readonly maxPages: number; readonly maxItems: number } | undefined
  readonly readOnly: boolean
  readonly dryRun: boolean
  readonly requireApproval: (call: ToolCallRequest) => boolean
}

/** Checks every option of `new TrutoToolManager(options)`; the first bad one throws a {@link TrutoConfigError}. */
export function resolveOptions(options: TrutoToolManagerOptions): ResolvedOptions {
  const given = [options.apiKey, options.trutoApiKey, options.trutoAccessToken].filter(Boolean)
  if (new Set(given).size > 1) {
    // which of two different tokens was meant is not ours to guess; neither is named here
    throw new TrutoConfigError(
      'apiKey',
      '`apiKey`, `trutoApiKey` and `trutoAccessToken` name one token, but different values were given: pass one.',
    )
  }
  const apiKey =
    options.apiKey ??
    options.trutoApiKey ??
    options.trutoAccessToken ??
    env('TRUTO_API_KEY') ??
    env('TRUTO_API_TOKEN')
  if (!apiKey) {
    throw new TrutoConfigError(
      'apiKey',
      'Missing Truto API key: pass `apiKey` or set the TRUTO_API_KEY environment variable.',
    )
  }
  const baseUrl = options.baseUrl ?? env('TRUTO_API_BASE_URL') ?? DEFAULT_BASE_URL
  if (!isAbsoluteUrl(baseUrl)) {
    throw new TrutoConfigError('baseUrl', '`baseUrl` must be an absolute URL.')
  }
  const timeoutMs = numberIn('timeoutMs', options.timeoutMs, 30_000, 1, MAX_TIMER_MS)
  const totalTimeoutMs = numberIn(
    'totalTimeoutMs',
    options.totalTimeoutMs,
    120_000,
    1,
    MAX_TIMER_MS,
  )
  const maxRetries = numberIn('maxRetries', options.maxRetries, 4, 0)
  const maxRetryWaitMs = numberIn('maxRetryWaitMs', options.maxRetryWaitMs, 60_000, 0, MAX_TIMER_MS)
  const tiers = trutoTiers(options.trutoLimits, apiKey)
  const cacheTtlMs = numberIn('cacheTtlMs', options.cacheTtlMs, 300_000, 0)
  if (options.requireApproval && !options.approve) {
    throw new TrutoConfigError(
      'approve',
      '`requireApproval` selects calls for `approve`, which is missing: pass `approve` too.',
    )
  }
  const readOnly = options.readOnly ?? false
  checkReadOnlyMethods(readOnly, options.methods)
  if (options.errors !== undefined && options.errors !== 'message' && options.errors !== 'throw') {
    throw new TrutoConfigError('errors', "`errors` must be 'message' or 'throw'.")
  }
  checkTelemetry(options.telemetry)
  return {
    apiKey,
    baseUrl,
    timeoutMs,
    totalTimeoutMs,
    maxRetries,
    maxRetryWaitMs,
    trutoTiers: tiers,
    cacheTtlMs,
    errors: options.errors ?? 'message',
    // below this the notes that say how to see the rest would not fit
    maxResultChars: numberIn('maxResultChars', options.maxResultChars, 16_000, 500),
    autoPaginate: options.autoPaginate && {
      maxPages: numberIn('autoPaginate.maxPages', options.autoPaginate.maxPages, 10, 1),
      maxItems: numberIn('autoPaginate.maxItems', options.autoPaginate.maxItems, 500, 1),
    },
    readOnly,
    dryRun: options.dryRun ?? false,
    requireApproval: options.requireApproval ?? needsApprovalByDefault,
  }
}

/** The account a call names, else the manager's, else TRUTO_ACCOUNT_ID; checked as a path segment. */
export function resolveAccount(
  accountId: string | undefined,
  options: Pick<TrutoToolManagerOptions, 'accountId'>,
): string {
  const account = accountId ?? options.accountId ?? env('TRUTO_ACCOUNT_ID')
  if (!account) {
    throw new TrutoConfigError(
      'accountId',
      'Missing integrated account id: pass it to `getTools(accountId)`, set the `accountId` option, or set the TRUTO_ACCOUNT_ID environment variable.',
    )
  }
  const problem = segmentProblem(account)
  if (problem) {
    // the id becomes a path segment of every request; it must not be able to move it
    throw new TrutoConfigError('accountId', `The integrated account id ${problem}.`)
  }
  return account
}

/** The dialect a call names, else the manager's, else `json-schema`. */
export function resolveDialect(
  given: SchemaDialect | undefined,
  options: Pick<TrutoToolManagerOptions, 'dialect'>,
): SchemaDialect {
  const dialect = given ?? options.dialect ?? 'json-schema'
  if (!Object.hasOwn(PROVIDER_TOOL_LIMITS, dialect)) {
    throw new TrutoConfigError(
      'dialect',
      `\`dialect\` must be 'json-schema', 'openai-strict' or 'gemini'; got ${JSON.stringify(dialect)}.`,
    )
  }
  return dialect
}

/** A listing's filters: each the call's own, else the manager's. */
export function resolveFilters(
  call: GetToolsOptions,
  manager: TrutoToolManagerOptions,
  readOnly: boolean,
): ToolFilters {
  const methods = call.methods ?? manager.methods
  checkReadOnlyMethods(readOnly, methods)
  return {
    methods,
    tags: call.tags ?? manager.tags,
    include: call.include ?? manager.include,
    exclude: call.exclude ?? manager.exclude,
    hasDescription: call.hasDescription ?? manager.hasDescription,
  }
}

// a bad telemetry option would otherwise show only as missing or oversized spans
function checkTelemetry(telemetry: TrutoToolManagerOptions['telemetry']): void {
  if (telemetry === undefined || telemetry === false) return
  if (typeof telemetry !== 'object' || telemetry === null) {
    throw new TrutoConfigError('telemetry', '`telemetry` must be an object of options, or false.')
  }
  const { recordContent, maxContentChars, tracerProvider } = telemetry
  if (recordContent !== undefined && typeof recordContent !== 'boolean') {
    throw new TrutoConfigError('telemetry', '`telemetry.recordContent` must be true or false.')
  }
  if (maxContentChars !== undefined) {
    numberIn('telemetry.maxContentChars', maxContentChars, 4096, 1)
    if (!Number.isInteger(maxContentChars)) {
      throw new TrutoConfigError(
        'telemetry',
        `\`telemetry.maxContentChars\` must be a whole number, got ${maxContentChars}.`,
      )
    }
  }
  if (tracerProvider !== undefined && typeof tracerProvider?.getTracer !== 'function') {
    throw new TrutoConfigError(
      'telemetry',
      '`telemetry.tracerProvider` must be a TracerProvider of @opentelemetry/api (with getTracer).',
    )
  }
}

// read-only keeps list and get tools; a filter that asks for none of them can only be a mistake
function checkReadOnlyMethods(readOnly: boolean, methods: readonly string[] | undefined): void {
  if (!readOnly || !methods?.length) return
  if (methods.some((m) => m === 'read' || methodKind(m) === 'read')) return
  throw new TrutoConfigError(
    'methods',
    `\`readOnly\` keeps only read tools (list, get), but \`methods\` asks for ${JSON.stringify(methods)}: add "read" or drop \`readOnly\`.`,
  )
}

// the token's tier is named by a hash of it, computed once; no limit in force, no hash
function trutoTiers(option: unknown, apiKey: string) {
  const limits = resolveTrutoLimits(option)
  if (!limits.perToken && !limits.perAccount) return undefined
  return { limits, tokenKey: tokenKey(apiKey) }
}

function numberIn(
  option: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
) {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`
    throw new TrutoConfigError(option, `\`${option}\` must be a number ${range}, got ${value}.`)
  }
  return value
}

function isAbsoluteUrl(text: string): boolean {
  try {
    return Boolean(new URL(text).protocol)
  } catch {
    return false
  }
}

function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env?.[name]
  return value?.trim() ? value : undefined
}
