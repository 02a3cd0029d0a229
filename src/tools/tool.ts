import { CallbackManager, type CallbackManagerForToolRun } from '@langchain/core/callbacks/manager'
import { ToolMessage } from '@langchain/core/messages'
import { patchConfig, type RunnableConfig } from '@langchain/core/runnables'
import {
  DynamicStructuredTool,
  type StructuredToolCallInput,
  type ToolReturnType,
  type ToolRunnableConfig,
} from '@langchain/core/tools'
import { isRecord } from '../basics/is-record.js'
import { plainObject } from '../basics/plain-object.js'
import { TrutoValidationError, type TrutoValidationIssue } from '../errors/errors.js'
import { createArgumentValidator } from '../schema/argument-validator.js'
import type { DialectView } from '../schema/dialects/index.js'
import type { JsonSchema } from '../schema/json-schema.js'
import type { SpanAttributes, ToolCallSpan, ToolCallTracer } from '../telemetry/telemetry.js'
import { reportError } from './report-error.js'

/** What a Truto tool carries in `metadata`, for tracing. */
export type TrutoToolMetadata = {
  /** The Truto resource the tool acts on, e.g. `pipeline-cards`. */
  readonly resource: string
  /** `list`, `get`, `create`, `update`, `delete` or a custom method such as `bulk_update`. */
  readonly method: string
  /** The integrated account the tool's calls go to. */
  readonly accountId: string
  /** The name the server gave the tool (the tool's own name may be shortened or cleaned). */
  readonly originalName: string
}

/** Runs one validated call; resolves to the text for the model and the artifact. */
export type ToolExecutor = (
  args: Record<string, unknown>,
  config: RunnableConfig | undefined,
) => Promise<[string, unknown]>

type TrutoToolFields = {
  readonly name: string
  readonly description: string
  readonly schema: JsonSchema
  readonly metadata: TrutoToolMetadata
  readonly idempotent: boolean
  readonly execute: ToolExecutor
  /** `message`: failures become error ToolMessages; `throw`: they throw, for ToolNode and middleware to handle. */
  readonly errors: 'message' | 'throw'
  /** The provider's form of `schema` and the way back; absent for plain JSON Schema. */
  readonly view?: DialectView | undefined
  /** The manager's spans (none when absent) and dry-run mode, shared by all its tools. */
  readonly trace: { readonly telemetry?: ToolCallTracer | undefined; readonly dryRun: boolean }
  /** Where the tool was listed, for its spans. */
  readonly source: 'tools-endpoint' | 'mcp'
}

/** A tool's {@link TrutoToolMetadata}, made as a plain object a tool keeps (see plainObject). */
export function toolMetadata(
  resource: string,
  method: string,
  accountId: string,
  originalName: string,
): TrutoToolMetadata {
  const metadata = plainObject<{ -readonly [K in keyof TrutoToolMetadata]: string }>()
  metadata.resource = resource
  metadata.method = method
  metadata.accountId = accountId
  metadata.originalName = originalName
  return metadata
}

// what DynamicStructuredTool is made with, and keeps as `lc_kwargs`: a class, not a literal, as
// the tool keeps it (see plainObject); its function holds the executor, not the fields
class CoreFields {
  readonly name: string
  readonly description: string
  readonly schema: never
  readonly responseFormat = 'content_and_artifact'
  readonly func: (
    args: Record<string, unknown>,
    run?: CallbackManagerForToolRun,
    config?: RunnableConfig,
  ) => Promise<[string, unknown]>

  constructor(fields: TrutoToolFields) {
    this.name = fields.name
    this.description = fields.description
    // what bindTools sends: the provider's dialect when one was chosen
    this.schema = (fields.view?.schema ?? fields.schema) as never
    const { execute } = fields
    const func = (
      args: Record<string, unknown>,
      run?: CallbackManagerForToolRun,
      config?: RunnableConfig,
    ) => execute(args, childConfig(config, run))
    this.func = func
  }
}

/** What a tool's span says of it under `truto.*`. */
const toolSpanAttributes = (
  metadata: TrutoToolMetadata,
  source: TrutoToolFields['source'],
  dryRun: boolean,
): SpanAttributes => ({
  'truto.account.id': metadata.accountId,
  'truto.resource': metadata.resource,
  'truto.method': metadata.method,
  'truto.tool.source': source,
  'truto.dry_run': dryRun,
})

