import { isRecord } from '../basics/is-record.js'
import {
  isTrutoApiError,
  TrutoConfigError,
  TrutoMcpServerError,
  TrutoRequestError,
} from '../errors/errors.js'
import type { Redactor } from '../safety/redactor.js'
import { accountPath, UnsafePathError } from '../safety/request-path.js'
import { readResponse, type TrutoRequest } from '../transport/client.js'
import type { Transport } from '../transport/transport.js'
import { hideSecretsFromInspect, parseServer, type TrutoMcpServer } from './mcp-server-record.js'
import {
  changesConfig,
  createBody,
  type McpServerChanges,
  type McpServerOptions,
  settingsNotApplied,
  updateBody,
} from './mcp-server-request.js'

export type { McpServerChanges, McpServerOptions, TrutoMcpServer }

const MAX_PAGES = 100
const MAX_KNOWN = 1000

/** The secrets of a server the manager created, remembered so a delete can close and forget them. */
type Credentials = { readonly url: string; readonly token: string }

/** Creates, lists, reads, changes and deletes the Truto MCP servers of integrated accounts. */
export interface McpServers {
  /**
   * Provisions an MCP server for the account. Bad options throw `TrutoConfigError` before any
   * request; a server Truto made other than asked is deleted and `TrutoMcpServerError` thrown.
   */
  create(options: McpServerOptions): Promise<TrutoMcpServer>
  /** Every MCP server of the account, following `next_cursor` through every page. */
  list(accountId?: string): Promise<TrutoMcpServer[]>
  /** One MCP server by id; Truto answers it without `url` and `token`. */
  get(id: string, accountId?: string): Promise<TrutoMcpServer>
  /**
   * Changes the given fields; the rest stay as they are. A change of `methods`, `tags` or
   * `requireApiTokenAuth` reads the server first and sends its whole config; an answer that
   * lacks a change throws `TrutoMcpServerError`.
   */
  update(id: string, changes: McpServerChanges, accountId?: string): Promise<TrutoMcpServer>
  /** Deletes an MCP server; its URL stops answering at once. */
  delete(id: string, accountId?: string): Promise<void>
}

/** What {@link McpServerAdmin} needs of the manager. */
export type McpServerAdminOptions = {
  readonly transport: Transport
  readonly account: (accountId: string | undefined) => string
  readonly redactor: Redactor
  /** A server this manager created was deleted: close its connection, forget its token. */
  readonly onDelete: (server: Credentials) => void
  /** Told before a create, so a missing MCP SDK is said before a server exists. */
  readonly beforeCreate?: (() => void | Promise<void>) | undefined
}

/** The {@link McpServers} of a manager, over Truto's admin API. */
export class McpServerAdmin implements McpServers {
  readonly #transport: Transport
  readonly #account: (accountId: string | undefined) => string
  readonly #redactor: Redactor
  readonly #onDelete: (server: Credentials) => void
  readonly #beforeCreate: (() => void | Promise<void>) | undefined
  readonly #known = new Map<string, Credentials>()

  constructor(options: McpServerAdminOptions) {
    this.#transport = options.transport
    this.#account = options.account
    this.#redactor = options.redactor
    this.#onDelete = options.onDelete
    this.#beforeCreate = options.beforeCreate
  }

