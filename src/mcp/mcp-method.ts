/** The behaviour hints an MCP tool may carry (MCP's `ToolAnnotations`). */
export type McpAnnotations = {
  readonly readOnlyHint?: boolean | undefined
  readonly destructiveHint?: boolean | undefined
  readonly idempotentHint?: boolean | undefined
}

// Truto's generated names say what a tool does
const NAMING: readonly [RegExp, string][] = [
  [/^list_all_(.+)$/, 'list'],
  [/^get_single_(.+)_by_id$/, 'get'],
  [/^create_a_(.+)$/, 'create'],
  [/^update_a_(.+)_by_id$/, 'update'],
  [/^delete_a_(.+)_by_id$/, 'delete'],
]

/**
 * The Truto method an MCP tool stands for: annotations decide where present, else Truto's naming;
 * a tool neither explains is `custom`, a write that is never repeated and asks for approval.
 */
export function mcpMethod(name: string, annotations: McpAnnotations | undefined): string {
  const named = NAMING.find(([pattern]) => pattern.test(name))?.[1]
  const { readOnlyHint, destructiveHint, idempotentHint } = annotations ?? {}
  if (readOnlyHint === undefined && destructiveHint === undefined && idempotentHint === undefined) {
    return named ?? 'custom'
  }
  const hinted = fromHints(readOnlyHint, destructiveHint, idempotentHint, named)
  // hints are the server's word, but never enough to make a write look like a read
  return named && (RISK[named] ?? 2) > (RISK[hinted] ?? 2) ? named : hinted
}

function fromHints(
  readOnly: boolean | undefined,
  destructive: boolean | undefined,
  idempotent: boolean | undefined,
  named: string | undefined,
): string {
  if (readOnly === true) return named === 'list' ? 'list' : 'get'
  // MCP's defaults: a tool that is not read-only is destructive unless it says otherwise
  if (destructive !== false) return 'delete'
  return idempotent === true ? 'update' : 'create'
}

// how much a method can change: a disagreement between name and hints takes the riskier
const RISK: Readonly<Record<string, number>> = { list: 0, get: 0, create: 1, update: 1, delete: 2 }

/** The resource words of a Truto tool name, e.g. `octapipe_pipeline_cards`; the name itself otherwise. */
export function mcpResource(name: string): string {
  for (const [pattern] of NAMING) {
    const match = pattern.exec(name)
    if (match?.[1]) return match[1]
  }
  return name
}