/**
 * A LangChain tool for one Truto method. Failures reach the model as a `ToolMessage` with
 * `status: 'error'` when it is called with a tool call, and throw typed errors otherwise.
 */
export class TrutoTool extends DynamicStructuredTool {
  /** The Truto method the tool calls, and the account, for tracing. */
  declare metadata: TrutoToolMetadata
  readonly #idempotent: boolean
  readonly #errors: 'message' | 'throw'
  readonly #view: DialectView | undefined
  readonly #schema: JsonSchema
  readonly #trace: TrutoToolFields['trace']
  readonly #source: TrutoToolFields['source']
  // what the tool was built for, whatever a caller later puts in `metadata`
  readonly #built: TrutoToolMetadata
  // made on the first traced call: most tools of a large catalogue are never called
  #spanAttributes: SpanAttributes | undefined
  // compiled on the first call: most tools of a large catalogue are never called, and compiling
  // was most of the cost of building one
  #validate: ((args: unknown) => TrutoValidationIssue[]) | undefined

  /** Not for direct use: tools come from `getTools` and `getMcpTools`, which normalise their schemas. @internal */
  constructor(fields: TrutoToolFields) {
    // metadata is set below: core would copy it twice on the way, then drop both copies for it
    super(new CoreFields(fields))
    this.metadata = fields.metadata
    this.#idempotent = fields.idempotent
    this.#errors = fields.errors
    this.#view = fields.view
    this.#schema = fields.schema
    this.#trace = fields.trace
    this.#source = fields.source
    this.#built = fields.metadata
  }

