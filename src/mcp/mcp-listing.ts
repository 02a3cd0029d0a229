import { isRecord } from '../basics/is-record.js'
import type { ListingBudget } from '../definitions/listing-budget.js'
import type { McpAnnotations } from './mcp-method.js'

/** One tool as an MCP server lists it. */
export type McpToolListing = {
  readonly name: string
  readonly description: string
  readonly inputSchema: Record<string, unknown>
  readonly annotations: McpAnnotations | undefined
}

// a class, not a literal: a session keeps its listing (see plainObject for why that matters)
class ListedMcpTool implements McpToolListing {
  constructor(
    readonly name: string,
    readonly description: string,
    readonly inputSchema: Record<string, unknown>,
    readonly annotations: McpAnnotations | undefined,
  ) {}
}

/** A listed tool the library cannot use, and why. */
export type SkippedListing = { readonly name: string; readonly reason: string }

/**
 * Reads one page of `tools/list` tool by tool: a malformed entry is skipped with its reason,
 * never the page; descriptions are cut to the listing's budget, and a tool past it left out.
 * Output schemas are not read: the library never validates results with them.
 */
export function readListing(
  raw: unknown,
  budget: ListingBudget,
): { tool?: McpToolListing; skipped?: SkippedListing } {
  const name = isRecord(raw) && typeof raw.name === 'string' && raw.name ? raw.name : undefined
  const label = name ?? '(unnamed)'
  const skip = (reason: string) => ({ skipped: { name: label, reason } })
  if (!isRecord(raw) || !name) return skip('it has no name')
  const schema = raw.inputSchema
  if (!isRecord(schema)) return skip('its inputSchema is not a JSON Schema object')
  if (schema.type !== undefined && schema.type !== 'object') {
    return skip('its inputSchema does not take an object')
  }
  const description = budget.description(
    name,
    typeof raw.description === 'string' ? raw.description : '',
  )
  // the budget names a tool it leaves out for room in its own warning
  const admitted = budget.admit(name, description, [schema])
  if (admitted.reason) return skip(admitted.reason)
  if (!admitted.kept) return {}
  const hints = isRecord(raw.annotations) ? raw.annotations : undefined
  const hint = (key: string) =>
    typeof hints?.[key] === 'boolean' ? (hints[key] as boolean) : undefined
  const annotations = hints && {
    readOnlyHint: hint('readOnlyHint'),
    destructiveHint: hint('destructiveHint'),
    idempotentHint: hint('idempotentHint'),
  }
  return { tool: new ListedMcpTool(name, description, schema, annotations) }
}
