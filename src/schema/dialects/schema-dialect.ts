import type { TrutoValidationIssue } from '../../errors/errors.js'
import type { JsonSchema } from '../json-schema.js'

/**
 * The shape of JSON Schema a provider is shown: `json-schema` is the normalised schema as it
 * is (OpenAI without `strict`, Anthropic, Bedrock, Ollama); `openai-strict` fits OpenAI's
 * Structured Outputs (`bindTools(tools, { strict: true })`); `gemini` fits Gemini's function
 * declarations as `@langchain/google-genai` sends them.
 */
export type SchemaDialect = 'json-schema' | 'openai-strict' | 'gemini'

/** A tool schema as one provider sees it, and the way back from the model's arguments. */
export type DialectView = {
  /** The schema the provider is shown. */
  readonly schema: JsonSchema
  /**
   * Reads the model's arguments (shaped by `schema`) into the API's shape and validates them
   * against the API's schema. Every issue names the field by the path the model wrote and the
   * shape by the schema it was shown: a map as a list of `{ key, value }` entries (a duplicate
   * key, an entry without `value`, an entry naming a declared field), a union by its branches.
   * `args` is what to send when there are no issues. Pure; never throws.
   */
  check(args: Record<string, unknown>): {
    args: Record<string, unknown>
    issues: TrutoValidationIssue[]
  }
  /**
   * The model's arguments in the API's shape, as {@link check} reads them; throws a
   * `TrutoValidationError` with its issues when there are any, so nothing invalid is sent.
   */
  toApi(args: Record<string, unknown>): Record<string, unknown>
  /**
   * Maps API-shaped arguments to the shape the model would write: the inverse of `toApi` for
   * arguments valid against the API schema. For tests, examples and canned tool calls.
   */
  fromApi(args: Record<string, unknown>): Record<string, unknown>
  /**
   * Maps an API-shape field path (e.g. `metadata.owner`) to the path the model saw
   * (e.g. `metadata[key="owner"].value`), for error texts.
   */
  modelPath(apiPath: string): string
}
