import { namesSecretHeader } from './secret-header-names.js'

/** What replaces a secret in every string that leaves the library. */
export const REDACTED = '[redacted]'

/** Removes known secrets and credential-shaped text from what upstreams send back. */
export type Redactor = {
  /**
   * The text with each secret and `Bearer …`/`Basic …` credential replaced by `[redacted]`, also
   * where JSON escapes (`\u0042earer`, `\/`) hide one from a plain search: such a text comes back
   * decoded, as a parser would read it. `'given'` leaves alone the secrets added later (an MCP
   * admin answer carries its own token).
   */
  text(text: string, scope?: 'all' | 'given'): string
  /** True when parsed JSON of this text may hold a header that carries a credential. */
  mayHoldSecretHeaders(text: string): boolean
  /** A JSON.parse reviver that drops credential-carrying headers such as `authorization`. */
  readonly reviver: (key: string, value: unknown) => unknown
  /** A copy of an error chain with every message redacted and nothing else of the originals. */
  error(error: unknown): unknown
  /** Adds a secret learned later, such as an MCP server's URL token. */
  add(secret: string): void
  /** Forgets a secret added later, once nothing can carry it any more (a deleted server's token). */
  remove(secret: string): void
}

// headers whose value is a credential wherever an upstream echoes them (raw_response, debug bodies)
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
])
// the credential after an auth scheme, in headers, logs and HTML error pages alike; a JSON escape
// inside it (`\/` in base64) is part of it, so no tail of it is left behind
const SCHEME_CREDENTIAL =
  /\b(Bearer|Basic)(\s+|%20|\+)((?:[A-Za-z0-9._~+/=:-]|\\+(?:\/|u[0-9a-fA-F]{4})){8,})/gi
// "Basic Membership" is prose; a credential has digits, symbols, inner capitals or great length
const CREDENTIAL_SHAPE = /[0-9._~+/=:-]|[a-z][A-Z]/
// a JSON escape at any nesting level (one backslash per level, doubled inside), taken as one run;
// the lookbehind starts each run at its first backslash, so a long run costs linear time
const ESCAPE = /(?<!\\)\\+(?:u([0-9a-fA-F]{4})|(\/)|([tnrf]))/g
// short strings would redact ordinary words; every real token is far longer
const MIN_SECRET_CHARS = 8
// a cause chain longer than this is not worth copying; the head says what happened
const MAX_CAUSE_DEPTH = 5
// learned secrets kept at once; past it only the oldest learned one is forgotten
const MAX_LEARNED = 2000
// fields of Node's system errors that say what failed and hold no data
const ERROR_FACTS = ['code', 'errno', 'syscall', 'address', 'port'] as const

/** A redactor for the given secrets (the API token, an MCP URL's token); empty ones are ignored. */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  // built-in secrets are never evicted nor removed; learned ones are kept oldest first
  const given = new Set(secrets.filter(isSecret))
  const learned = new Map<string, true>()
  const givenMatcher = matcherOf(given)
  let allMatcher: RegExp | null | undefined = givenMatcher
  // one compiled matcher for every secret, rebuilt only after the set changed
  const matcher = (scope: 'all' | 'given') => {
    if (scope === 'given') return givenMatcher
    allMatcher ??= matcherOf([...given, ...learned.keys()])
    return allMatcher
  }

  const add = (secret: string) => {
    if (!isSecret(secret) || given.has(secret)) return
    // learned again: it becomes the newest, and the matcher is unchanged
    if (learned.delete(secret)) {
      learned.set(secret, true)
      return
    }
    learned.set(secret, true)
    // a process cycling through servers must not make every redaction slower forever
    if (learned.size > MAX_LEARNED) learned.delete(learned.keys().next().value ?? '')
    allMatcher = undefined
  }
  const remove = (secret: string) => {
    if (learned.delete(secret)) allMatcher = undefined
  }

  const plain = (input: string, scope: 'all' | 'given'): string => {
    const known = matcher(scope)
    const out = known ? input.replace(known, REDACTED) : input
    return out.replace(SCHEME_CREDENTIAL, (match, scheme: string, _gap, credential: string) =>
      credential.length >= 24 || CREDENTIAL_SHAPE.test(credential)
        ? `${scheme} ${REDACTED}`
        : match,
    )
  }

  const text = (input: string, scope: 'all' | 'given' = 'all'): string => {
    const cleaned = plain(input, scope)
    if (!cleaned.includes('\\')) return cleaned
    // a parser reads `\u0042earer` as `Bearer` and `\/` as `/`: look again at what it will read
    const decoded = decodeEscapes(cleaned)
    if (decoded === cleaned) return cleaned
    const again = plain(decoded, scope)
    // escapes that hid nothing stay as they came; those that hid a secret give way to its redaction
    return again === decoded ? cleaned : again
  }

  const error = (input: unknown, depth = 0): unknown => {
    if (!(input instanceof Error)) {
      return typeof input === 'string' ? text(input) : input === undefined ? undefined : REDACTED
    }
    const cause =
      input.cause === undefined || depth >= MAX_CAUSE_DEPTH
        ? undefined
        : error(input.cause, depth + 1)
    const copy = new Error(text(input.message), cause === undefined ? undefined : { cause })
    copy.name = input.name
    const facts = input as unknown as Record<string, unknown>
    for (const key of ERROR_FACTS) {
      const value = facts[key]
      if (typeof value === 'number') Object.assign(copy, { [key]: value })
      else if (typeof value === 'string') Object.assign(copy, { [key]: text(value) })
    }
    // the stack names our files, never the caller's data, but it is not the model's business
    copy.stack = `${copy.name}: ${copy.message}`
    return copy
  }

  return {
    text,
    // a header name may be escaped too (`"\u0061uthorization"`); the reviver sees it decoded
    mayHoldSecretHeaders: (input) =>
      namesSecretHeader(input) || (input.includes('\\') && namesSecretHeader(decodeEscapes(input))),
    reviver: (key, value) => (SECRET_HEADERS.has(key.toLowerCase()) ? undefined : value),
    error: (input) => error(input),
    add,
    remove,
  }
}

/** `warn` passing on each message redacted. */
export function redactedWarn(
  warn: (message: string) => void,
  redactor: Redactor,
): (message: string) => void {
  return (message) => warn(redactor.text(message))
}

const isSecret = (secret: unknown): secret is string =>
  typeof secret === 'string' && secret.length >= MIN_SECRET_CHARS

/** One alternation of every form of the secrets, longest first so a secret holding another is replaced whole. */
function matcherOf(secrets: Iterable<string>): RegExp | null {
  const forms = new Set<string>()
  for (const secret of secrets) {
    forms.add(secret)
    forms.add(encodeURIComponent(secret))
  }
  if (forms.size === 0) return null
  const sorted = [...forms].sort((a, b) => b.length - a.length)
  return new RegExp(sorted.map(escapeRegExp).join('|'), 'g')
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The text as JSON parsers would read it, at any nesting level: escapes of printable ASCII and
 * `\/` become the character, escaped whitespace a space. Quotes, backslashes and other characters
 * stay escaped, so JSON stays JSON.
 */
function decodeEscapes(text: string): string {
  return text.replace(ESCAPE, (run, hex: string | undefined, slash, space) => {
    if (slash) return '/'
    if (space) return ' '
    const code = Number.parseInt(hex ?? '', 16)
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d)
      return ' '
    return code > 0x20 && code < 0x7f && code !== 0x22 && code !== 0x5c
      ? String.fromCharCode(code)
      : run
  })
}
