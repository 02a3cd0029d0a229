import { TrutoConfigError, TrutoRequestError } from '../errors.js'
import { isRecord } from '../is-record.js'
import type { Redactor } from '../redact.js'
import { accountPath, UnsafePathError } from '../request-path.js'
import { readResponse, type TrutoRequest } from '../transport/client.js'
import type { Transport } from '../transport/transport.js'

/** A Truto MCP server of one integrated account. `url` and `token` are credentials: keep them secret. */
export type TrutoMcpServer = {
  /** Truto's id of the server. */
  readonly id: string
  /** The integrated account whose tools it serves. */
  readonly accountId: string
  readonly name: string
  /** Method filter words (`read`, `write`, `custom`) or method names; empty for every method. */
  readonly methods: readonly string[]
  /** Tags the server is scoped to; empty for every tool. */
  readonly tags: readonly string[]
  /** When the server stops answering, or `null` when it never expires. */
  readonly expiresAt: Date | null
  /** True when a client must also send the Truto API token. */
  readonly requireApiTokenAuth: boolean
  /** The MCP endpoint (Streamable HTTP); its token is the credential. */
  readonly url: string
  /** The server's own token, part of `url`. */
  readonly token: string
  readonly createdAt: Date | null
  readonly updatedAt: Date | null
}

/** What {@link McpServers.create} takes. */
export type McpServerOptions = {
  /** A name people recognise the server by. */
  readonly name: string
  /** `read`, `write`, `custom` or method names such as `list`. @default every method */
  readonly methods?: readonly string[] | undefined
  /** Serve only tools carrying one of these tags. @default every tool */
  readonly tags?: readonly string[] | undefined
  /** When the server expires; must be in the future. @default never */
  readonly expiresAt?: Date | undefined
  /** Require the Truto API token besides the URL's own token. @default false */
  readonly requireApiTokenAuth?: boolean | undefined
  /** The integrated account. @default the manager's `accountId` */
  readonly accountId?: string | undefined
}

/** What {@link McpServers.update} changes; `expiresAt: null` removes the expiry. */
export type McpServerChanges = {
  readonly name?: string | undefined
  readonly methods?: readonly string[] | undefined
  readonly tags?: readonly string[] | undefined
  readonly expiresAt?: Date | null | undefined
  readonly requireApiTokenAuth?: boolean | undefined
}

const MAX_PAGES = 100
const MAX_KNOWN = 1000
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

/** Creates, lists, reads, changes and deletes the Truto MCP servers of integrated accounts. */
export class McpServers {
  readonly #transport: Transport
  readonly #account: (accountId: string | undefined) => string
  readonly #redactor: Redactor

  readonly #onDelete: (server: Pick<TrutoMcpServer, 'url' | 'token'>) => void
  readonly #known = new Map<string, Pick<TrutoMcpServer, 'url' | 'token'>>()

  constructor(
    transport: Transport,
    account: (accountId: string | undefined) => string,
    redactor: Redactor,
    onDelete: (server: Pick<TrutoMcpServer, 'url' | 'token'>) => void,
  ) {
    this.#transport = transport
    this.#account = account
    this.#redactor = redactor
    this.#onDelete = onDelete
  }