  // arguments are checked before LangChain opens a run, so open one: tracing sees the rejection
  async #traceRejection(
    args: unknown,
    error: Error,
    config: ToolRunnableConfig | undefined,
    toolCallId: string | undefined,
  ): Promise<void> {
    const callbacks = CallbackManager.configure(
      config?.callbacks,
      this.callbacks,
      config?.tags,
      this.tags,
      config?.metadata,
      this.metadata,
      { verbose: this.verbose },
    )
    const run = await callbacks?.handleToolStart(
      this.toJSON(),
      JSON.stringify(args),
      config?.runId,
      undefined,
      undefined,
      undefined,
      config?.runName ?? this.name,
      toolCallId,
    )
    await run?.handleToolError(error)
  }

  /** Checks arguments, in the API's shape, against the API's schema (what the model sees before any dialect). */
  validateArguments(args: unknown): TrutoValidationIssue[] {
    this.#validate ??= createArgumentValidator(this.#schema)
    return this.#validate(args)
  }

  // `const`: a literal `{ type: 'tool_call', … }` keeps its type, so the result is typed a ToolMessage
  override async invoke<
    const TInput extends StructuredToolCallInput,
    TConfig extends ToolRunnableConfig | undefined,
  >(input: TInput, config?: TConfig): Promise<ToolReturnType<TInput, TConfig, string>> {
    const toolCall = isToolCall(input) ? input : undefined
    const toolCallId = toolCall?.id ?? config?.toolCall?.id
    const { telemetry, dryRun } = this.#trace
    if (!telemetry?.live) return this.#invoke(input, config, toolCall, toolCallId, undefined)
    this.#spanAttributes ??= toolSpanAttributes(this.#built, this.#source, dryRun)
    const start = {
      name: this.name,
      description: this.description,
      callId: toolCallId,
      attributes: this.#spanAttributes,
    }
    return telemetry.toolCall(start, (span) =>
      this.#invoke(input, config, toolCall, toolCallId, span),
    )
  }

  async #invoke<
    const TInput extends StructuredToolCallInput,
    TConfig extends ToolRunnableConfig | undefined,
  >(
    input: TInput,
    config: TConfig | undefined,
    toolCall: ToolCallLike | undefined,
    toolCallId: string | undefined,
    span: ToolCallSpan | undefined,
  ): Promise<ToolReturnType<TInput, TConfig, string>> {
    type Result = ToolReturnType<TInput, TConfig, string>
    try {
      // validate and send the JSON the API will receive (no undefined, dates as strings)
      const given = toJson(toolCall ? toolCall.args : input)
      // the model wrote the provider's dialect; the API's schema judges what it means
      // read into the API's shape and validated there, each issue told as the model saw the field
      const checked = this.#view && isRecord(given) ? this.#view.check(given) : undefined
      const args = checked ? checked.args : given
      const issues = checked ? checked.issues : this.validateArguments(args)
      if (issues.length) {
        const context = { toolName: this.name, accountId: this.metadata.accountId }
        const error = new TrutoValidationError(issues, context)
        await this.#traceRejection(args, error, config, toolCallId)
        throw error
      }
      span?.arguments(args)
      const clean = toolCall ? { ...toolCall, args } : args
      // core validates again, with backtracking RegExps; ours has run, so core gets a schema it cannot stall on.
      // core reads it synchronously before its first await, so no other code ever sees the swap
      const schema = this.schema
      this.schema = ANY_OBJECT as never
      let pending: Promise<unknown>
      try {
        pending = super.invoke(clean as TInput, config)
      } finally {
        this.schema = schema
      }
      const result = await pending
      span?.result(resultText(result))
      return result as Result
    } catch (error) {
      // LangGraph's interrupt() and other control flow must reach the graph, not the model
      if (!toolCallId || isGraphBubbleUp(error) || this.#errors === 'throw') throw error
      span?.failed(error)
      const { text, artifact } = reportError(error, this.name, this.#idempotent)
      return new ToolMessage({
        content: text,
        artifact,
        status: 'error',
        tool_call_id: toolCallId,
        name: this.name,
        // the same metadata a successful answer carries, so tracing groups both alike
        metadata: this.metadata,
      }) as Result
    }
  }
}

// what the model reads of an answer: a ToolMessage's content, or the text itself
function resultText(result: unknown): string {
  if (typeof result === 'string') return result
  const content = isRecord(result) ? result.content : undefined
  return typeof content === 'string' ? content : ''
}

/** The config for work inside a tool run, so its callbacks and custom events belong to that run. */
export const childConfig = (
  config: RunnableConfig | undefined,
  run: CallbackManagerForToolRun | undefined,
): RunnableConfig | undefined =>
  config && run ? patchConfig(config, { callbacks: run.getChild() }) : config

/** True for LangGraph's `interrupt()` and other control flow that must reach the graph. */
export const isGraphBubbleUp = (error: unknown) =>
  isRecord(error) && (error as { is_bubble_up?: unknown }).is_bubble_up === true

// what core validates against while ours has run; the validator marks it (a hidden property)
// the first time and reads the mark after, so one object serves every call of every tool
const ANY_OBJECT: JsonSchema = { type: 'object' }

function toJson(value: unknown): unknown {
  // arguments from a model are parsed JSON already: a copy through JSON would be the same
  if (isPlainJson(value, 0)) return value
  try {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value))
  } catch {
    return value
  }
}

// past this depth the copy decides; it also ends cycles
const MAX_PLAIN_DEPTH = 32

/** True when `JSON.parse(JSON.stringify(value))` would be an equal value: no copy is needed. */
function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      // NaN and the infinities become null
      return Number.isFinite(value)
    case 'object': {
      if (value === null) return true
      if (depth >= MAX_PLAIN_DEPTH) return false
      if (Array.isArray(value)) {
        // holes become null; a subclass or extra fields are not JSON's
        if (Object.getPrototypeOf(value) !== Array.prototype) return false
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false
        }
        return Object.keys(value).length === value.length
      }
      const proto = Object.getPrototypeOf(value)
      // dates, maps, class instances and anything with toJSON are changed by the copy
      if (proto !== Object.prototype && proto !== null) return false
      if ('toJSON' in value) return false
      for (const key in value) {
        if (!Object.hasOwn(value, key)) return false
        if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false
      }
      return true
    }
    default:
      // undefined, functions, symbols and bigints are dropped, nulled or refused by the copy
      return false
  }
}

type ToolCallLike = { id?: string; args: unknown; type?: string }

/** True for a LangChain tool call (`{ type: 'tool_call', id, args }`) rather than plain arguments. */
export const isToolCall = (input: unknown): input is ToolCallLike =>
  isRecord(input) && input.type === 'tool_call' && 'args' in input