  async create(options: McpServerOptions): Promise<TrutoMcpServer> {
    const accountId = this.#account(options.accountId)
    const body = createBody(options, Date.now())
    await this.#beforeCreate?.()
    const request: TrutoRequest = { method: 'POST', path: this.#path(accountId), query: {}, body }
    let data: unknown
    try {
      data = await this.#send(request, accountId)
    } catch (error) {
      throw noMatchingTools(error, options, accountId) ?? error
    }
    const server = this.#server(data, accountId, true)
    const missing = settingsNotApplied(options, server)
    if (missing.length === 0) return server
    const deleted = await this.delete(server.id, accountId).then(
      () => true,
      () => false,
    )
    const fate = deleted
      ? 'it was deleted, so no server is left without them'
      : `deleting it failed too: delete server ${server.id} yourself`
    throw new TrutoMcpServerError(
      {
        reason: 'not-applied',
        message: `Truto created MCP server "${server.name}" without ${list(missing)} as asked; ${fate}.`,
        settings: missing,
        serverId: server.id,
        deleted,
      },
      { accountId },
    )
  }

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

  async get(id: string, accountId?: string): Promise<TrutoMcpServer> {
    const account = this.#account(accountId)
    const request: TrutoRequest = { method: 'GET', path: this.#path(account, id), query: {} }
    return this.#server(await this.#send(request, account), account)
  }

  async update(id: string, changes: McpServerChanges, accountId?: string): Promise<TrutoMcpServer> {
    const account = this.#account(accountId)
    const path = this.#path(account, id)
    const now = Date.now()
    const needsCurrent = changesConfig(changes)
    // every field is checked before the read, so a bad change sends nothing at all
    updateBody(changes, now, undefined)
    const current = needsCurrent ? await this.get(id, account) : undefined
    const body = updateBody(changes, now, current)
    const request: TrutoRequest = { method: 'PATCH', path, query: {}, body }
    const server = this.#server(await this.#send(request, account), account)
    const missing = settingsNotApplied(changes, server, current)
    if (missing.length === 0) return server
    throw new TrutoMcpServerError(
      {
        reason: 'not-applied',
        message: `Truto changed MCP server ${server.id} and it is now without ${list(missing)} as asked; set them again, or delete the server, before relying on it.`,
        settings: missing,
        serverId: server.id,
      },
      { accountId: account },
    )
  }

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
      template: request.path.endsWith('/mcp')
        ? '/integrated-account/{id}/mcp'
        : '/integrated-account/{id}/mcp/{server}',
    })
    return readResponse(response, request, { accountId })
  }

  // only create's answer carries secrets (Truto's reference): others cannot teach the redactor
  // words to hide, nor push a live server's token out of it
  #server(data: unknown, accountId: string, created = false): TrutoMcpServer {
    const parsed = parseServer(data, accountId)
    if (!parsed) throw this.#malformed('MCP')
    const server = created ? parsed : { ...parsed, url: undefined, token: undefined }
    const { url, token } = server
    if (url !== undefined && token !== undefined) {
      // the URL's token is a credential from here on: no error text or warning may carry it
      this.#redactor.add(token)
      this.#redactor.add(new URL(url).pathname.split('/').pop() ?? '')
      this.#known.set(`${accountId} ${server.id}`, { url, token })
      if (this.#known.size > MAX_KNOWN) this.#known.delete(this.#known.keys().next().value ?? '')
    }
    return hideSecretsFromInspect(server)
  }

  #malformed(method: string): TrutoRequestError {
    return new TrutoRequestError({ reason: 'malformed-body', method, path: '(MCP servers)' })
  }
}

const list = (names: readonly string[]) => names.map((name) => `\`${name}\``).join(' and ')

// Truto checks that some tool matches methods + tags, and answers 400 when none does
function noMatchingTools(
  error: unknown,
  options: McpServerOptions,
  accountId: string,
): TrutoMcpServerError | undefined {
  if (!isTrutoApiError(error) || error.status !== 400 || error.isRemoteError) return undefined
  // the fields checked here before sending have their own 400s; those stay as Truto said them
  if (/\b(name|expires_at)\b/.test(error.serverMessage ?? '')) return undefined
  const filters = [
    `methods ${options.methods?.length ? JSON.stringify(options.methods) : '(every method)'}`,
    `tags ${options.tags?.length ? JSON.stringify(options.tags) : '(every tag)'}`,
  ].join(' and ')
  const said = error.serverMessage ? ` (Truto: ${error.serverMessage})` : ''
  return new TrutoMcpServerError(
    {
      reason: 'no-matching-tools',
      message: `No tool of integrated account ${accountId} matches ${filters}, so Truto refused to create the MCP server${said}. Widen the filters.`,
    },
    { accountId, cause: error },
  )
}
