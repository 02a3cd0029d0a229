import { needsApprovalByDefault } from './options.js'
import type { TrutoTool } from './tool.js'

/** A decision a person may take on a paused tool call, as `humanInTheLoopMiddleware` names them. */
export type InterruptDecision = 'approve' | 'edit' | 'reject'

/** Options of {@link createInterruptOn}. */
export type InterruptOnOptions = {
  /** Which tools pause for a person. @default delete and custom (bulk and other non-CRUD) methods */
  readonly when?:
    | ((tool: { name: string; method: string; resource: string }) => boolean)
    | undefined
  /** What the person may decide. @default ['approve', 'edit', 'reject'] */
  readonly allowedDecisions?: readonly InterruptDecision[] | undefined
}

/** One entry of the `interruptOn` map. */
export type InterruptOnEntry =
  | false
  | { allowedDecisions: InterruptDecision[]; description: string }

/**
 * Builds the `interruptOn` map for `humanInTheLoopMiddleware` from `langchain`, so an agent
 * with a checkpointer pauses before the chosen Truto tools and resumes on a decision.
 */
export function createInterruptOn(
  tools: readonly TrutoTool[],
  options: InterruptOnOptions = {},
): Record<string, InterruptOnEntry> {
  const when = options.when ?? needsApprovalByDefault
  const allowedDecisions = [...(options.allowedDecisions ?? ['approve', 'edit', 'reject'])]
  return Object.fromEntries(
    tools.map((tool) => {
      const { method, resource } = tool.route
      const pause = when({ name: tool.name, method, resource })
      const description = `${tool.name} (${method} ${resource}) needs approval before it runs`
      return [tool.name, pause ? { allowedDecisions, description } : false]
    }),
  )
}
