import type { SchemaDialect } from './schema-dialect.js'

/**
 * Most tools one request may carry, per dialect's provider; `undefined` where none is documented.
 * - `openai-strict`: 128. OpenAI's API reference for `tools`: "A max of 128 functions are
 *   supported" (platform.openai.com/docs/api-reference/chat/create, quoted verbatim in
 *   reference.aspose.com/pdf/net/aspose.pdf.ai/completioncreaterequest/tools).
 * - `gemini`: 64. "Maximum 64 function declarations can be provided"
 *   (cloud.google.com/vertex-ai/generative-ai/docs/reference/nodejs/latest/vertexai/functiondeclarationstool,
 *   and `Tool.functionDeclarations` in `@google/generative-ai` 0.24, which
 *   `@langchain/google-genai` sends through). Newer Vertex `v1beta1` references allow 128; 64 is
 *   the limit every Gemini endpoint accepts.
 * - `json-schema`: the dialect serves several providers; none is implied.
 */
export const PROVIDER_TOOL_LIMITS: Readonly<Record<SchemaDialect, number | undefined>> =
  Object.freeze({
    'json-schema': undefined,
    'openai-strict': 128,
    gemini: 64,
  })
