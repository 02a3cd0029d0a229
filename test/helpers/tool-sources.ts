import {
  type GetToolsOptions,
  type TrutoTool,
  TrutoToolManager,
  type TrutoToolManagerOptions,
} from 'truto-langchainjs-toolset'
import { createSandbox, type Sandbox } from 'truto-langchainjs-toolset/testing'

/** Where a manager gets an account's tools: the tools endpoint, or a Truto MCP server. */
export type ToolSource = {
  readonly name: string
  load(setup: SourceSetup, options?: GetToolsOptions): Promise<TrutoTool[]>
  /** Requests of `sandbox.requests` that carried a tool call of this source. */
  isToolCall(record: Sandbox['requests'][number]): boolean
}

/** A sandbox and a manager on it, as a user testing an agent offline builds them. */
export type SourceSetup = {
  readonly sandbox: Sandbox
  readonly manager: TrutoToolManager
  readonly warnings: string[]
}

export function sourceSetup(
  options: Partial<TrutoToolManagerOptions> = {},
  sandbox: Sandbox = createSandbox(),
): SourceSetup {
  const warnings: string[] = []
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
    onWarning: (message) => warnings.push(message),
    ...options,
  })
  return { sandbox, manager, warnings }
}

const isMcpCall = (record: Sandbox['requests'][number]) =>
  record.path.startsWith('/mcp/') &&
  typeof record.body === 'object' &&
  (record.body as { method?: unknown } | null)?.method === 'tools/call'

/** Both sources, so one case runs over each without being copied. */
export const TOOL_SOURCES: readonly ToolSource[] = [
  {
    name: 'tools endpoint',
    load: ({ sandbox, manager }, options) => manager.getTools(sandbox.accounts.octapipe, options),
    isToolCall: (record) => record.path.startsWith('/proxy/'),
  },
  {
    name: 'MCP server',
    async load({ sandbox, manager }, options = {}) {
      const server = await manager.mcpServers.create({
        name: 'shared cases',
        accountId: sandbox.accounts.octapipe,
      })
      const { tags: _, ...mcpOptions } = options
      return manager.getMcpTools(server, mcpOptions)
    },
    isToolCall: isMcpCall,
  },
]
