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
import { TrutoValidationError } from './errors.js'
import { childConfig, isToolCall, type TrutoTool } from './tool.js'

// words people use for an action, mapped to the method words in Truto's tool names
const SYNONYMS: Readonly<Record<string, string>> = {
  find: 'list',
  search: 'list',
  show: 'list',
  all: 'list',
  fetch: 'get',
  read: 'get',
  view: 'get',
  add: 'create',
  new: 'create',
  make: 'create',
  post: 'create',
  send: 'create',
  write: 'create',
  edit: 'update',
  change: 'update',
  move: 'update',
  modify: 'update',
  set: 'update',
  remove: 'delete',
  erase: 'delete',
}

const stem = (word: string): string =>
  word.length > 3 ? word.replace(/ies$/, 'y').replace(/s$/, '') : word

const tokens = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1)
    .map((word) => SYNONYMS[word] ?? stem(word))

type Indexed = {
  readonly tool: TrutoTool
  readonly name: Set<string>
  readonly text: Map<string, number>
}

/** Ranks tools against a query with BM25-style weights; names count double. */
export function rankTools(tools: readonly TrutoTool[], query: string, limit: number): TrutoTool[] {
  const indexed: Indexed[] = tools.map((tool) => {
    const text = new Map<string, number>()
    for (const t of tokens(`${tool.name} ${tool.description} ${tool.metadata.resource}`)) {
      text.set(t, (text.get(t) ?? 0) + 1)
    }
    return { tool, name: new Set(tokens(tool.name)), text }
  })
  const wanted = [...new Set(tokens(query))]
  const scored = indexed.map((entry) => {
    let score = 0
    for (const term of wanted) {
      const holders = indexed.filter((e) => e.text.has(term)).length
      if (!holders) continue
      const idf = Math.log(1 + (indexed.length - holders + 0.5) / (holders + 0.5))
      const tf = entry.text.get(term) ?? 0
      score += idf * ((tf * 2.2) / (tf + 1.2)) * (entry.name.has(term) ? 2 : 1)
    }
    return { tool: entry.tool, score }
  })
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((s) => s.tool)
}

const targets = new WeakMap<object, ReadonlyMap<string, TrutoTool>>()

/** The tools a `call_tool` made by {@link createSearchTools} may call, by name. */
export const callToolTargets = (tool: object): ReadonlyMap<string, TrutoTool> | undefined =>
  targets.get(tool)

/** The `search_tools` and `call_tool` pair over a set of tools. */
export function createSearchTools(
  tools: readonly TrutoTool[],
): [DynamicStructuredTool, DynamicStructuredTool] {
  const byName = new Map(tools.map((tool) => [tool.name, tool]))
  const resources = [...new Set(tools.map((t) => t.metadata.resource))].slice(0, 40).join(', ')

  const search = new PairTool({
    name: 'search_tools',
    description: `Finds tools by what they do, among ${tools.length} tools over: ${resources}. Returns each match's name, description and parameters; then use call_tool.`,
    schema: z.object({
      query: z
        .string()
        .min(1)
        .describe('What you want to do, e.g. "move a pipeline card to another stage".'),
      limit: z
        .number()
        .int()
        .min(1)
        .max(20)
        .optional()
        .describe('Most tools to return (default 5).'),
    }),
    responseFormat: 'content_and_artifact',
    func: async ({ query, limit }) => {
      const found = rankTools(tools, query, limit ?? 5)
      if (!found.length)
        return [`No tool matches "${query}". Try other words, e.g. the record type.`, []]
      const listed = found.map((tool) => ({
        name: tool.name,
        description: tool.description,
        parameters: tool.schema,
      }))
      return [JSON.stringify(listed), found.map((t) => t.name)]
    },
  })

  const call = new PairTool({
    name: 'call_tool',
    description:
      'Calls one tool found with search_tools, by its exact name, with arguments that follow its parameters.',
    schema: z.object({
      name: z.string().describe('The exact tool name from search_tools.'),
      arguments: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('The tool arguments, as one object.'),
    }),
    responseFormat: 'content_and_artifact',
    func: async ({ name, arguments: args }, run, config?: RunnableConfig) => {
      const tool = byName.get(name)
      const toolCallId = (config as { toolCall?: { id?: string } } | undefined)?.toolCall?.id
      // the named tool runs inside this run: same signal, callbacks and events
      const child = childConfig(config, run)
      if (!tool) {
        const text = `There is no tool named "${name}". Use search_tools to find the right name.`
        if (!toolCallId) throw new TrutoValidationError([{ path: 'name', message: text }])
        return [
          new ToolMessage({
            content: text,
            status: 'error',
            tool_call_id: toolCallId,
            name: 'call_tool',
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
      return [
        new ToolMessage({ content, artifact, status, tool_call_id: toolCallId, name: 'call_tool' }),
        undefined,
      ]
    },
  })
  targets.set(call, byName)
  return [search, call]
}

/** A tool of the search pair: arguments LangChain cannot parse reach the model as an error. */
class PairTool extends DynamicStructuredTool {
  override async invoke<
    TInput extends StructuredToolCallInput,
    TConfig extends ToolRunnableConfig | undefined,
  >(input: TInput, config?: TConfig): Promise<ToolReturnType<TInput, TConfig, string>> {
    try {
      return await super.invoke(input, config)
    } catch (error) {
      const id = (isToolCall(input) ? input.id : undefined) ?? config?.toolCall?.id
      if (!id || !(error instanceof ToolInputParsingException)) throw error
      const usage =
        this.name === 'call_tool'
          ? 'pass the exact tool name as `name` and its arguments as one object in `arguments`'
          : 'pass what you want to do as `query` (text) and optionally `limit` (1 to 20)'
      const text = `Invalid arguments for ${this.name}: ${usage}. Nothing was run; call again.`
      return new ToolMessage({
        content: text,
        status: 'error',
        tool_call_id: id,
        name: this.name,
      }) as ToolReturnType<TInput, TConfig, string>
    }
  }
}
