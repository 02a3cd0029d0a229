import { methodTraits } from '../basics/methods.js'

/** The behaviour hints an MCP tool may carry (MCP's `ToolAnnotations`). */
export type McpAnnotations = {
  readonly readOnlyHint?: boolean | undefined
  readonly destructiveHint?: boolean | undefined
  readonly idempotentHint?: boolean | undefined
}

/** What an MCP tool stands for: the Truto method, and whether repeating a call is safe. */
export type McpToolKind = { readonly method: string; readonly idempotent: boolean }

// Truto's generated names say what a tool does
const NAMING: readonly [RegExp, string][] = [
  [/^list_all_(.+)$/, 'list'],
  [/^get_single_(.+)_by_id$/, 'get'],
  [/^create_a_(.+)$/, 'create'],
  [/^update_a_(.+)_by_id$/, 'update'],
  [/^delete_a_(.+)_by_id$/, 'delete'],
]

const CUSTOM: McpToolKind = { method: 'custom', idempotent: false }

/**
 * What an MCP tool does. Truto's naming decides; annotations are the server's untrusted hints
 * (as the MCP specification says), so they can only make a tool riskier, never safer: a tool is a
 * read only when its name says so and no hint says it writes, a hint never makes a call
 * repeatable, and a name the library does not recognise is a custom write whatever its hints say.
 */
export function mcpToolKind(name: string, annotations: McpAnnotations | undefined): McpToolKind {
  const named = NAMING.find(([pattern]) => pattern.test(name))?.[1]
  if (!named) return CUSTOM
  const hints = annotations ?? {}
  const idempotent = methodTraits(named).idempotent && hints.idempotentHint !== false
  if (named === 'list' || named === 'get') {
    // MCP's default for a given annotation object is "not read-only": only its absence is silence
    const agrees =
      annotations === undefined || (hints.readOnlyHint === true && hints.destructiveHint !== true)
    return agrees ? { method: named, idempotent } : CUSTOM
  }
  // MCP's defaults: a tool that is not read-only is destructive unless it says otherwise
  const destructive =
    hints.destructiveHint === true ||
    (hints.readOnlyHint === false && hints.destructiveHint === undefined)
  // a write its server calls destructive is paused for approval like a delete; still never repeated
  return { method: destructive ? 'delete' : named, idempotent }
}

/** The resource words of a Truto tool name, e.g. `octapipe_pipeline_cards`; the name itself otherwise. */
export function mcpResource(name: string): string {
  for (const [pattern] of NAMING) {
    const match = pattern.exec(name)
    if (match?.[1]) return match[1]
  }
  return name
}
