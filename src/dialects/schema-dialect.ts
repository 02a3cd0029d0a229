import type { JsonSchema } from '../definitions.js'

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
   * Maps the model's arguments (shaped by `schema`) back to the API's shape, before validation.
   * Pure; never throws; leaves unexpected shapes as they are so validation reports them.
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