  /** Provisions an MCP server for the account; bad options throw `TrutoConfigError` before any request. */
  async create(options: McpServerOptions): Promise<TrutoMcpServer> {
    const accountId = this.#account(options.accountId)
    const body = requestBody(options, true)
    const request: TrutoRequest = { method: 'POST', path: this.#path(accountId), query: {}, body }
    return this.#server(await this.#send(request, accountId), accountId)
  }

  /** Every MCP server of the account, following `next_cursor` through every page. */
  async list(accountId?: string): Promise<TrutoMcpServer[]> {
    const account = this.#account(accountId)
    const servers: TrutoMcpServer[] = []
    const seen = new Set<string>()
    let cursor: string | undefined
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: Record<string, string> = cursor ? { next_cursor: cursor } : {}
      const data = await this.#send({ method: 'GET', path: this.#path(account), query }, account)
      if (!isRecord(data) || !Array.isArray(data.result)) throw this.#malformed('GET')
      for (const item of data.result) servers.push(this.#server(item, account))
      const next = typeof data.next_cursor === 'string' ? data.next_cursor : ''
      if (!next || seen.has(next)) break
      seen.add(next)
      cursor = next
    }
    return servers
  }

  /** One MCP server by id. */
  async get(id: string, accountId?: string): Promise<TrutoMcpServer> {
    const account = this.#account(accountId)
    const request: TrutoRequest = { method: 'GET', path: this.#path(account, id), query: {} }
    return this.#server(await this.#send(request, account), account)
  }

  /** Changes the given fields of an MCP server; the rest stay as they are. */
  async update(id: string, changes: McpServerChanges, accountId?: string): Promise<TrutoMcpServer> {
    const account = this.#account(accountId)
    const body = requestBody(changes, false)
    const request: TrutoRequest = {
      method: 'PATCH',
      path: this.#path(account, id),
      query: {},
      body,
    }
    return this.#server(await this.#send(request, account), account)
  }

  /** Deletes an MCP server; its URL stops answering at once. */
  async delete(id: string, accountId?: string): Promise<void> {
    const account = this.#account(accountId)
    await this.#send({ method: 'DELETE', path: this.#path(account, id), query: {} }, account)
    const known = this.#known.get(`${account} ${id}`)
    this.#known.delete(`${account} ${id}`)
    if (known) this.#onDelete(known)
  }

  #path(accountId: string, id?: string): string {
    try {
      return id === undefined ? accountPath(accountId, 'mcp') : accountPath(accountId, 'mcp', id)
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw error
      throw new TrutoConfigError('id', `The MCP server id ${JSON.stringify(id)} is not one id.`)
    }
  }

  async #send(plain: TrutoRequest, accountId: string): Promise<unknown> {
    // the admin API answers with the servers' own tokens; those are the point, not a leak
    const request: TrutoRequest = { ...plain, carriesMcpTokens: true }
    const response = await this.#transport.send(request, {
      gateKey: `admin:${accountId}`,
      // a repeated create would provision a second server
      idempotent: request.method === 'GET' || request.method === 'DELETE',
    })
    return readResponse(response, request, { accountId })
  }

  #server(data: unknown, accountId: string): TrutoMcpServer {
    const server = parseServer(data, accountId)
    if (!server) throw this.#malformed('MCP')
    // the URL's token is a credential from here on: no error text or warning may carry it
    this.#redactor.add(server.token)
    this.#redactor.add(new URL(server.url).pathname.split('/').pop() ?? '')
    // remembered so a delete can close its connection and forget its token
    this.#known.set(`${accountId} ${server.id}`, { url: server.url, token: server.token })
    if (this.#known.size > MAX_KNOWN) this.#known.delete(this.#known.keys().next().value ?? '')
    return hideSecretsFromInspect(server)
  }

  #malformed(method: string): TrutoRequestError {
    return new TrutoRequestError({ reason: 'malformed-body', method, path: '(MCP servers)' })
  }
}

function requestBody(
  options: McpServerChanges & { readonly name?: string | undefined },
  creating: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (creating || options.name !== undefined) {
    if (typeof options.name !== 'string' || !options.name.trim()) {
      throw new TrutoConfigError('name', '`name` must be a non-empty string.')
    }
    body.name = options.name
  }
  const config: Record<string, unknown> = {}
  if (options.methods !== undefined) config.methods = checkMethods(options.methods)
  if (options.tags !== undefined) config.tags = checkTags(options.tags)
  if (Object.keys(config).length) body.config = config
  if (options.expiresAt !== undefined) body.expires_at = checkExpiry(options.expiresAt, creating)
  if (options.requireApiTokenAuth !== undefined) {
    if (typeof options.requireApiTokenAuth !== 'boolean') {
      throw new TrutoConfigError('requireApiTokenAuth', '`requireApiTokenAuth` must be a boolean.')
    }
    body.require_api_token_auth = options.requireApiTokenAuth
  }
  if (!creating && Object.keys(body).length === 0) {
    throw new TrutoConfigError('changes', 'Nothing to change: pass at least one field.')
  }
  return body
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

function checkExpiry(expiresAt: Date | null, creating: boolean): string | null {
  if (expiresAt === null && !creating) return null
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) {
    throw new TrutoConfigError('expiresAt', '`expiresAt` must be a valid Date.')
  }
  if (expiresAt.getTime() <= Date.now()) {
    throw new TrutoConfigError(
      'expiresAt',
      `\`expiresAt\` must be in the future; got ${expiresAt.toISOString()}.`,
    )
  }
  return expiresAt.toISOString()
}

/** Reads Truto's snake_case record into a {@link TrutoMcpServer}, or undefined when it is not one. */
function parseServer(data: unknown, accountId: string): TrutoMcpServer | undefined {
  if (!isRecord(data)) return undefined
  const { id, name, url, token } = data
  if (typeof id !== 'string' || typeof url !== 'string' || typeof token !== 'string')
    return undefined
  if (!isHttpUrl(url)) return undefined
  const config = isRecord(data.config) ? data.config : {}
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  const requireAuth = data.require_api_token_auth ?? config.require_api_token_auth
  return {
    id,
    accountId,
    name: typeof name === 'string' ? name : '',
    methods: strings(config.methods),
    tags: strings(config.tags),
    expiresAt: date(data.expires_at),
    requireApiTokenAuth: requireAuth === true,
    url,
    token,
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
function hideSecretsFromInspect(server: TrutoMcpServer): TrutoMcpServer {
  const shown = () => ({ ...server, url: '[redacted]', token: '[redacted]' })
  return Object.defineProperty({ ...server }, INSPECT, { value: shown, enumerable: false })
}
