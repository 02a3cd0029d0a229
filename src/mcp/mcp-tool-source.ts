import { assignToolNames } from '../definitions/tool-names.js'
import { TrutoConfigError } from '../errors/errors.js'
import type { ToolFilters } from '../options/resolve-options.js'
import type { Redactor } from '../safety/redactor.js'
import { dialectView, type SchemaDialect } from '../schema/dialects/index.js'
import type { JsonSchema } from '../schema/json-schema.js'
import type { ExecutorSettings } from '../tools/tool-executor.js'
import {
  type LoadedTools,
  selectTools,
  skipReason,
  warnOnToolCount,
} from '../tools/tool-selection.js'
import type { McpSession } from './mcp-session.js'
import { McpSessionPool } from './mcp-session-pool.js'

// connections kept open at once; a process cycling through short-lived servers would otherwise grow
const MAX_MCP_SESSIONS = 32

type McpModule = typeof import('./mcp-tools.js')

/** What a manager's MCP tools share: its settings, redactor, origin and warnings. */
export type McpToolSourceOptions = {
  readonly settings: ExecutorSettings
  readonly redactor: Redactor
  /** The manager's `baseUrl`: MCP servers there count against Truto's tiers. */
  readonly baseUrl: URL
  readonly warn: (message: string) => void
  readonly warnOnce: (message: string) => void
}

/**
 * The manager's MCP side: lists a Truto MCP server's tools as LangChain tools over a pooled
 * session, and forgets a server once it is deleted. Loads the optional SDK only when used.
 */
export class McpToolSource {
  readonly #options: McpToolSourceOptions
  readonly #sessions = new McpSessionPool(MAX_MCP_SESSIONS)

  constructor(options: McpToolSourceOptions) {
    this.#options = options
  }

  /** The tools of the server at `url`, for `account` (when known), filtered and checked. */
  async load(
    url: URL,
    account: string | undefined,
    filters: ToolFilters,
    dialect: SchemaDialect,
  ): Promise<LoadedTools> {
    const { settings, warnOnce } = this.#options
    const accountLabel = account ?? '(MCP server)'
    // a URL's path and query carry its credential, whoever handed it to us
    for (const secret of urlSecrets(url)) this.#options.redactor.add(secret)
    const mcp = await loadMcpModule()
    const session = this.#session(mcp, url, account)
    const listed = await session.listTools(settings.totalTimeoutMs)
    for (const { name, reason } of listed.skipped) warnOnce(`Skipped MCP tool ${name}: ${reason}.`)
    if (listed.truncated) {
      warnOnce(
        `Stopped reading the tools of an MCP server for ${accountLabel}: its pages did not end.`,
      )
    }
    const cut = listed.budget.warning(`the tools of an MCP server for ${accountLabel}`)
    if (cut) warnOnce(cut)
    // the tools endpoint filters by description on the server; an MCP listing is filtered here
    const described = filters.hasDescription
      ? listed.tools.filter((listing) => Boolean(listing.description?.trim()))
      : listed.tools
    const { chosen, withheld } = selectTools(
      described.map((listing) => mcp.planMcpTool(listing)),
      filters,
      settings.readOnly,
      warnOnce,
    )
    const names = assignToolNames(chosen.map((p) => p.name))
    const view =
      dialect === 'json-schema' ? undefined : (schema: JsonSchema) => dialectView(schema, dialect)
    const tools = chosen.flatMap((plan) => {
      try {
        const name = names.get(plan.name) ?? plan.name
        return [mcp.buildMcpTool(plan, name, accountLabel, session, settings, view)]
      } catch (error) {
        // one hostile or broken listing costs its own tool, never the server's others
        warnOnce(`Skipped MCP tool ${plan.name}: ${skipReason(error)}.`)
        return []
      }
    })
    const listing = {
      filters,
      account: accountLabel,
      dialect,
      readOnly: settings.readOnly,
      search: 'getMcpSearchTools()',
    }
    warnOnToolCount(tools, listing, this.#options.warn, warnOnce)
    return { tools, withheld, dialect }
  }

  /** A deleted server's connection and credential are of no further use. */
  forget(url: string, token: string): void {
    this.#sessions.retire(safeHref(url))
    this.#options.redactor.remove(token)
  }

  /** Servers are also made for other MCP clients, so a missing SDK is a warning, not an error. */
  async warnIfNoSdk(): Promise<void> {
    const found = await loadMcpModule().then(
      () => true,
      () => false,
    )
    if (found) return
    this.#options.warnOnce(
      'This MCP server is created, but loading its tools with getMcpTools() needs the optional peer dependency @modelcontextprotocol/sdk: npm install @modelcontextprotocol/sdk',
    )
  }

  /** Closes every open session; their tools reconnect no more. */
  close(): Promise<void> {
    return this.#sessions.closeAll()
  }

  #session(mcp: McpModule, url: URL, account: string | undefined): McpSession {
    const { settings, redactor, baseUrl } = this.#options
    // the gate follows the account, so the same URL under another account is another session
    const key = `${account ?? ''} ${url.href}`
    // an account's proxy and MCP calls spend one upstream limit, so they share its gate; a server
    // elsewhere is no Truto: its answers must not pace (or close) any Truto window
    // `api.truto.one.` is the same host as `api.truto.one`: its calls count against Truto's tiers
    const host = (origin: URL) => `${origin.protocol}//${origin.host.replace(/\.(?=:|$)/, '')}`
    const onTruto = host(url) === host(baseUrl)
    const gateKey = !onTruto
      ? `offsite:${url.href}`
      : account
        ? `proxy:${account}`
        : `mcp:${url.href}`
    return this.#sessions.session(
      key,
      url,
      (pool) => new mcp.McpSession(url, settings.transport, redactor, gateKey, pool),
    )
  }
}

// the MCP SDK is an optional peer: users who never touch MCP need not install it
async function loadMcpModule(): Promise<McpModule> {
  try {
    return await import('./mcp-tools.js')
  } catch (error) {
    throw new TrutoConfigError(
      'mcp',
      'MCP tools need the optional peer dependency @modelcontextprotocol/sdk: npm install @modelcontextprotocol/sdk',
      { cause: error },
    )
  }
}

// the parts of an MCP URL that may be its credential: path segments and query values
function urlSecrets(url: URL): string[] {
  return [...url.pathname.split('/'), ...url.searchParams.values()].filter(
    (part) => part.length >= 16,
  )
}

function safeHref(text: string): string {
  try {
    return new URL(text).href
  } catch {
    return text
  }
}
