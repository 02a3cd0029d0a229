import { methodTraits } from '../../basics/methods.js'
import { SandboxHttpError } from '../http-error.js'
import type { SandboxTool } from '../integrations/tool-definitions.js'

/** A tool call's flat arguments, split the way the proxy would have received them. */
export type SplitArguments = {
  /** The path id of get, update and delete. */
  readonly id: string | undefined
  readonly query: Record<string, unknown>
  readonly body: Record<string, unknown>
}

const names = (schema: SandboxTool['query_schema']): Set<string> => {
  const properties = schema?.properties
  return new Set(
    typeof properties === 'object' && properties !== null ? Object.keys(properties) : [],
  )
}

/**
 * Splits flat MCP arguments into path id, query and body by the tool's definition. A name in both
 * schemas goes to one place only: the body for create, update and custom methods, the query for
 * list, get and delete; a custom method's `id` always goes to the query. A name neither schema
 * knows goes where the method's extras go: the body when it sends one, else the query.
 */
export function splitArguments(
  tool: SandboxTool,
  args: Readonly<Record<string, unknown>>,
): SplitArguments {
  const traits = methodTraits(tool.method)
  const queryNames = names(tool.query_schema)
  const bodyNames = names(tool.body_schema)
  const toBody = (name: string) =>
    traits.sendsBody &&
    !(name === 'id' && queryNames.has('id')) &&
    (bodyNames.has(name) || !queryNames.has(name))
  let id: string | undefined
  const query: [string, unknown][] = []
  const body: [string, unknown][] = []
  for (const [name, value] of Object.entries(args)) {
    if (traits.idInPath && name === 'id') id = pathId(value)
    else (toBody(name) ? body : query).push([name, value])
  }
  if (traits.idInPath && id === undefined) throw new SandboxHttpError(400, 'id is required')
  // fromEntries defines own properties, so no argument name can reach a prototype
  return { id, query: Object.fromEntries(query), body: Object.fromEntries(body) }
}

function pathId(value: unknown): string {
  if (typeof value === 'string' && value !== '') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  throw new SandboxHttpError(400, 'id must be a non-empty string')
}
