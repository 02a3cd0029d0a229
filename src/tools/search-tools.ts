import type { EmbeddingsInterface } from '@langchain/core/embeddings'
import { ToolMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import {
  DynamicStructuredTool,
  type StructuredToolCallInput,
  ToolInputParsingException,
  type ToolReturnType,
  type ToolRunnableConfig,
} from '@langchain/core/tools'
import { z } from 'zod'
import { isRecord } from '../basics/is-record.js'
import {
  isTrutoError,
  isTrutoValidationError,
  TrutoRequestError,
  TrutoValidationError,
} from '../errors/errors.js'
import { type DialectView, dialectView, type SchemaDialect } from '../schema/dialects/index.js'
import { ToolRanker } from '../search/tool-ranker.js'
import { reportError } from './report-error.js'
import { childConfig, isGraphBubbleUp, isToolCall, type TrutoTool } from './tool.js'

// a query is a sentence, not a document: longer ones are hostile or mistaken
const MAX_QUERY_CHARS = 512
// each word walks its postings lists; past a few dozen words ranking gains nothing
const MAX_QUERY_WORDS = 32
// a server's schema reaches the model's context only when it is this small
const MAX_SCHEMA_CHARS = 4_000
// the whole answer, and the text one listed tool may spend on its description and names
const MAX_ANSWER_CHARS = 16_000
const MAX_DESCRIPTION_CHARS = 1_000
const MAX_NAMES_CHARS = 1_000

const clip = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max)}…` : text

// stringifying a megabyte schema on every search would block the event loop again
const schemaSizes = new WeakMap<object, number>()
const schemaChars = (schema: object): number => {
  const size = schemaSizes.get(schema) ?? JSON.stringify(schema).length
  schemaSizes.set(schema, size)
  return size
}

/** The leading names whose JSON fits in `budget` characters. */
function namesWithin(names: readonly string[], budget: number): string[] {
  const shown: string[] = []
  let used = 0
  for (const name of names) {
    used += JSON.stringify(name).length + 1
    if (used > budget) break
    shown.push(name)
  }
  return shown
}

/** A match for the model with its whole schema, or undefined when the schema is too large. */
function withSchema(tool: TrutoTool): Record<string, unknown> | undefined {
  if (schemaChars(tool.schema) > MAX_SCHEMA_CHARS) return undefined
  const description = clip(tool.description, MAX_DESCRIPTION_CHARS)
  return { name: tool.name, description, parameters: tool.schema }
}

// a schema too large to show still tells the model which arguments exist
function withNames(tool: TrutoTool): Record<string, unknown> {
  const { properties, required } = tool.schema as Record<string, unknown>
  const names = isRecord(properties) ? Object.keys(properties) : []
  const needed = Array.isArray(required) ? required.filter((r) => typeof r === 'string') : []
  const shown = namesWithin(names, MAX_NAMES_CHARS)
  const more = names.length > shown.length ? ` (${names.length - shown.length} more names)` : ''
  return {
    name: tool.name,
    description: clip(tool.description, MAX_DESCRIPTION_CHARS),
    parameter_names: shown,
    required: namesWithin(needed, MAX_NAMES_CHARS / 2),
    note: `parameters too large to show${more}; call_tool validates them`,
  }
}

const unlisted = (tools: readonly TrutoTool[]): string =>
  tools.length
    ? `\n[Not shown, to keep this answer short: ${tools.map((t) => t.name).join(', ')}. Search for one by name to see its parameters.]`
    : ''

/** The matches as JSON within {@link MAX_ANSWER_CHARS}: whole schemas while they fit, then names. */
function answer(found: readonly TrutoTool[]): string {
  const listed: Record<string, unknown>[] = []
  let used = 2
  for (const [i, tool] of found.entries()) {
    // room stays for naming the matches after this one, should they not fit
    const room = MAX_ANSWER_CHARS - used - unlisted(found.slice(i + 1)).length
    const fits = (entry: Record<string, unknown> | undefined) =>
      entry && JSON.stringify(entry).length + 1 <= room ? entry : undefined
    const entry = fits(withSchema(tool)) ?? fits(withNames(tool))
    if (!entry) return `${JSON.stringify(listed)}${unlisted(found.slice(i))}`
    listed.push(entry)
    used += JSON.stringify(entry).length + 1
  }
  return JSON.stringify(listed)
}

const targets = new WeakMap<object, ReadonlyMap<string, TrutoTool>>()

/** The tools a `call_tool` made by {@link createSearchTools} may call, by name. */
export const callToolTargets = (tool: object): ReadonlyMap<string, TrutoTool> | undefined =>
  targets.get(tool)

/** The `search_tools` and `call_tool` pair over a set of tools. */
export function createSearchTools(
  tools: readonly TrutoTool[],
  options: SearchToolsOptions = {},
): [TrutoSearchTool, TrutoSearchTool] {
  const errors = options.errors ?? 'message'
  const dialect = options.dialect ?? 'json-schema'
  // the pair's own schemas in the provider's dialect, and the way back to what the functions read
  const searchView = dialect === 'json-schema' ? undefined : dialectView(SEARCH_SCHEMA, dialect)
  const callView = dialect === 'json-schema' ? undefined : dialectView(CALL_SCHEMA, dialect)
  const fromModel = (view: DialectView | undefined, raw: unknown) =>
    view && isRecord(raw) ? view.toApi(raw) : raw
  const byName = new Map(tools.map((tool) => [tool.name, tool]))
  const resources = clip(
    [...new Set(tools.map((t) => t.metadata.resource))].slice(0, 40).join(', '),
    MAX_DESCRIPTION_CHARS,
  )
  // its indexes are built on the first search, then shared by every search of this catalogue
  const ranker = new ToolRanker(tools, {
    embeddings: options.embeddings,
    timeoutMs: options.embeddingsTimeoutMs,
    onWarning: options.onWarning,
  })

  const search = new TrutoSearchTool({
    name: 'search_tools',
    description: `Finds tools by what they do, among ${tools.length} tools over: ${resources}. Returns each match's name, description and parameters; then use call_tool.`,
    schema: searchView?.schema ?? SEARCH_ZOD,
    responseFormat: 'content_and_artifact',
    metadata: { searchPair: 'search_tools', tools: tools.length },
    func: async (raw: unknown, _run, config?: RunnableConfig) => {
      // also on paths that skip invoke (the deprecated `call`): a cancelled run runs nothing
      throwIfAborted(config, 'search_tools')
      const { query, limit } = fromModel(searchView, raw) as {
        query: string
        limit?: number | null
      }
      const found = await ranker.rank(query, limit ?? 5, {
        maxWords: MAX_QUERY_WORDS,
        signal: config?.signal,
      })
      if (!found.length)
        return [`No tool matches "${query}". Try other words, e.g. the record type.`, []]
      return [answer(found), found.map((t) => t.name)]
    },
  })

  // what tracing groups call_tool's runs and answers by; the tool each call ran rides beside it
  const callMetadata: Record<string, unknown> = { searchPair: 'call_tool', tools: tools.length }
  const call = new TrutoSearchTool({
    name: 'call_tool',
    description:
      'Calls one tool found with search_tools, by its exact name, with arguments that follow its parameters.',
    schema: callView?.schema ?? CALL_ZOD,
    responseFormat: 'content_and_artifact',
    metadata: callMetadata,
    func: async (raw: unknown, run, config?: RunnableConfig) => {
      throwIfAborted(config, 'call_tool')
      const { name, arguments: args } = fromModel(callView, raw) as {
        name: string
        arguments?: Record<string, unknown> | null
      }
      const tool = byName.get(name)
      const toolCallId = (config as { toolCall?: { id?: string } } | undefined)?.toolCall?.id
      // the named tool runs inside this run: same signal, callbacks and events
      const child = childConfig(config, run)
      if (!tool) {
        const why = options.withheld?.get(name)
        const text = why
          ? `"${name}" is not available here: ${why}. Do not call it; tell the user what you wanted to do instead.`
          : `There is no tool named "${name}". Use search_tools to find the right name.`
        if (!toolCallId || errors === 'throw') {
          throw new TrutoValidationError([{ path: 'name', message: text }], {
            toolName: 'call_tool',
          })
        }
        return [
          new ToolMessage({
            content: text,
            status: 'error',
            tool_call_id: toolCallId,
            name: 'call_tool',
            metadata: callMetadata,
          }),
          undefined,
        ]
      }
      if (!toolCallId) return [await tool.invoke(args ?? {}, child), undefined]
      const message: ToolMessage = await tool.invoke(
        { type: 'tool_call' as const, id: toolCallId, name: tool.name, args: args ?? {} },
        child,
      )
      // the answer is to the call_tool call: providers pair results with calls by name
      const { content, artifact, status = 'success' } = message
      const answer = { content, artifact, status, tool_call_id: toolCallId, name: 'call_tool' }
      // call_tool's own metadata, as for any tool; tracing sees which tool ran under its own key
      const metadata = { ...callMetadata, calledTool: tool.metadata }
      return [new ToolMessage({ ...answer, metadata }), undefined]
    },
  })
  targets.set(call, byName)
  search.errorMode = errors
  call.errorMode = errors
  // a dialect shows the open `arguments` object as a list the model fills in
  if (callView) call.argumentsShape = 'as a list of { key, value } entries'
  return [search, call]
}

