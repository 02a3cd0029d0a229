/** Which tools an MCP server serves; a missing list serves all. */
export type SandboxMcpServerConfig = {
  /** `read`, `write`, `custom` or method names such as `bulk_update`. */
  methods?: string[]
  /** Tool tags; a tool with any of them is served. */
  tags?: string[]
}

/** An MCP server of an integrated account, as `sandbox.state.mcpServers` holds it. */
export type SandboxMcpServer = {
  id: string
  /** The account whose tools it serves. */
  integrated_account_id: string
  name: string
  config: SandboxMcpServerConfig
  /** ISO instant from which its URL answers 404; null when it never expires. */
  expires_at: string | null
  /** The URL also needs `Authorization: Bearer <sandbox.apiKey>`. */
  require_api_token_auth: boolean
  /** The credential in its URL, `<origin>/mcp/<token>`. */
  token: string
  created_at: string
  updated_at: string
}

/** The path of an MCP server's URL; the origin is the one the request arrived on. */
export const mcpServerPath = (token: string): string => `/mcp/${token}`

/** An MCP server as the admin API answers it. */
export function mcpServerBody(server: SandboxMcpServer, origin: string) {
  return {
    id: server.id,
    name: server.name,
    config: server.config,
    expires_at: server.expires_at,
    require_api_token_auth: server.require_api_token_auth,
    url: `${origin}${mcpServerPath(server.token)}`,
    token: server.token,
    created_at: server.created_at,
    updated_at: server.updated_at,
  }
}

/** True once sandbox time reaches the server's `expires_at`. */
export const isExpired = (server: SandboxMcpServer, now: number): boolean =>
  server.expires_at !== null && Date.parse(server.expires_at) <= now
