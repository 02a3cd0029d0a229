import type { JsonSchema } from '../definitions.js'
import { type Codec, fromApi, modelPath, SAME, toApi } from './codec.js'
import { convertSchema } from './convert-schema.js'
import { GEMINI_RULES, OPENAI_STRICT_RULES } from './dialect-rules.js'
import type { DialectView, SchemaDialect } from './schema-dialect.js'
import { assertWithinStrictLimits } from './strict-limits.js'

/**
 * A normalised tool schema (see `normaliseSchema`) as one provider's dialect shows it, with the
 * mapping of the model's arguments back to the API's shape. `json-schema` is the identity.
 * Pure and deterministic; never changes `schema`. Throws a `SchemaShapeError` when the schema
 * cannot be expressed in the dialect (OpenAI strict mode's size and nesting limits).
 */
export function dialectView(schema: JsonSchema, dialect: SchemaDialect): DialectView {
  switch (dialect) {
    case 'json-schema':
      return view(schema, SAME)
    case 'openai-strict': {
      const converted = convertSchema(schema, OPENAI_STRICT_RULES)
      assertWithinStrictLimits(converted.schema)
      return view(converted.schema, converted.codec)
    }
    case 'gemini': {
      const converted = convertSchema(schema, GEMINI_RULES)
      return view(converted.schema, converted.codec)
    }
    default:
      throw new TypeError(`Unknown schema dialect ${JSON.stringify(dialect)}`)
  }
}

function view(schema: JsonSchema, codec: Codec): DialectView {
  const asArgs = (value: unknown, args: Record<string, unknown>) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : args
  return {
    schema,
    toApi: (args) =>
      asArgs(
        safely(() => toApi(codec, args), args),
        args,
      ),
    fromApi: (args) =>
      asArgs(
        safely(() => fromApi(codec, args), args),
        args,
      ),
    modelPath: (apiPath) => safely(() => modelPath(codec, apiPath), apiPath),
  }
}

// the mappings handle every shape; this only keeps a surprise from failing a tool call
function safely<T>(run: () => T, fallback: T): T {
  try {
    return run()
  } catch {
    return fallback
  }
}
