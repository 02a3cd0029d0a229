import type { CallbackManagerForToolRun } from '@langchain/core/callbacks/manager'
import { ToolMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import { DynamicStructuredTool, type ToolRunnableConfig } from '@langchain/core/tools'
import { isRecord } from './client.js'
import type { JsonSchema } from './definitions.js'
import { reportError } from './error-message.js'
import { TrutoValidationError, type TrutoValidationIssue } from './errors.js'
import type { ArgumentRoute } from './tool-shape.js'
import { createArgumentValidator } from './validation.js'

/** What a Truto tool carries in `metadata`, for tracing. */
export type TrutoToolMetadata = {
  readonly resource: string
  readonly method: string
  readonly accountId: string
  /** The name the server gave the tool, when it had to be changed for providers. */
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
  readonly route: ArgumentRoute
  readonly metadata: TrutoToolMetadata
  readonly idempotent: boolean
  readonly execute: ToolExecutor
}

/**
 * A LangChain tool for one Truto method. Failures reach the model as a `ToolMessage` with
 * `status: 'error'` when it is called with a tool call, and throw typed errors otherwise.
 */
export class TrutoTool extends DynamicStructuredTool {
  readonly route: ArgumentRoute
  readonly idempotent: boolean
  readonly #validate: (args: unknown) => TrutoValidationIssue[]

  constructor(fields: TrutoToolFields) {
    super({
      name: fields.name,
      description: fields.description,
      schema: fields.schema as never,
      responseFormat: 'content_and_artifact',
      metadata: fields.metadata,
      func: (
        args: Record<string, unknown>,
        _run?: CallbackManagerForToolRun,
        config?: RunnableConfig,
      ) => fields.execute(args, config),
    })
    this.route = fields.route
    this.idempotent = fields.idempotent
    this.#validate = createArgumentValidator(fields.schema)
  }

  /** Checks arguments against the tool's schema, the same one the model sees. */
  validateArguments(args: unknown): TrutoValidationIssue[] {
    return this.#validate(args)
  }

  override async invoke(input: unknown, config?: ToolRunnableConfig): Promise<never> {
    const toolCall = isToolCall(input) ? input : undefined
    const toolCallId = toolCall?.id ?? config?.toolCall?.id
    try {
      const issues = this.validateArguments(toolCall ? toolCall.args : input)
      if (issues.length) throw new TrutoValidationError(issues, { toolName: this.name })
      return (await super.invoke(input as never, config)) as never
    } catch (error) {
      if (!toolCallId) throw error
      const { text, artifact } = reportError(error, this.name, this.idempotent)
      return new ToolMessage({
        content: text,
        artifact,
        status: 'error',
        tool_call_id: toolCallId,
        name: this.name,
      }) as never
    }
  }
}

type ToolCallLike = { id?: string; args: unknown; type?: string }

const isToolCall = (input: unknown): input is ToolCallLike =>
  isRecord(input) && input.type === 'tool_call' && 'args' in input
