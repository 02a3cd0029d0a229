import type { RouterContext } from '../context.js'
import { jsonResponse, SandboxHttpError } from '../http-error.js'
import { iso } from '../state/clock.js'
import { createdMcpServerBody, mcpServerBody, type SandboxMcpServer } from '../state/mcp-server.js'
import { randomHex, uuidFrom } from '../state/random.js'
import { readMcpServerInput } from './mcp-server-input.js'
import { paginate } from './paginate.js'
import { queryText } from './query.js'

export type McpAdminRequest = {
  readonly account: string
  /** The server id after `/mcp/`, absent for the collection. */
  readonly mcpId: string | undefined
  readonly httpMethod: string
  readonly query: Readonly<Record<string, unknown>>
  readonly body: unknown
  readonly origin: string
}

const PAGE = { default: 25, max: 100 }
const trutoFail = (status: number, message: string) => new SandboxHttpError(status, message)

/**
 * `/integrated-account/{id}/mcp[/{mcp_id}]`: list (paged), create (201), get, update (PATCH,
 * partial) and delete (200 with `{ id }`, as Truto documents it) the account's MCP servers. Only
 * the answer to create carries the server's `token` and `url`.
 */
export function mcpAdminRoute(
  context: RouterContext,
  request: McpAdminRequest,
  headers: Record<string, string>,
): Response {
  const { account, mcpId, httpMethod, origin } = request
  const integration = context.integrationOf(account)
  if (!integration) throw trutoFail(404, `Integrated account "${account}" not found`)
  const tools = context.tools.get(integration) ?? []
  const state = context.state()
  const now = context.clock.now()
  const own = state.mcpServers.filter((server) => server.integrated_account_id === account)
  const answer = (server: SandboxMcpServer) => jsonResponse(200, mcpServerBody(server), headers)

  if (mcpId === undefined) {
    if (httpMethod === 'GET') {
      const limit = Number(queryText(request.query.limit))
      const pageQuery = {
        ...request.query,
        limit: Number.isInteger(limit) && limit > 0 ? limit : undefined,
      }
      const page = paginate(own, pageQuery, PAGE, trutoFail)
      const result = page.result.map(mcpServerBody)
      return jsonResponse(200, { result, next_cursor: page.next_cursor }, headers)
    }
    if (httpMethod === 'POST') {
      const input = readMcpServerInput(request.body, tools, now, false)
      // seeded by the api key and creation order: the same sandbox setup gets the same ids
      const seed = `mcp-server:${context.signingSecret}:${context.env(origin, account).next('mcp-server')}`
      const server: SandboxMcpServer = {
        id: uuidFrom(seed),
        integrated_account_id: account,
        name: input.name ?? '',
        config: input.config ?? {},
        created_by: uuidFrom(`api-key-user:${context.signingSecret}`),
        expires_at: input.expires_at ?? null,
        // the URL is the credential, so nothing about the sandbox may predict it
        token: randomHex(32),
        created_at: iso(now),
        updated_at: iso(now),
      }
      state.mcpServers.push(server)
      return jsonResponse(201, createdMcpServerBody(server, origin), headers)
    }
  } else {
    const server = own.find((candidate) => candidate.id === mcpId)
    if (!server) throw trutoFail(404, `MCP server "${mcpId}" not found`)
    if (httpMethod === 'GET') return answer(server)
    if (httpMethod === 'PATCH') {
      Object.assign(server, readMcpServerInput(request.body, tools, now, true), {
        updated_at: iso(now),
      })
      return answer(server)
    }
    if (httpMethod === 'DELETE') {
      state.mcpServers.splice(state.mcpServers.indexOf(server), 1)
      return jsonResponse(200, { id: server.id }, headers)
    }
  }
  const path = `/integrated-account/${account}/mcp${mcpId === undefined ? '' : `/${mcpId}`}`
  throw trutoFail(405, `${httpMethod} is not allowed on ${path}`)
}
