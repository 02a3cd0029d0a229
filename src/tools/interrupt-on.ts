import type { StructuredToolInterface } from '@langchain/core/tools'
import { needsApprovalByDefault } from '../options/options.js'
import { callToolTargets } from './search-tools.js'
import type { TrutoToolMetadata } from './tool.js'

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

/** The part of a paused tool call that `when` reads, as `humanInTheLoopMiddleware` passes it. */
export type InterruptRequest = {
  /** The tool call about to run. */
  readonly toolCall: {
    /** Its arguments; for `call_tool`, `name` names the tool it would run. */
    readonly args: Record<string, unknown>
  }
}

/** One entry of the `interruptOn` map: `false` runs the tool without a pause. */
export type InterruptOnEntry =
  | false
  | {
      /** What the person may decide on the paused call. */
      allowedDecisions: InterruptDecision[]
      /** Shown to the person with the paused call. */
      description: string
      /** Set for `call_tool`: pauses only when the tool it names would pause. */
      when?: (request: InterruptRequest) => boolean
    }

/**
 * Builds the `interruptOn` map for `humanInTheLoopMiddleware` from `langchain`, so an agent
 * with a checkpointer pauses before the chosen Truto tools and resumes on a decision. It also
 * takes the search pair: `call_tool` then pauses only when the tool it names would pause.
 *
 * @param tools Tools from `getTools`, `getMcpTools` or the search pair; others never pause.
 * @param options Which tools pause, and what the person may decide.
 * @returns One entry per tool, by name: `false`, or what the pause offers.
 *
 * @example
 * ```ts
 * import { MemorySaver } from '@langchain/langgraph'
 * import { createAgent, humanInTheLoopMiddleware } from 'langchain'
 * import { createInterruptOn, TrutoToolManager } from 'truto-langchainjs-toolset'
 *
 * // resume with new Command({ resume: { decisions: [{ type: 'approve' }] } })
 * const tools = await new TrutoToolManager().getTools('acct_123')
 * const agent = createAgent({
 *   model: 'openai:gpt-4o-mini',
 *   tools,
 *   middleware: [humanInTheLoopMiddleware({ interruptOn: createInterruptOn(tools) })],
 *   checkpointer: new MemorySaver(),
 * })
 * ```
 */
export function createInterruptOn(
  tools: readonly (StructuredToolInterface & { metadata?: Record<string, unknown> | undefined })[],
  options: InterruptOnOptions = {},
): Record<string, InterruptOnEntry> {
  const when = options.when ?? needsApprovalByDefault
  const allowedDecisions = [...(options.allowedDecisions ?? ['approve', 'edit', 'reject'])]
  const pauses = (name: string, metadata: TrutoToolMetadata) =>
    when({ name, method: metadata.method, resource: metadata.resource })
  const entries = tools.map((tool): [string, InterruptOnEntry] => {
    const targets = callToolTargets(tool)
    if (targets) {
      // call_tool can run any tool of the catalogue: pause when the one it names would
      const gated = [...targets].some(([name, t]) => pauses(name, t.metadata))
      const description = `${tool.name} runs the tool it names; this one needs approval before it runs`
      const check = (request: InterruptRequest) => {
        const named = targets.get(String(request.toolCall.args.name))
        return named ? pauses(named.name, named.metadata) : false
      }
      return [tool.name, gated ? { allowedDecisions, description, when: check } : false]
    }
    const metadata = tool.metadata as TrutoToolMetadata | undefined
    if (!metadata?.method) return [tool.name, false]
    const description = `${tool.name} (${metadata.method} ${metadata.resource}) needs approval before it runs`
    return [tool.name, pauses(tool.name, metadata) ? { allowedDecisions, description } : false]
  })
  return Object.fromEntries(entries)
}
