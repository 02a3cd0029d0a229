/**
 * What each provider documents about tool declarations, written down as checkers that list
 * every breach. Independent of `src/schema/dialects`: these read the documents, not the converter.
 */

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Tool names. OpenAI: "Must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum
 * length of 64" (platform.openai.com/docs/api-reference/chat/create, `tools[].function.name`;
 * `openai` 7.x `FunctionDefinition.name`). Anthropic: `^[a-zA-Z0-9_-]{1,64}$`
 * (docs.anthropic.com/en/api/messages, `tools[].name`). Gemini: "Must start with a letter or an
 * underscore. Must be a-z, A-Z, 0-9, or contain underscores and dashes, with a max length of 64"
 * (cloud.google.com/vertex-ai/generative-ai/docs/reference/nodejs/latest/vertexai/functiondeclaration;
 * `@google/generative-ai` 0.24 `FunctionDeclaration.name`).
 */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/
export const GEMINI_TOOL_NAME = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/

/**
 * Most tools per request. OpenAI: "A max of 128 functions are supported" (API reference,
 * `tools`). Gemini: "Maximum 64 function declarations can be provided" (Vertex AI
 * `FunctionDeclarationsTool`, `@google/generative-ai` 0.24 `Tool.functionDeclarations`).
 * Anthropic documents no number.
 */
export const TOOL_LIMIT = { openai: 128, gemini: 64, anthropic: undefined } as const

/**
 * Function parameters in general (OpenAI without `strict`, Anthropic `input_schema`): a JSON
 * Schema whose root is `type: "object"`. OpenAI also refuses a root with
 * `oneOf`/`anyOf`/`allOf`/`enum`/`not` ("schema must have type 'object' and not have
 * oneOf/anyOf/allOf/enum/not at the top level", langchain-ai/langchainjs#9804); Anthropic:
 * "input_schema: JSON schema for this tool's input ... type object" (docs.anthropic.com/en/api/messages).
 */
export function rootProblems(schema: unknown): string[] {
  if (!isObject(schema)) return ['the parameters are not an object']
  const problems: string[] = []
  if (schema.type !== 'object') problems.push('the root type is not "object"')
  for (const key of ['oneOf', 'anyOf', 'allOf', 'enum', 'not']) {
    if (key in schema) problems.push(`the root has \`${key}\``)
  }
  return problems
}

/**
 * OpenAI Structured Outputs, for `strict: true` function calling
 * (platform.openai.com/docs/guides/structured-outputs#supported-schemas; summary with limits
 * at jsonschemaprofiles.unitvectorylabs.com/schemas/openai):
 * - supported types: string, number, boolean, integer, object, array, null (as a union
 *   member, e.g. `type: ["string", "null"]`), `enum`, `anyOf` (not at the root);
 * - supported keywords: strings `pattern`, `format` (date-time, time, date, duration, email,
 *   hostname, ipv4, ipv6, uuid); numbers `multipleOf`, `maximum`, `exclusiveMaximum`,
 *   `minimum`, `exclusiveMinimum`; arrays `minItems`, `maxItems`; plus `description`,
 *   `title`, `$ref`/`$defs`;
 * - the root is an object, not `anyOf`; every object has `additionalProperties: false` and lists
 *   ALL its properties in `required`;
 * - not supported: `allOf`, `not`, `dependentRequired`, `dependentSchemas`, `if`/`then`/`else`;
 *   `default` is refused ("'default' is not permitted", dotnet/extensions#6196);
 * - limits: 5,000 object properties, 10 levels of nesting, 1,000 enum values, 120,000
 *   characters of property names and enum values.
 */
export function openAiStrictProblems(root: unknown): string[] {
  const problems = rootProblems(root)
  const tally = { properties: 0, depth: 0, enums: 0, chars: 0 }
  walkStrict(root, '#', 0, problems, tally)
  if (tally.properties > 5000) problems.push(`${tally.properties} properties (limit 5000)`)
  if (tally.depth > 10) problems.push(`${tally.depth} levels of objects (limit 10)`)
  if (tally.enums > 1000) problems.push(`${tally.enums} enum values (limit 1000)`)
  if (tally.chars > 120_000) problems.push(`${tally.chars} characters of names (limit 120000)`)
  return problems
}

const STRICT_KEYS = new Set([
  'type',
  'description',
  'title',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'anyOf',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
])
const STRICT_FORMATS = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
])
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'])

