import { isRecord } from '../basics/is-record.js'

/**
 * A Truto MCP server of one integrated account. Truto returns `url` and `token` only when the
 * server is created: servers from `get`, `list` and `update` have both `undefined`. Keep them secret.
 */
export type TrutoMcpServer = {
  /** Truto's id of the server. */
  readonly id: string
  /** The integrated account whose tools it serves. */
  readonly accountId: string
  /** The name people recognise the server by. */
  readonly name: string
  /** Method filter words (`read`, `write`, `custom`) or method names; empty for every method. */
  readonly methods: readonly string[]
  /** Tags the server is scoped to; empty for every tool. */
  readonly tags: readonly string[]
  /** When the server stops answering, or `null` when it never expires. */
  readonly expiresAt: Date | null
  /** True when a client must also send the Truto API token. */
  readonly requireApiTokenAuth: boolean
  /** The MCP endpoint (Streamable HTTP); its token is the credential. Only in the answer to `create`. */
  readonly url: string | undefined
  /** The server's own token, part of `url`. Only in the answer to `create`. */
  readonly token: string | undefined
  /** The Truto user who created it, when Truto says. */
  readonly createdBy: string | null
  /** When it was created, when Truto says. */
  readonly createdAt: Date | null
  /** When it was last changed, when Truto says. */
  readonly updatedAt: Date | null
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []

/** Reads Truto's snake_case record into a {@link TrutoMcpServer}, or undefined when it is not one. */
export function parseServer(data: unknown, accountId: string): TrutoMcpServer | undefined {
  if (!isRecord(data) || typeof data.id !== 'string' || !data.id) return undefined
  const { url, token } = data
  // a URL or token that is there must be usable; absent ones are how get, list and update answer
  if (url !== undefined && url !== null && (typeof url !== 'string' || !isHttpUrl(url)))
    return undefined
  if (token !== undefined && token !== null && typeof token !== 'string') return undefined
  const config = isRecord(data.config) ? data.config : {}
  // the reference keeps it in config; older answers had it at the top level
  const requireAuth = config.require_api_token_auth ?? data.require_api_token_auth
  return {
    id: data.id,
    accountId:
      typeof data.integrated_account_id === 'string' && data.integrated_account_id
        ? data.integrated_account_id
        : accountId,
    name: typeof data.name === 'string' ? data.name : '',
    methods: strings(config.methods),
    tags: strings(config.tags),
    expiresAt: date(data.expires_at),
    requireApiTokenAuth: requireAuth === true,
    url: typeof url === 'string' ? url : undefined,
    token: typeof token === 'string' && token ? token : undefined,
    createdBy: typeof data.created_by === 'string' ? data.created_by : null,
    createdAt: date(data.created_at),
    updatedAt: date(data.updated_at),
  }
}

function date(value: unknown): Date | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null
  const parsed = new Date(value)
  return Number.isNaN(parsed.getTime()) ? null : parsed
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol)
  } catch {
    return false
  }
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

// console.log(server) is the usual way a credential lands in a log; show it without the secrets
export function hideSecretsFromInspect(server: TrutoMcpServer): TrutoMcpServer {
  const hidden = (value: string | undefined) => (value === undefined ? undefined : '[redacted]')
  const shown = () => ({ ...server, url: hidden(server.url), token: hidden(server.token) })
  return Object.defineProperty({ ...server }, INSPECT, { value: shown, enumerable: false })
}
