import type { Server } from '@modelcontextprotocol/sdk/server/index.js'
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
import type * as Types from '@modelcontextprotocol/sdk/types.js'

/** The parts of the MCP SDK the sandbox's MCP servers use. */
export type McpSdk = {
  readonly Server: typeof Server
  readonly Transport: typeof WebStandardStreamableHTTPServerTransport
  readonly ListToolsRequestSchema: typeof Types.ListToolsRequestSchema
  readonly CallToolRequestSchema: typeof Types.CallToolRequestSchema
  readonly McpError: typeof Types.McpError
  readonly ErrorCode: typeof Types.ErrorCode
}

let loading: Promise<McpSdk> | undefined

/**
 * Loads `@modelcontextprotocol/sdk` on the first MCP request: it is an optional peer, so a
 * sandbox that never serves MCP works without it installed.
 */
export function loadMcpSdk(): Promise<McpSdk> {
  loading ??= Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]).then(
    ([server, transport, types]) => ({
      Server: server.Server,
      Transport: transport.WebStandardStreamableHTTPServerTransport,
      ListToolsRequestSchema: types.ListToolsRequestSchema,
      CallToolRequestSchema: types.CallToolRequestSchema,
      McpError: types.McpError,
      ErrorCode: types.ErrorCode,
    }),
    (error: unknown) => {
      // a later call tries again, e.g. after the package is installed
      loading = undefined
      throw new Error(
        'The sandbox serves MCP with @modelcontextprotocol/sdk; install it (npm i -D @modelcontextprotocol/sdk)',
        { cause: error },
      )
    },
  )
  return loading
}
