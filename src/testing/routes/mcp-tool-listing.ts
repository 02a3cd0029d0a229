import { methodTraits } from '../../basics/methods.js'
import type { JsonSchema } from '../integrations/json-schema.js'
import type { SandboxTool } from '../integrations/tool-definitions.js'

/** MCP's behaviour hints for a tool. */
export type McpToolAnnotations = {
  readOnlyHint: boolean
  destructiveHint?: boolean
  idempotentHint?: boolean
}

/** A tool as an MCP server's `tools/list` gives it. */
export type McpToolListing = {
  name: string
  description: string
  inputSchema: JsonSchema & { type: 'object' }
  annotations?: McpToolAnnotations
}

const ANNOTATIONS: Readonly<Record<string, McpToolAnnotations>> = {
  list: { readOnlyHint: true },
  get: { readOnlyHint: true },
  create: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  update: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  delete: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}

/**
 * A tool as MCP lists it: one flat input schema merging query and body, since Truto splits the
 * arguments back itself. A name in both schemas keeps the body's schema for create, update and
 * custom methods and the query's for list, get and delete; `id` is always the query's (see
 * `splitArguments`). Custom methods get no annotations, so clients fall back to their names.
 */
export function mcpToolListing(tool: SandboxTool): McpToolListing {
  const query = record(tool.query_schema)
  const body = record(tool.body_schema)
  const bodyWins = methodTraits(tool.method).sendsBody
  const [under, over] = bodyWins ? [query, body] : [body, query]
  // local `$ref`s point at the root, so the root keeps both schemas' definitions
  const definitions = (key: string) => {
    const merged = { ...record(under[key]), ...record(over[key]) }
    return Object.keys(merged).length ? { [key]: merged } : {}
  }
  const extras = (bodyWins ? body : query).additionalProperties
  const properties = { ...record(under.properties), ...record(over.properties) }
  // a custom method's id always travels in the query, so the query's schema describes it
  const queryId = record(query.properties).id
  if (bodyWins && queryId !== undefined) properties.id = queryId
  const annotations = ANNOTATIONS[tool.method]
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: {
      type: 'object',
      properties,
      ...(tool.required.length ? { required: tool.required } : {}),
      ...(extras === undefined ? {} : { additionalProperties: extras }),
      ...definitions('$defs'),
      ...definitions('definitions'),
    },
    ...(annotations ? { annotations } : {}),
  }
}