function walkStrict(
  node: unknown,
  at: string,
  depth: number,
  problems: string[],
  tally: { properties: number; depth: number; enums: number; chars: number },
): void {
  if (!isObject(node)) {
    problems.push(`${at}: not a schema object`)
    return
  }
  for (const key of Object.keys(node)) {
    if (!STRICT_KEYS.has(key)) problems.push(`${at}: keyword \`${key}\` is not supported`)
  }
  const { type } = node
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type]
  if (type === undefined && !Array.isArray(node.anyOf)) problems.push(`${at}: no type and no anyOf`)
  if (Array.isArray(type) && !(type.length === 2 && type.includes('null'))) {
    problems.push(`${at}: type ${JSON.stringify(type)} is not one type or [type, "null"]`)
  }
  for (const t of types) if (!TYPES.has(t as string)) problems.push(`${at}: unknown type ${t}`)
  if (typeof node.format === 'string' && !STRICT_FORMATS.has(node.format)) {
    problems.push(`${at}: format ${node.format} is not supported`)
  }
  if (Array.isArray(node.enum)) {
    tally.enums += node.enum.length
    if (!node.enum.length) problems.push(`${at}: empty enum`)
    for (const value of node.enum) {
      if (typeof value === 'string') tally.chars += value.length
      const kind = value === null ? 'null' : typeof value
      const fits = types.some(
        (t) => t === kind || ((t === 'integer' || t === 'number') && kind === 'number'),
      )
      if (!fits) problems.push(`${at}: enum value ${JSON.stringify(value)} is not of its type`)
    }
  }
  const level = types.includes('object') ? depth + 1 : depth
  tally.depth = Math.max(tally.depth, level)
  if (types.includes('object')) {
    if (!isObject(node.properties)) problems.push(`${at}: object without properties`)
    if (node.additionalProperties !== false) {
      problems.push(`${at}: object without additionalProperties: false`)
    }
    const names = isObject(node.properties) ? Object.keys(node.properties) : []
    const required = Array.isArray(node.required) ? node.required : []
    if (names.length !== required.length || names.some((name) => !required.includes(name))) {
      problems.push(`${at}: required does not list exactly every property`)
    }
    for (const name of names) {
      tally.properties += 1
      tally.chars += name.length
      walkStrict(
        (node.properties as Json)[name],
        `${at}/properties/${name}`,
        level,
        problems,
        tally,
      )
    }
  }
  if (types.includes('array')) {
    if (!isObject(node.items)) problems.push(`${at}: array without an items schema`)
    else walkStrict(node.items, `${at}/items`, level, problems, tally)
  }
  if (Array.isArray(node.anyOf)) {
    if (at === '#') problems.push('#: anyOf at the root')
    for (const [i, branch] of node.anyOf.entries()) {
      walkStrict(branch, `${at}/anyOf/${i}`, level, problems, tally)
    }
  }
}

/**
 * Gemini `functionDeclarations[].parameters`: a subset of the OpenAPI 3.0 Schema object
 * (ai.google.dev/api/caching#Schema; the same fields in Google's own `Schema` type,
 * googleapis.github.io/js-genai/release_docs/interfaces/types.Schema.html): `type` (one of
 * STRING, NUMBER, INTEGER, BOOLEAN, ARRAY, OBJECT; one name, no list), `format`, `title`,
 * `description`, `nullable`, `enum` (string[]), `items`, `minItems`, `maxItems`, `properties`,
 * `required`, `minProperties`, `maxProperties`, `minLength`, `maxLength`, `pattern`, `minimum`,
 * `maximum`, `example`, `default`, `anyOf`, `propertyOrdering`. Any other field fails the whole
 * request ("Invalid JSON payload received. Unknown name ...", langchain-ai/langchainjs#8165).
 * Further:
 * - string formats only `enum` and `date-time` on the Gemini Developer API
 *   (firebase.google.com/docs/reference/js/ai.schemashared, and the API's 400 "only 'enum' and
 *   'date-time' are supported for STRING type", enechange/collmbo#195); numbers `float`,
 *   `double`; integers `int32`, `int64` (cloud.google.com/vertex-ai/docs/reference/rest/v1/Schema);
 * - an enum is a list of strings on a STRING schema, none of them empty (`@langchain/google-genai`
 *   `assertNoEmptyStringEnums`: "Gemini API rejects empty strings in enums");
 * - an OBJECT has at least one property: "properties: should be non-empty for OBJECT type"
 *   (agno-agi/agno#2112); `@langchain/google-genai` leaves out `parameters` of a tool without any;
 * - `required` names only declared properties; an ARRAY has `items`;
 * - parameter names "must start with a letter or an underscore and must only contain chars
 *   a-z, A-Z, 0-9, or underscores with a maximum length of 64"
 *   (cloud.google.com/vertex-ai/docs/reference/rest/v1beta1/FunctionDeclaration).
 */
