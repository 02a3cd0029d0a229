/**
 * What one provider accepts in a tool's parameters, as the converter needs it. The sources are
 * cited beside each table; `test/schema/dialects/provider-rules.ts` checks converted schemas against
 * the same documents independently.
 */
export type DialectRules = {
  readonly name: 'openai-strict' | 'gemini'
  /** Every object lists all its properties in `required`; optional ones take `null` for absent. */
  readonly allRequired: boolean
  /** Every object carries `additionalProperties: false`. */
  readonly closedObjects: boolean
  /** How a schema admits `null`: `type: [T, 'null']` / a null branch, or `nullable: true`. */
  readonly nullStyle: 'type' | 'nullable'
  /** Keywords kept as they are, per JSON type (the rest move into the description). */
  readonly keywords: Readonly<Record<JsonType, ReadonlySet<string>>>
  /** `format` values kept, per JSON type. */
  readonly formats: Readonly<Record<JsonType, ReadonlySet<string>>>
  /** Annotations kept as they are on any schema. */
  readonly annotations: ReadonlySet<string>
  /** Only non-empty strings may be `enum` values. */
  readonly stringEnums: boolean
  /** Exclusive bounds become `minimum`/`maximum` (exact for integers, with a note for numbers). */
  readonly inclusiveBoundsOnly: boolean
  /** Objects must declare at least one property (nested ones; a root without any sends none). */
  readonly nonEmptyObjects: boolean
  /** A property name the provider takes as it is; others are renamed and mapped back. */
  readonly propertyName: (name: string) => boolean
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null'

const none: ReadonlySet<string> = new Set()

/**
 * OpenAI Structured Outputs, used by function calling with `strict: true`
 * (platform.openai.com/docs/guides/structured-outputs#supported-schemas; the same list kept in
 * jsonschemaprofiles.unitvectorylabs.com/schemas/openai):
 * - types string, number, boolean, integer, object, array, enum, `anyOf` (not at the root);
 * - strings: `pattern`, `format` (date-time, time, date, duration, email, hostname, ipv4, ipv6,
 *   uuid); numbers: `multipleOf`, `maximum`, `exclusiveMaximum`, `minimum`, `exclusiveMinimum`;
 *   arrays: `minItems`, `maxItems`;
 * - every object has `additionalProperties: false` and lists every property in `required`; an
 *   optional field is a union with `null`;
 * - not supported: `allOf`, `not`, `dependentRequired`, `dependentSchemas`, `if`/`then`/`else`,
 *   and (not in the list) `minLength`, `maxLength`, `patternProperties`, `propertyNames`,
 *   `minProperties`, `maxProperties`, `uniqueItems`, `contains`; `default` is refused with
 *   "'default' is not permitted" (dotnet/extensions#6196, 567-labs/instructor#1074).
 */
export const OPENAI_STRICT_RULES: DialectRules = {
  name: 'openai-strict',
  allRequired: true,
  closedObjects: true,
  nullStyle: 'type',
  keywords: {
    string: new Set(['pattern', 'format']),
    number: new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']),
    integer: new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']),
    boolean: none,
    array: new Set(['minItems', 'maxItems']),
    object: none,
    null: none,
  },
  formats: {
    string: new Set([
      'date-time',
      'time',
      'date',
      'duration',
      'email',
      'hostname',
      'ipv4',
      'ipv6',
      'uuid',
    ]),
    number: none,
    integer: none,
    boolean: none,
    array: none,
    object: none,
    null: none,
  },
  annotations: new Set(['description', 'title']),
  stringEnums: false,
  inclusiveBoundsOnly: false,
  nonEmptyObjects: false,
  propertyName: () => true,
}

const GEMINI_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/
// `@langchain/google-genai` deletes keys with these names at every level, properties included
const GEMINI_ERASED = new Set(['additionalProperties', 'strict'])

/**
 * Gemini function declarations' `parameters`, a subset of OpenAPI 3.0's Schema object
 * (ai.google.dev/api/caching#Schema; the same fields in Google's `@google/genai` `Schema` type,
 * googleapis.github.io/js-genai/release_docs/interfaces/types.Schema.html): `type` (one name),
 * `format`, `title`, `description`, `nullable`, `enum` (strings), `items`, `minItems`, `maxItems`,
 * `properties`, `required`, `minProperties`, `maxProperties`, `minLength`, `maxLength`, `pattern`,
 * `minimum`, `maximum`, `example`, `default`, `anyOf`, `propertyOrdering`. Anything else fails the
 * whole request with a 400. Further documented or reported rules:
 * - string formats: only `enum` and `date-time` on the Gemini Developer API
 *   (firebase.google.com/docs/reference/js/ai.schemashared; the API's own 400 "only 'enum' and
 *   'date-time' are supported for STRING type", enechange/collmbo#195); numbers `float`,
 *   `double`; integers `int32`, `int64` (cloud.google.com/vertex-ai/docs/reference/rest/v1/Schema);
 * - an OBJECT needs at least one property ("properties: should be non-empty for OBJECT type",
 *   agno-agi/agno#2112);
 * - parameter names "must start with a letter or an underscore and must only contain chars
 *   a-z, A-Z, 0-9, or underscores with a maximum length of 64"
 *   (cloud.google.com/vertex-ai/docs/reference/rest/v1beta1/FunctionDeclaration);
 * - `@langchain/google-genai` 2.3 deletes every key named `additionalProperties`, `$schema` or
 *   `strict` (`removeAdditionalProperties`) and throws on an empty-string enum value
 *   (`assertNoEmptyStringEnums`), so such property names are renamed too.
 */
export const GEMINI_RULES: DialectRules = {
  name: 'gemini',
  allRequired: false,
  closedObjects: false,
  nullStyle: 'nullable',
  keywords: {
    string: new Set(['pattern', 'format', 'minLength', 'maxLength']),
    number: new Set(['minimum', 'maximum', 'format']),
    integer: new Set(['minimum', 'maximum', 'format']),
    boolean: none,
    array: new Set(['minItems', 'maxItems']),
    object: new Set(['minProperties', 'maxProperties']),
    null: none,
  },
  formats: {
    string: new Set(['date-time']),
    number: new Set(['float', 'double']),
    integer: new Set(['int32', 'int64']),
    boolean: none,
    array: none,
    object: none,
    null: none,
  },
  annotations: new Set(['description', 'title', 'default', 'example']),
  stringEnums: true,
  inclusiveBoundsOnly: true,
  nonEmptyObjects: true,
  propertyName: (name) => GEMINI_NAME.test(name) && !GEMINI_ERASED.has(name),
}