const QUERY_TEXT = `What you want to do, e.g. "move a pipeline card to another stage"; at most ${MAX_QUERY_CHARS} characters, and only the first ${MAX_QUERY_WORDS} distinct words count.`
const LIMIT_TEXT = 'Most tools to return (default 5).'
const NAME_TEXT = 'The exact tool name from search_tools.'
const ARGUMENTS_TEXT = 'The tool arguments, as one object.'

const SEARCH_ZOD = z.object({
  query: z.string().min(1).max(MAX_QUERY_CHARS).describe(QUERY_TEXT),
  limit: z.number().int().min(1).max(20).optional().describe(LIMIT_TEXT),
})
const CALL_ZOD = z.object({
  name: z.string().describe(NAME_TEXT),
  arguments: z.record(z.string(), z.unknown()).optional().describe(ARGUMENTS_TEXT),
})
// the same two schemas as JSON Schema, for the provider dialects to transform
const SEARCH_SCHEMA = {
  type: 'object',
  properties: {
    query: { type: 'string', minLength: 1, maxLength: MAX_QUERY_CHARS, description: QUERY_TEXT },
    limit: { type: 'integer', minimum: 1, maximum: 20, description: LIMIT_TEXT },
  },
  required: ['query'],
}
const CALL_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', description: NAME_TEXT },
    arguments: { type: 'object', additionalProperties: {}, description: ARGUMENTS_TEXT },
  },
  required: ['name'],
}

