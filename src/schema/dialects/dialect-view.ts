import { TrutoValidationError, type TrutoValidationIssue } from '../../errors/errors.js'
import { createArgumentValidator } from '../argument-validator.js'
import type { JsonSchema } from '../json-schema.js'
import { type Codec, fromApi, SAME } from './codec.js'
import { convertSchema } from './convert-schema.js'
import { GEMINI_RULES, OPENAI_STRICT_RULES } from './dialect-rules.js'
import { inModelTerms, modelPath } from './model-terms.js'
import { readModelArgs } from './read-model-args.js'
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
      return view(schema, schema, SAME)
    case 'openai-strict': {
      const converted = convertSchema(schema, OPENAI_STRICT_RULES)
      assertWithinStrictLimits(converted.schema)
      return view(schema, converted.schema, converted.codec)
    }
    case 'gemini': {
      const converted = convertSchema(schema, GEMINI_RULES)
      return view(schema, converted.schema, converted.codec)
    }
    default:
      throw new TypeError(`Unknown schema dialect ${JSON.stringify(dialect)}`)
  }
}

function view(api: JsonSchema, schema: JsonSchema, codec: Codec): DialectView {
  // compiled on the first call, as the tool compiles its own
  let validator: ((args: unknown) => TrutoValidationIssue[]) | undefined
  const validate = (args: unknown) => {
    validator ??= createArgumentValidator(api)
    return validator(args)
  }
  const check = (args: Record<string, unknown>) => {
    try {
      return checked(codec, schema, validate, args)
    } catch {
      // the mappings handle every shape; should one not, the API's schema still judges
      return { args, issues: validate(args) }
    }
  }
  return {
    schema,
    check,
    toApi(args) {
      const { args: mapped, issues } = check(args)
      if (issues.length) throw new TrutoValidationError(issues)
      return mapped
    },
    fromApi: (args) => {
      const value = safely(() => fromApi(codec, args), args)
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : args
    },
    modelPath: (apiPath) => safely(() => modelPath(codec, apiPath), apiPath),
  }
}

/**
 * The model's arguments read into the API's shape and validated there, every issue told in the
 * model's terms: what only the dialect's forms can get wrong first, then what the API's schema
 * finds elsewhere (an issue inside a value already reported would only say it again).
 */
function checked(
  codec: Codec,
  schema: JsonSchema,
  validate: (args: unknown) => TrutoValidationIssue[],
  given: Record<string, unknown>,
) {
  const { args, issues: read } = readModelArgs(codec, given)
  const said = new Set(read.map((issue) => `${issue.path}|${issue.message}`))
  const issues = [...read]
  for (const found of validate(args)) {
    const issue = inModelTerms(codec, schema, args, found)
    const key = `${issue.path}|${issue.message}`
    if (said.has(key) || read.some((r) => related(r.path, issue.path))) continue
    said.add(key)
    issues.push(issue)
  }
  return { args, issues }
}

/** True when one path is the other or lies inside it. */
const related = (a: string, b: string) => inside(a, b) || inside(b, a)
const inside = (outer: string, path: string) =>
  path === outer || path.startsWith(`${outer}.`) || path.startsWith(`${outer}[`)

// the mappings handle every shape; this only keeps a surprise from failing a tool call
function safely<T>(run: () => T, fallback: T): T {
  try {
    return run()
  } catch {
    return fallback
  }
}
