import { methodTraits } from '../../basics/methods.js'
import type { RouterContext } from '../context.js'
import { SandboxHttpError } from '../http-error.js'
import type { SandboxTool } from '../integrations/tool-definitions.js'
import { accountRefusal } from '../state/account-status.js'
import type { IntegrationName } from '../state/state.js'
import { splitArguments } from './mcp-arguments.js'
import { callMethod, findMethod } from './proxy-route.js'

/** A `tools/call` result: the answer as JSON text, like Truto sends it. */
export type McpToolResult = {
  content: { type: 'text'; text: string }[]
  isError?: true
}

const asText = (value: unknown): McpToolResult['content'] => [
  { type: 'text', text: JSON.stringify(value) },
]

/**
 * Runs a tool against the same state and handlers as the proxy. A failure of the call (a 4xx
 * or 5xx the proxy would answer) is a tool result with `isError` and Truto's error JSON, so the
 * model reads it; only protocol failures are JSON-RPC errors. The account's status refuses a
 * call as it refuses the proxy request the tool stands for.
 */
export function callMcpTool(
  context: RouterContext,
  integration: IntegrationName,
  account: string,
  tool: SandboxTool,
  args: Readonly<Record<string, unknown>>,
  origin: string,
): McpToolResult {
  try {
    const status = context.accountStatus(account)
    const refusal = accountRefusal(status, methodTraits(tool.method).verb)
    if (refusal) throw refusal
    const method = findMethod(integration, tool.resource, tool.method)
    if (!method) throw new SandboxHttpError(404, `Tool ${tool.name} has no method behind it`)
    const { id, query, body } = splitArguments(tool, args)
    const reply = callMethod(context, {
      integration,
      account,
      ...method,
      pathId: id,
      query,
      body,
      origin,
    })
    return reply.status >= 400
      ? { content: asText(reply.body), isError: true }
      : { content: asText(reply.body) }
  } catch (error) {
    const failure =
      error instanceof SandboxHttpError
        ? error
        : new SandboxHttpError(
            500,
            `Sandbox error: ${error instanceof Error ? error.message : String(error)}`,
          )
    return { content: asText(failure.toBody()), isError: true }
  }
}