/** What {@link createSearchTools} needs beyond the tools. */
export type SearchToolsOptions = {
  /** The schema form of the pair, as for the tools. @default 'json-schema' */
  readonly dialect?: SchemaDialect | undefined
  /** How a failed call ends, as for the tools themselves. @default 'message' */
  readonly errors?: 'message' | 'throw' | undefined
  /** Tools of the catalogue left out on purpose, with why, so `call_tool` can say so. */
  readonly withheld?: ReadonlyMap<string, string> | undefined
  /** Ranks by meaning too: embedding similarity fused with the lexical ranking. */
  readonly embeddings?: EmbeddingsInterface | undefined
  /** Longest wait for the embeddings model in one search; past it the search ranks by words. */
  readonly embeddingsTimeoutMs?: number | undefined
  /** Told when the embeddings model fails and a search falls back to words. */
  readonly onWarning?: ((message: string) => void) | undefined
}

/** `search_tools` or `call_tool`: arguments LangChain cannot parse reach the model as an error. */
export class TrutoSearchTool extends DynamicStructuredTool {
  /** For tracing: `searchPair` (`search_tools` or `call_tool`) and `tools`, the catalogue's size. */
  declare metadata: Record<string, unknown>
  /** How a failed call ends, as for the tools themselves. */
  errorMode: 'message' | 'throw' = 'message'
  /** How `call_tool`'s `arguments` are shown: one object, or a dialect's list of entries. */
  argumentsShape = 'as one object'

  // `const`: a literal `{ type: 'tool_call', … }` keeps its type, so the result is typed a ToolMessage
  override async invoke<
    const TInput extends StructuredToolCallInput,
    TConfig extends ToolRunnableConfig | undefined,
  >(input: TInput, config?: TConfig): Promise<ToolReturnType<TInput, TConfig, string>> {
    type Result = ToolReturnType<TInput, TConfig, string>
    const id = (isToolCall(input) ? input.id : undefined) ?? config?.toolCall?.id
    try {
      // like every other tool, a cancelled run runs nothing
      throwIfAborted(config, this.name)
      return await super.invoke(input, config)
    } catch (error) {
      if (!id || this.errorMode === 'throw' || isGraphBubbleUp(error)) throw error
      if (!(error instanceof ToolInputParsingException) || isTrutoValidationError(error)) {
        if (!isTrutoError(error)) throw error
        const { text, artifact } = reportError(error, this.name, true)
        return new ToolMessage({
          content: text,
          artifact,
          status: 'error',
          tool_call_id: id,
          name: this.name,
          // the same metadata a successful answer carries, as for every other tool
          metadata: this.metadata,
        }) as Result
      }
      const usage =
        this.name === 'call_tool'
          ? `pass the exact tool name as \`name\` and its arguments ${this.argumentsShape} in \`arguments\``
          : `pass what you want to do as \`query\` (text, at most ${MAX_QUERY_CHARS} characters) and optionally \`limit\` (1 to 20)`
      const text = `Invalid arguments for ${this.name}: ${usage}. Nothing was run; call again.`
      return new ToolMessage({
        content: text,
        status: 'error',
        tool_call_id: id,
        name: this.name,
        metadata: this.metadata,
      }) as Result
    }
  }
}

function throwIfAborted(config: RunnableConfig | undefined, toolName: string): void {
  if (!config?.signal?.aborted) return
  throw new TrutoRequestError(
    { reason: 'aborted', method: 'LOCAL', path: toolName },
    { toolName, cause: config.signal.reason },
  )
}
