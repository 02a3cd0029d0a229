import { isRecord } from '../basics/is-record.js'
import { TrutoConfigError } from '../errors/errors.js'
import type { TrutoMcpServer } from './mcp-server-record.js'

/** What {@link McpServers.create} takes. */
export type McpServerOptions = {
  /** A name people recognise the server by. */
  readonly name: string
  /** `read`, `write`, `custom` or method names such as `list`. @default every method */
  readonly methods?: readonly string[] | undefined
  /** Serve only tools carrying one of these tags. @default every tool */
  readonly tags?: readonly string[] | undefined
  /** When the server expires; at least 60 s ahead. @default never */
  readonly expiresAt?: Date | undefined
  /** Require the Truto API token besides the URL's own token. @default false */
  readonly requireApiTokenAuth?: boolean | undefined
  /** The integrated account. @default the manager's `accountId` */
  readonly accountId?: string | undefined
}

/** What {@link McpServers.update} changes; `expiresAt: null` removes the expiry, `[]` a filter. */
export type McpServerChanges = {
  /** A new name. @default unchanged */
  readonly name?: string | undefined
  /** New method filter; `[]` serves every method. @default unchanged */
  readonly methods?: readonly string[] | undefined
  /** New tag filter; `[]` serves every tool. @default unchanged */
  readonly tags?: readonly string[] | undefined
  /** A new expiry at least 60 s ahead, or `null` for none. @default unchanged */
  readonly expiresAt?: Date | null | undefined
  /** Whether clients must also send the Truto API token. @default unchanged */
  readonly requireApiTokenAuth?: boolean | undefined
}

/** Truto refuses an `expires_at` closer than this. */
export const MIN_EXPIRY_MS = 60_000
// Truto may store times to the second
const EXPIRY_SLACK_MS = 1_000
// method names are identifiers; these look like a filter word with a typo
const METHOD_NAME = /^[a-z][a-z0-9_]*$/
const NEAR_MISSES: ReadonlyMap<string, string> = new Map([
  ['reads', 'read'],
  ['writes', 'write'],
  ['customs', 'custom'],
  ['readonly', 'read'],
  ['read_only', 'read'],
  ['all', 'leave `methods` out'],
])

type Config = { methods?: string[]; tags?: string[]; require_api_token_auth?: boolean }

/** The checked body of a create; throws `TrutoConfigError` naming the field. */
export function createBody(options: McpServerOptions, now: number): Record<string, unknown> {
  const body: Record<string, unknown> = { name: checkName(options.name) }
  // the reference requires config, even when it filters nothing
  body.config = changedConfig(options) ?? {}
  if (options.expiresAt !== undefined) body.expires_at = checkExpiry(options.expiresAt, now)
  return body
}

/**
 * The checked body of an update. `config` is sent whole, built on `current` (the server as Truto
 * has it), so a setting left out is kept whether Truto merges or replaces the config.
 */
export function updateBody(
  changes: McpServerChanges,
  now: number,
  current: TrutoMcpServer | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (changes.name !== undefined) body.name = checkName(changes.name)
  if (changes.expiresAt !== undefined)
    body.expires_at = changes.expiresAt === null ? null : checkExpiry(changes.expiresAt, now)
  const config = changedConfig(changes)
  if (config) {
    const base: Config = {}
    if (current?.methods.length) base.methods = [...current.methods]
    if (current?.tags.length) base.tags = [...current.tags]
    if (current?.requireApiTokenAuth) base.require_api_token_auth = true
    const merged: Config = { ...base, ...config }
    if (merged.methods?.length === 0) delete merged.methods
    if (merged.tags?.length === 0) delete merged.tags
    body.config = merged
  }
  return body
}

/**
 * True when the changes touch `config`, so the server's current config is needed first; throws
 * `TrutoConfigError` when they change nothing.
 */
export function changesConfig(changes: McpServerChanges): boolean {
  if (!isRecord(changes)) throw new TrutoConfigError('changes', 'The changes must be an object.')
  const fields = ['name', 'methods', 'tags', 'expiresAt', 'requireApiTokenAuth'] as const
  if (fields.every((field) => changes[field] === undefined)) {
    throw new TrutoConfigError('changes', 'Nothing to change: pass at least one field.')
  }
  return (
    changes.methods !== undefined ||
    changes.tags !== undefined ||
    changes.requireApiTokenAuth !== undefined
  )
}

