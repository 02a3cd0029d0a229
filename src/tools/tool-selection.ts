import { globMatcher } from '../basics/glob.js'
import { methodKind } from '../basics/methods.js'
import { matchesFilters, type ToolDefinition } from '../definitions/tool-definition.js'
import type { ToolFilters } from '../options/resolve-options.js'
import { UnsafePathError } from '../safety/request-path.js'
import { PROVIDER_TOOL_LIMITS, type SchemaDialect } from '../schema/dialects/index.js'
import { SchemaShapeError } from '../schema/normalise-schema.js'
import type { TrutoTool } from './tool.js'

// OpenAI refuses a request that binds more tools than this; a dialect may know a smaller limit
const DEFAULT_TOOL_LIMIT = 128

/** One listing's tools, the ones withheld from it with why, and the dialect they speak. */
export type LoadedTools = {
  readonly tools: TrutoTool[]
  readonly withheld: ReadonlyMap<string, string>
  readonly dialect: SchemaDialect
}

type Listed = Pick<ToolDefinition, 'name' | 'method' | 'resource' | 'tags'>

/**
 * The listed items the filters keep, first of each name; a server that ignores a filter must not
 * widen what the agent gets. Read-only withholds writes, saying why, for `call_tool` to tell.
 */
export function selectTools<T extends Listed>(
  items: readonly T[],
  filters: ToolFilters,
  readOnly: boolean,
  warnOnce: (message: string) => void,
): { chosen: T[]; withheld: Map<string, string> } {
  const included = filters.include?.length ? globMatcher(filters.include) : () => true
  const excluded = filters.exclude?.length ? globMatcher(filters.exclude) : () => false
  const withheld = new Map<string, string>()
  const wanted = items.filter((item) => {
    if (!matchesFilters(item, filters.methods, filters.tags)) return false
    if (!included(item.name) || excluded(item.name)) return false
    if (readOnly && methodKind(item.method) !== 'read') {
      withheld.set(item.name, 'this toolset is read-only, so it only lists and reads records')
      return false
    }
    return true
  })
  // two tools of one name would make a provider refuse the whole request
  const seen = new Set<string>()
  const chosen = wanted.filter((item) => {
    if (!seen.has(item.name)) return seen.add(item.name)
    warnOnce(
      `Skipped Truto tool ${item.name} (${item.method} ${item.resource}): another tool has that name.`,
    )
    return false
  })
  return { chosen, withheld }
}

/** Warns when a listing came out empty (a misspelt filter, usually) or past the provider's limit. */
export function warnOnToolCount(
  tools: readonly TrutoTool[],
  listing: {
    readonly filters: ToolFilters
    readonly account: string
    readonly dialect: SchemaDialect
    readonly readOnly: boolean
    /** The method to suggest for a large catalogue. */
    readonly search: string
  },
  warn: (message: string) => void,
  warnOnce: (message: string) => void,
): void {
  const { filters, account, dialect, search } = listing
  if (tools.length === 0) {
    // an agent with no tools fails far from the cause
    const given = Object.entries(filters)
      .filter(([, value]) => Array.isArray(value) && value.length)
      .map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
    const readOnly = listing.readOnly ? ' in read-only mode' : ''
    warnOnce(
      given.length
        ? `No Truto tools match ${given.join(', ')}${readOnly} for account ${account}; check their spelling.`
        : `No Truto tools are listed${readOnly} for account ${account}.`,
    )
  }
  // the chosen provider's own limit; without one, the smallest common one (OpenAI's)
  const limit = PROVIDER_TOOL_LIMITS[dialect] ?? DEFAULT_TOOL_LIMIT
  if (tools.length > limit) {
    const who = dialect === 'json-schema' ? 'some providers refuse' : `${dialect} takes no`
    warn(
      `${tools.length} Truto tools loaded for ${account}; ${who} more than ${limit} bound tools. Narrow them with methods, tags or include, or use ${search}.`,
    )
  }
}

/** Why a definition became no tool; our own errors say what is wrong, others are not ours to quote. */
export function skipReason(error: unknown): string {
  if (error instanceof SchemaShapeError || error instanceof UnsafePathError) return error.message
  return 'its schema could not be read'
}
