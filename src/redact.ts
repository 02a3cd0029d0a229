/** What replaces a secret in every string that leaves the library. */
export const REDACTED = '[redacted]'

/** Removes known secrets and credential-shaped text from what upstreams send back. */
export type Redactor = {
  /**
   * The text with each secret and `Bearer …`/`Basic …` credential replaced by `[redacted]`;
   * `'given'` leaves alone the secrets added later (an MCP admin answer carries its own token).
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
const SECRET_HEADER_TEXT = /authorization|cookie|api[-_]key|auth[-_]token/i
// the credential after an auth scheme, in headers, logs and HTML error pages alike
const SCHEME_CREDENTIAL = /\b(Bearer|Basic)(\s+|%20|\+)([A-Za-z0-9._~+/=:-]{8,})/gi
// "Basic Membership" is prose; a credential has digits, symbols, inner capitals or great length
const CREDENTIAL_SHAPE = /[0-9._~+/=:-]|[a-z][A-Z]/
// a cause chain longer than this is not worth copying; the head says what happened
const MAX_CAUSE_DEPTH = 5
// learned secrets kept at once (two forms each); the oldest go first
const MAX_LEARNED = 2000
// fields of Node's system errors that say what failed and hold no data
const ERROR_FACTS = ['code', 'errno', 'syscall', 'address', 'port'] as const

/** A redactor for the given secrets (the API token, an MCP URL's token); empty ones are ignored. */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const withForms = (forms: string[], secret: string | undefined): string[] => {
    // short strings would redact ordinary words; every real token is far longer
    if (typeof secret !== 'string' || secret.length < 8) return forms
    const more = [secret, encodeURIComponent(secret)].filter((form) => !forms.includes(form))
    // longest first, so a secret that contains another is replaced whole
    return more.length ? [...forms, ...more].sort((a, b) => b.length - a.length) : forms
  }
  const given = secrets.reduce(withForms, [] as string[])
  let all = given
  const add = (secret: string) => {
    all = withForms(all, secret)
    // a process cycling through servers must not make every redaction slower forever
    if (all.length > given.length + MAX_LEARNED) all = [...given, ...all.slice(given.length + 2)]
  }
  const remove = (secret: string) => {
    if (given.includes(secret)) return
    const forms = [secret, encodeURIComponent(secret)]
    all = all.filter((form) => !forms.includes(form))
  }

  const text = (input: string, scope: 'all' | 'given' = 'all'): string => {
    let out = input
    for (const secret of scope === 'all' ? all : given) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    }
    return out.replace(SCHEME_CREDENTIAL, (match, scheme: string, _gap, credential: string) =>
      credential.length >= 24 || CREDENTIAL_SHAPE.test(credential)
        ? `${scheme} ${REDACTED}`
        : match,
    )
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
    mayHoldSecretHeaders: (input) => SECRET_HEADER_TEXT.test(input),
    reviver: (key, value) => (SECRET_HEADERS.has(key.toLowerCase()) ? undefined : value),
    error: (input) => error(input),
    add,
    remove,
  }
}