export function geminiProblems(root: unknown): string[] {
  const problems: string[] = []
  if (!isObject(root)) return ['the parameters are not an object']
  if (root.type !== 'object') problems.push('the root type is not "object"')
  walkGemini(root, '#', problems, true)
  return problems
}

const GEMINI_KEYS = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'items',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'example',
  'default',
  'anyOf',
  'propertyOrdering',
])
const GEMINI_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object'])
const GEMINI_FORMATS: Record<string, Set<string>> = {
  string: new Set(['enum', 'date-time']),
  number: new Set(['float', 'double']),
  integer: new Set(['int32', 'int64']),
}
const GEMINI_PARAMETER = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/

function walkGemini(node: unknown, at: string, problems: string[], root = false): void {
  if (!isObject(node)) {
    problems.push(`${at}: not a schema object`)
    return
  }
  for (const key of Object.keys(node)) {
    if (!GEMINI_KEYS.has(key)) problems.push(`${at}: field \`${key}\` is not supported`)
  }
  const { type } = node
  if (type === undefined && !Array.isArray(node.anyOf)) problems.push(`${at}: no type and no anyOf`)
  if (type !== undefined && !(typeof type === 'string' && GEMINI_TYPES.has(type))) {
    problems.push(`${at}: type ${JSON.stringify(type)} is not one of the Schema types`)
  }
  if (node.format !== undefined) {
    const allowed = GEMINI_FORMATS[String(type)]
    if (!allowed?.has(String(node.format))) {
      problems.push(`${at}: format ${JSON.stringify(node.format)} on ${String(type)}`)
    }
  }
  if (node.enum !== undefined) {
    if (type !== 'string') problems.push(`${at}: enum on a ${String(type)} schema`)
    if (!Array.isArray(node.enum) || node.enum.some((v) => typeof v !== 'string' || v === '')) {
      problems.push(`${at}: enum values must be non-empty strings`)
    }
  }
  if (type === 'object') {
    const properties = isObject(node.properties) ? node.properties : {}
    const names = Object.keys(properties)
    if (!names.length && !root) problems.push(`${at}: OBJECT without properties`)
    for (const name of names) {
      if (!GEMINI_PARAMETER.test(name))
        problems.push(`${at}: property name ${JSON.stringify(name)}`)
      walkGemini(properties[name], `${at}/properties/${name}`, problems)
    }
    const required = node.required
    if (required !== undefined) {
      if (!Array.isArray(required) || required.some((name) => !names.includes(name as string))) {
        problems.push(`${at}: required names a property that is not declared`)
      }
    }
  } else if (node.properties !== undefined || node.required !== undefined) {
    problems.push(`${at}: properties on a ${String(type)} schema`)
  }
  if (type === 'array') {
    if (node.items === undefined) problems.push(`${at}: ARRAY without items`)
    else walkGemini(node.items, `${at}/items`, problems)
  }
  if (Array.isArray(node.anyOf)) {
    for (const [i, branch] of node.anyOf.entries()) walkGemini(branch, `${at}/anyOf/${i}`, problems)
  }
}

/** A Gemini schema as the JSON Schema it stands for (`nullable` as a null union), to validate with. */
export function geminiAsJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(geminiAsJsonSchema)
  if (!isObject(node)) return node
  const { nullable, example: _, propertyOrdering: __, ...rest } = node
  const out: Json = {}
  for (const key of Object.keys(rest)) {
    const value = rest[key]
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, geminiAsJsonSchema(sub)]),
      )
    } else if (key === 'items' || key === 'anyOf') {
      out[key] = geminiAsJsonSchema(value)
    } else {
      out[key] = value
    }
  }
  if (nullable !== true) return out
  if (Array.isArray(out.anyOf)) return out
  return {
    ...out,
    type: [out.type, 'null'],
    ...(Array.isArray(out.enum) ? { enum: [...out.enum, null] } : {}),
  }
}
