import type { RouterContext } from '../context.js'
import { jsonResponse, SandboxHttpError } from '../http-error.js'
import { filterTools, type SandboxTool } from '../integrations/tool-definitions.js'
import { loadMcpSdk } from '../mcp-sdk.js'
import { isExpired, needsApiToken, type SandboxMcpServer } from '../state/mcp-server.js'
import type { IntegrationName } from '../state/state.js'
import { callMcpTool } from './mcp-tool-call.js'
import { mcpToolListing } from './mcp-tool-listing.js'

/** True for `/mcp/{token}`, the URL of an MCP server. */
export const isMcpPath = (segments: readonly string[]): boolean =>
  segments[0] === 'mcp' && segments.length === 2

// the SDK's own shape and codes for errors outside any JSON-RPC request
const rpcError = (
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response => jsonResponse(status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers)

/** What the MCP route needs of the router: where to note the account, and the request's parser. */
export type McpRouteRequest = {
  readonly request: Request
  readonly token: string
  readonly origin: string
  readonly entry: { account: string | undefined }
  read(): Promise<{ body: unknown }>
}

/**
 * `/mcp/{token}`: an MCP server over Streamable HTTP, stateless (no session id), answering JSON.
 * The token is the credential; a server with `config.require_api_token_auth` also needs the bearer.
 * A deleted, unknown or expired server is a 404, checked before anything is parsed. Each HTTP
 * request counts against Truto's tier of the API token that made the server, and a `tools/call`
 * against the account's tier too (refused with Truto's 429 before anything else); each request
 * also counts against the account's rate limit, like a proxy call.
 */
export async function mcpRoute(context: RouterContext, call: McpRouteRequest): Promise<Response> {
  const { request, entry } = call
  const server = context.state().mcpServers.find((candidate) => candidate.token === call.token)
  const integration = server && context.integrationOf(server.integrated_account_id)
  if (!server || !integration) return rpcError(404, -32001, 'MCP server not found')
  entry.account = server.integrated_account_id
  if (isExpired(server, context.clock.now())) {
    return rpcError(404, -32001, `MCP server expired at ${server.expires_at}`)
  }
  if (
    needsApiToken(server) &&
    request.headers.get('authorization') !== `Bearer ${context.apiKey}`
  ) {
    return rpcError(401, -32000, 'This MCP server needs the API token as a bearer token')
  }
  let body: unknown
  try {
    body = (await call.read()).body
  } catch (error) {
    if (error instanceof SandboxHttpError) return rpcError(error.status, -32600, error.message)
    throw error
  }
  // the sandbox has one API token, the one every server was made with
  const refused = context.tiers?.admit({
    token: context.apiKey,
    account: server.integrated_account_id,
    accountCount: toolCalls(body),
  })
  if (refused) return refused
  const limit = context.limiter?.take(server.integrated_account_id)
  const headers = limit?.headers ?? {}
  if (limit && !limit.allowed) {
    return rpcError(429, -32000, 'Rate limit exceeded for this integrated account', headers)
  }
  // stateless: there is no stream to open with GET, nor a session to end with DELETE
  if (request.method !== 'POST') {
    return rpcError(405, -32000, 'Method not allowed.', { ...headers, allow: 'POST' })
  }
  if (body === undefined || typeof body === 'string') {
    return rpcError(400, -32700, 'Parse error: Invalid JSON', headers)
  }
  const tools = filterTools(
    context.tools.get(integration) ?? [],
    server.config.methods ?? [],
    server.config.tags ?? [],
  )
  const response = await serve(context, { server, integration, tools, call, body })
  const merged = new Headers(response.headers)
  for (const [name, value] of Object.entries(headers)) merged.set(name, value)
  return new Response(response.body, { status: response.status, headers: merged })
}

/** How many `tools/call` requests a JSON-RPC message (or batch) carries. */
function toolCalls(body: unknown): number {
  const messages = Array.isArray(body) ? body : [body]
  return messages.filter(
    (message) =>
      typeof message === 'object' &&
      message !== null &&
      (message as { method?: unknown }).method === 'tools/call',
  ).length
}

type Served = {
  readonly server: SandboxMcpServer
  readonly integration: IntegrationName
  readonly tools: readonly SandboxTool[]
  readonly call: McpRouteRequest
  readonly body: unknown
}

// a fresh server and transport per request is how the SDK serves stateless Streamable HTTP
async function serve(context: RouterContext, served: Served): Promise<Response> {
  const sdk = await loadMcpSdk()
  const { tools, integration } = served
  // the low-level Server: tools carry JSON Schema, which McpServer's zod-based registerTool cannot take
  const mcp = new sdk.Server(
    { name: served.server.name, version: '1.0.0' },
    { capabilities: { tools: { listChanged: false } } },
  )
  mcp.setRequestHandler(sdk.ListToolsRequestSchema, () => ({ tools: tools.map(mcpToolListing) }))
  mcp.setRequestHandler(sdk.CallToolRequestSchema, ({ params }) => {
    const tool = tools.find((candidate) => candidate.name === params.name)
    if (!tool) throw new sdk.McpError(sdk.ErrorCode.InvalidParams, `Tool ${params.name} not found`)
    const account = served.server.integrated_account_id
    return callMcpTool(
      context,
      integration,
      account,
      tool,
      params.arguments ?? {},
      served.call.origin,
    )
  })
  // no sessionIdGenerator: stateless, so no session id is issued or required
  const transport = new sdk.Transport({ enableJsonResponse: true })
  await mcp.connect(transport)
  try {
    return await transport.handleRequest(served.call.request, { parsedBody: served.body })
  } finally {
    await mcp.close()
  }
}