/**
 * The settings Truto's answer does not carry as asked, by option name. Only what was asked is
 * compared, and a stricter answer (API-token auth on when not asked for) is no failure.
 */
export function settingsNotApplied(
  asked: McpServerChanges,
  answer: TrutoMcpServer,
  before?: TrutoMcpServer,
): readonly string[] {
  const missing: string[] = []
  const sameSet = (a: readonly string[], b: readonly string[]) =>
    new Set(a).size === new Set(b).size && a.every((item) => b.includes(item))
  // a whole config sent for one change must not lose the settings it kept
  if (before) {
    if (asked.methods === undefined && !sameSet(before.methods, answer.methods))
      missing.push('methods')
    if (asked.tags === undefined && !sameSet(before.tags, answer.tags)) missing.push('tags')
    if (
      asked.requireApiTokenAuth === undefined &&
      before.requireApiTokenAuth &&
      !answer.requireApiTokenAuth
    )
      missing.push('requireApiTokenAuth')
  }
  if (asked.methods !== undefined && !sameSet(asked.methods, answer.methods))
    missing.push('methods')
  if (asked.tags !== undefined && !sameSet(asked.tags, answer.tags)) missing.push('tags')
  if (asked.requireApiTokenAuth === true && !answer.requireApiTokenAuth)
    missing.push('requireApiTokenAuth')
  if (asked.expiresAt !== undefined) {
    const wanted = asked.expiresAt
    const got = answer.expiresAt
    const same =
      wanted === null
        ? got === null
        : got !== null && Math.abs(got.getTime() - wanted.getTime()) <= EXPIRY_SLACK_MS
    if (!same) missing.push('expiresAt')
  }
  return missing
}

function changedConfig(options: McpServerChanges): Config | undefined {
  const config: Config = {}
  if (options.methods !== undefined) config.methods = checkMethods(options.methods)
  if (options.tags !== undefined) config.tags = checkTags(options.tags)
  if (options.requireApiTokenAuth !== undefined) {
    if (typeof options.requireApiTokenAuth !== 'boolean') {
      throw new TrutoConfigError('requireApiTokenAuth', '`requireApiTokenAuth` must be a boolean.')
    }
    config.require_api_token_auth = options.requireApiTokenAuth
  }
  return Object.keys(config).length ? config : undefined
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !name.trim()) {
    throw new TrutoConfigError('name', '`name` must be a non-empty string.')
  }
  return name
}

function checkMethods(methods: readonly unknown[]): string[] {
  if (!Array.isArray(methods)) {
    throw new TrutoConfigError('methods', '`methods` must be an array of strings.')
  }
  return methods.map((method) => {
    const hint = typeof method === 'string' ? NEAR_MISSES.get(method) : undefined
    if (typeof method !== 'string' || !METHOD_NAME.test(method) || hint) {
      const fix = hint
        ? ` Did you mean ${hint.startsWith('leave') ? `to ${hint}` : `"${hint}"`}?`
        : ''
      throw new TrutoConfigError(
        'methods',
        `\`methods\` takes "read", "write", "custom" or method names such as "list"; got ${JSON.stringify(method)}.${fix}`,
      )
    }
    return method
  })
}

function checkTags(tags: readonly unknown[]): string[] {
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string' || !tag.trim())) {
    throw new TrutoConfigError('tags', '`tags` must be an array of non-empty strings.')
  }
  return tags as string[]
}

function checkExpiry(expiresAt: unknown, now: number): string {
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) {
    throw new TrutoConfigError('expiresAt', '`expiresAt` must be a valid Date.')
  }
  if (expiresAt.getTime() < now + MIN_EXPIRY_MS) {
    const ahead = Math.round((expiresAt.getTime() - now) / 1000)
    throw new TrutoConfigError(
      'expiresAt',
      `\`expiresAt\` must be at least 60 s in the future (Truto's minimum); got ${expiresAt.toISOString()}, ${ahead} s from now.`,
    )
  }
  return expiresAt.toISOString()
}
