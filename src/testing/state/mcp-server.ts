/** Which tools an MCP server serves (a missing list serves all), and whether it needs the API token. */
export type SandboxMcpServerConfig = {
  /** `read`, `write`, `custom` or method names such as `bulk_update`. @default every method */
  methods?: string[]
  /** Tool tags; a tool with any of them is served. @default every tool */
  tags?: string[]
  /** The URL also needs `Authorization: Bearer <sandbox.apiKey>`. @default false */
  require_api_token_auth?: boolean
}

/** An MCP server of an integrated account, as `sandbox.state.mcpServers` holds it. */
export type SandboxMcpServer = {
  /** The server's id. */
  id: string
  /** The account whose tools it serves. */
  integrated_account_id: string
  /** The name it was created with. */
  name: string
  /** Which tools it serves, and whether it needs the API token. */
  config: SandboxMcpServerConfig
  /** The user behind the sandbox's API key, the same for every server of a sandbox. */
  created_by: string
  /** ISO instant from which its URL answers 404; null when it never expires. */
  expires_at: string | null
  /** The credential in its URL, `<origin>/mcp/<token>`; only the answer to create shows it. */
  token: string
  /** ISO instant of creation, in sandbox time. */
  created_at: string
  /** ISO instant of the last change, in sandbox time. */
  updated_at: string
}

/** The path of an MCP server's URL; the origin is the one the request arrived on. */
export const mcpServerPath = (token: string): string => `/mcp/${token}`

/** An MCP server as get, list and update answer it: without its token or URL. */
export function mcpServerBody(server: SandboxMcpServer) {
  return {
    id: server.id,
    name: server.name,
    config: server.config,
    integrated_account_id: server.integrated_account_id,
    created_by: server.created_by,
    expires_at: server.expires_at,
    created_at: server.created_at,
    updated_at: server.updated_at,
  }
}

/** An MCP server as the answer to create gives it, the only one with its token and URL. */
export const createdMcpServerBody = (server: SandboxMcpServer, origin: string) => ({
  ...mcpServerBody(server),
  token: server.token,
  url: `${origin}${mcpServerPath(server.token)}`,
})

/** True once sandbox time reaches the server's `expires_at`. */
export const isExpired = (server: SandboxMcpServer, now: number): boolean =>
  server.expires_at !== null && Date.parse(server.expires_at) <= now

/** True when the server's URL also needs the API token. */
export const needsApiToken = (server: SandboxMcpServer): boolean =>
  server.config.require_api_token_auth === true
