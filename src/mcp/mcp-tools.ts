import { isRecord } from '../basics/is-record.js'
import { setOwn } from '../basics/own-property.js'
import { plainObject } from '../basics/plain-object.js'
import { TrutoApiError, TrutoMcpError, TrutoValidationError } from '../errors/errors.js'
import type { ToolCallRequest } from '../options/options.js'
import { isAccountParam } from '../safety/account-param.js'
import type { DialectView } from '../schema/dialects/index.js'
import type { JsonSchema } from '../schema/json-schema.js'
import { normaliseSchema } from '../schema/normalise-schema.js'
import { type ToolExecutor, TrutoTool, toolMetadata } from '../tools/tool.js'
import {
  type ExecutorSettings,
  gatherPages,
  guardCall,
  rateLimitNotifier,
} from '../tools/tool-executor.js'
import { asListPage, formatPage, formatResult } from '../tools/tool-output.js'
import { mcpResource, mcpToolKind } from './mcp-method.js'
import { type McpCallResult, McpSession, type McpToolListing } from './mcp-session.js'

export { McpSession }

/** One tool of an MCP server, before it is named and built. */
export type McpToolPlan = {
  /** The name the server lists it under. */
  readonly name: string
  readonly listing: McpToolListing
  readonly method: string
  readonly resource: string
  readonly idempotent: boolean
}

// a class, not a literal: the tool's calls keep its plan (see plainObject for why that matters)
class Plan implements McpToolPlan {
  readonly name: string
  readonly resource: string
  readonly method: string
  readonly idempotent: boolean

  constructor(readonly listing: McpToolListing) {
    const { method, idempotent } = mcpToolKind(listing.name, listing.annotations)
    this.name = listing.name
    this.resource = mcpResource(listing.name)
    this.method = method
    this.idempotent = idempotent
  }
}

/** Reads what each listed tool does: Truto's naming decides, its annotations can only add risk. */
export function planMcpTool(listing: McpToolListing): McpToolPlan {
  return new Plan(listing)
}

/** Builds the LangChain tool for one planned MCP tool; throws when its schema cannot be used. */
export function buildMcpTool(
  plan: McpToolPlan,
  name: string,
  accountId: string,
  session: McpSession,
  settings: ExecutorSettings,
  dialect?: ((schema: JsonSchema) => DialectView) | undefined,
): TrutoTool {
  const schema = withoutAccountParam(normaliseSchema(plan.listing.inputSchema))
  const paged =
    plan.method === 'list'
      ? ' Results are paged: the result says whether more exist and which next_cursor to pass.'
      : ''
  return new TrutoTool({
    name,
    description: `${plan.listing.description || `${plan.method} ${plan.resource}`}${paged}`,
    schema,
    idempotent: plan.idempotent,
    metadata: toolMetadata(plan.resource, plan.method, accountId, plan.listing.name),
    execute: mcpExecutor(plan, name, accountId, session, settings),
    errors: settings.errors,
    view: dialect?.(schema),
    trace: settings,
    source: 'mcp',
  })
}

function mcpExecutor(
  plan: McpToolPlan,
  toolName: string,
  accountId: string,
  session: McpSession,
  settings: ExecutorSettings,
): ToolExecutor {
  const remote = plan.listing.name
  const context = { toolName, accountId }
  const route = { method: plan.method, resource: plan.resource }
  return async (args, config) => {
    const aliased = Object.keys(args).find(isAccountParam)
    if (aliased !== undefined) {
      // the server's token binds one account; a model must not even try another
      throw new TrutoValidationError(
        [
          {
            path: aliased,
            message: 'is set by the toolset to the connected account; leave it out',
          },
        ],
        context,
      )
    }
    const call: ToolCallRequest = { ...route, toolName, accountId, args, signal: config?.signal }
    const rehearsal = await guardCall(settings, call, () => [
      `Dry run of ${toolName}: would call the MCP tool ${remote} with ${JSON.stringify(args)}. Nothing was sent.`,
      { dryRun: true, tool: remote, arguments: args },
    ])
    if (rehearsal) return rehearsal

    const send = async (callArgs: Record<string, unknown>) => {
      try {
        const result = await session.call(remote, callArgs, {
          signal: config?.signal,
          idempotent: plan.idempotent,
          onWait: rateLimitNotifier(config, toolName, accountId),
          context,
          timeoutMs: settings.totalTimeoutMs,
        })
        return readResult(result, remote, context)
      } finally {
        // the MCP conventions' attributes, on the execute_tool span that already covers the call
        const { sessionId, protocolVersion } = session.describe()
        settings.telemetry?.annotate({
          'mcp.method.name': 'tools/call',
          'network.transport': 'tcp',
          'mcp.session.id': sessionId,
          'mcp.protocol.version': protocolVersion,
        })
      }
    }
    const data = await send(args)
    const first = plan.method === 'list' ? asListPage(data) : undefined
    if (!first || !settings.autoPaginate)
      return [formatResult(data, route, settings.maxResultChars), data]
    const limits = { ...settings.autoPaginate, maxChars: settings.maxResultChars }
    const gathered = await gatherPages(first, limits, (cursor) =>
      send({ ...args, next_cursor: cursor }),
    )
    return [formatPage(gathered, settings.maxResultChars), gathered]
  }
}

/** The data of a successful result; an error result throws what the model should read. */
function readResult(
  result: McpCallResult,
  remote: string,
  context: { readonly toolName: string; readonly accountId: string },
): unknown {
  const texts = result.content.flatMap((item) =>
    isRecord(item) && item.type === 'text' && typeof item.text === 'string' ? [item.text] : [],
  )
  const parsed = texts.map(parseJson)
  if (result.isError) {
    // Truto puts the upstream's error body in the text, as the proxy's error JSON
    const body = parsed.length === 1 ? parsed[0] : undefined
    if (isRecord(body) && typeof body.statusCode === 'number') {
      throw new TrutoApiError(
        {
          status: body.statusCode,
          method: 'MCP',
          path: remote,
          serverMessage: typeof body.message === 'string' ? body.message : undefined,
          body,
          isRemoteError: body.truto_is_remote_error === true,
        },
        context,
      )
    }
    const said = texts.join(' ').trim()
    throw new TrutoMcpError(
      { reason: 'tool-error', serverMessage: said.length > 500 ? `${said.slice(0, 500)}…` : said },
      context,
    )
  }
  if (result.structuredContent !== undefined) return result.structuredContent
  if (parsed.length === 0) return undefined
  return parsed.length === 1 ? parsed[0] : parsed
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function withoutAccountParam(schema: JsonSchema): JsonSchema {
  const properties = isRecord(schema.properties) ? schema.properties : {}
  const names = Object.keys(properties)
  if (!names.some(isAccountParam)) return schema
  // built up rather than written as literals: the tool keeps them (see plainObject)
  const rest = plainObject()
  for (const name of names) if (!isAccountParam(name)) setOwn(rest, name, properties[name])
  const out = plainObject<JsonSchema>()
  for (const key of Object.keys(schema)) setOwn(out, key, schema[key])
  out.properties = rest
  if (Array.isArray(schema.required)) {
    out.required = schema.required.filter(
      (name) => typeof name !== 'string' || !isAccountParam(name),
    )
  }
  return out
}
