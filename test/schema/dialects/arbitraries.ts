import fc from 'fast-check'

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

// names a provider may refuse or a library may trip on, beside ordinary ones
const ODD_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'a-b',
  'a.b',
  '名前',
  'strict',
  'additionalProperties',
  '$schema',
  'null',
  'key',
  'value',
  'additional_properties',
  '1st',
  '',
  'x'.repeat(70),
]
// one arbitrary per pattern: building it from the regex costs more than the values it draws
const byPattern = new Map<string, fc.Arbitrary<string>>()
function matching(pattern: string): fc.Arbitrary<string> {
  let arbitrary = byPattern.get(pattern)
  if (!arbitrary) {
    arbitrary = fc.stringMatching(new RegExp(pattern))
    byPattern.set(pattern, arbitrary)
  }
  return arbitrary
}

const name = fc.oneof(
  fc.constantFrom(...ODD_NAMES),
  fc.stringMatching(/^[a-z][a-z_]{0,7}$/),
  fc.string({ maxLength: 5 }),
)

// annotations and keywords no provider takes, sprinkled on any schema
const notes = fc.record(
  {
    description: fc.string({ maxLength: 20 }),
    title: fc.string({ maxLength: 8 }),
    deprecated: fc.boolean(),
    'x-vendor': fc.integer(),
    examples: fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
    $comment: fc.string({ maxLength: 4 }),
  },
  { requiredKeys: [] },
)
const noted = (schema: fc.Arbitrary<Json>) =>
  fc.tuple(schema, notes).map(([s, n]) => ({ ...n, ...s }))

const STRING_LEAVES: Json[] = [
  { type: 'string' },
  { type: 'string', minLength: 1, maxLength: 12 },
  { type: 'string', format: 'date' },
  { type: 'string', format: 'date-time' },
  { type: 'string', format: 'uuid' },
  { type: 'string', format: 'email' },
  { type: 'string', pattern: '^[a-z]{2,6}$' },
  { type: 'string', default: 'dflt' },
]
const NUMBER_LEAVES: Json[] = [
  { type: 'integer' },
  { type: 'integer', minimum: 1, maximum: 50 },
  { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 9 },
  { type: 'number', exclusiveMinimum: 0.5 },
  { type: 'number', minimum: -3, maximum: 3 },
  { type: 'integer', multipleOf: 5 },
]
const OTHER_LEAVES: Json[] = [
  { type: 'boolean' },
  { enum: ['low', 'high'] },
  { type: 'string', enum: ['a', 'b', null] },
  { enum: ['', 'x'] },
  { enum: [1, 2, 3] },
  { enum: ['one', 1, true, null] },
  { enum: [{ op: 'eq' }, [1, 2]] },
  { const: 'fixed' },
  { type: ['string', 'null'] },
  { type: ['integer', 'null'], minimum: 1 },
  { type: ['string', 'number', 'boolean', 'null'] },
  { type: 'null' },
  {},
  { description: 'anything at all' },
  { not: { type: 'string' } },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords
  { type: 'string', if: { minLength: 3 }, then: { pattern: '^a' } },
]
const leaf = noted(fc.constantFrom(...STRING_LEAVES, ...NUMBER_LEAVES, ...OTHER_LEAVES))

/** API schemas as `normaliseSchema` leaves them: records, maps, arrays, unions, allOf. */
export const apiSchema: fc.Arbitrary<Json> = fc.letrec<{ node: Json }>((tie) => {
  const node = tie('node')
  const properties = fc
    .uniqueArray(fc.tuple(name, node), { maxLength: 5, selector: ([n]) => n })
    .map((entries) => Object.fromEntries(entries))
  const record = fc
    .tuple(
      properties,
      fc.array(fc.nat(4), { maxLength: 3 }),
      fc.oneof(fc.constant(undefined), fc.constant(false), node),
    )
    .map(([props, picks, additional]) => {
      const names = Object.keys(props)
      const schema: Json = { type: 'object', properties: props }
      const required = [...new Set(picks.map((i) => names[i]).filter((n) => n !== undefined))]
      if (required.length) schema.required = required
      if (additional !== undefined) schema.additionalProperties = additional
      return schema
    })
  const map = fc
    .record(
      {
        additionalProperties: node,
        propertyNames: fc.constantFrom(
          { pattern: '^[a-z]{1,6}$' },
          { enum: ['alpha', 'beta', 'gamma'] },
          { maxLength: 4 },
        ),
        minProperties: fc.integer({ min: 0, max: 2 }),
        maxProperties: fc.integer({ min: 3, max: 5 }),
      },
      { requiredKeys: ['additionalProperties'] },
    )
    .map((schema) => ({ type: 'object', ...schema }))
  const patterned = fc.tuple(node, fc.boolean()).map(([sub, withField]) => ({
    type: 'object',
    ...(withField ? { properties: { id: { type: 'integer' } } } : {}),
    patternProperties: { '^p_[a-z]{1,4}$': sub },
    additionalProperties: false,
  }))
  const array = fc
    .record(
      { items: node, minItems: fc.integer({ min: 0, max: 2 }), maxItems: fc.constant(4) },
      { requiredKeys: ['items'] },
    )
    .map((schema) => ({ type: 'array', ...schema }))
  // branches of distinct JSON kinds: a union the model's value always tells apart
  const union = fc
    .record({
      strings: fc.option(fc.constantFrom(...STRING_LEAVES)),
      numbers: fc.option(fc.constantFrom(...NUMBER_LEAVES)),
      booleans: fc.option(fc.constant({ type: 'boolean' })),
      nulls: fc.option(fc.constant({ type: 'null' })),
      lists: fc.option(array),
      objects: fc.option(fc.oneof(record, map)),
      keyword: fc.constantFrom('anyOf', 'oneOf'),
    })
    .map(({ keyword, ...kinds }) => {
      // a map is a list of entries in the dialects: beside a list, an empty one reads as either
      if (kinds.lists && kinds.objects && !isRecordSchema(kinds.objects)) kinds.objects = null
      const branches = Object.values(kinds).filter((b) => b !== null)
      return branches.length >= 2
        ? { [keyword]: branches }
        : { anyOf: [{ type: 'string' }, { type: 'integer' }] }
    })
  const allOf = fc.oneof(
    fc.tuple(record, record).map(([a, b]) => ({ allOf: [a, b] })),
    fc.constant({ allOf: [{ type: 'string', minLength: 2 }, { maxLength: 9 }] }),
    fc.constant({
      allOf: [
        { type: 'integer', minimum: 0 },
        { type: 'number', maximum: 99 },
      ],
    }),
  )
  return {
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      noted(record),
      noted(map),
      patterned,
      noted(array),
      noted(union),
      allOf,
      fc.constant({ type: 'object' }),
      fc.constant({ type: 'array' }),
    ),
  }
}).node

const isRecordSchema = (schema: Json) =>
  isObject(schema.properties) && Object.keys(schema.properties).length > 0

/** A root schema: an object with properties. */
export const rootSchema: fc.Arbitrary<Json> = fc
  .tuple(
    fc.uniqueArray(fc.tuple(name, apiSchema), { maxLength: 6, selector: ([n]) => n }),
    fc.array(fc.nat(5), { maxLength: 3 }),
  )
  .map(([entries, picks]) => {
    const properties = Object.fromEntries(entries)
    const names = Object.keys(properties)
    const required = [...new Set(picks.map((i) => names[i]).filter((n) => n !== undefined))]
    return { type: 'object', properties, ...(required.length ? { required } : {}) }
  })

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  date: fc
    .date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  'date-time': fc
    .date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  uuid: fc.uuid(),
  email: fc.constantFrom('a@example.com', 'someone.else@truto.one'),
}

/**
 * Values for a schema, most of them valid; callers keep the ones the API validator accepts.
 * Undeclared fields of records are never generated: a closed dialect does not offer them.
 */
export function valueFor(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (schema === true || !isObject(schema)) return fc.jsonValue({ maxDepth: 2 })
  if (Array.isArray(schema.allOf)) {
    // each part's value, joined when they are objects; the validator keeps the ones that fit
    const { allOf, ...siblings } = schema
    const parts = [siblings, ...allOf]
      .filter((part) => isObject(part) && Object.keys(part).length)
      .sort((a, b) => Number('type' in (b as Json)) - Number('type' in (a as Json)))
    return fc
      .tuple(...parts.map((part) => valueFor(part, depth + 1)))
      .map((values) => (values.every(isObject) ? Object.assign({}, ...values) : values[0]))
  }
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
    const branches = (schema.anyOf ?? schema.oneOf) as unknown[]
    return fc.oneof(...branches.map((b) => valueFor(b, depth + 1)))
  }
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum)
  if ('const' in schema) return fc.constant(schema.const)
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : undefined
  if (!types) return fc.jsonValue({ maxDepth: 2 })
  return fc.oneof(...types.map((type) => valueOfType(schema, String(type), depth)))
}

function valueOfType(schema: Json, type: string, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer':
      return fc
        .integer({
          min: typeof schema.minimum === 'number' ? schema.minimum : -1000,
          max: typeof schema.maximum === 'number' ? schema.maximum : 1000,
        })
        .map((n) => (typeof schema.multipleOf === 'number' ? n * schema.multipleOf : n))
    case 'number':
      return fc.double({
        min: typeof schema.minimum === 'number' ? schema.minimum : -1e6,
        max: typeof schema.maximum === 'number' ? schema.maximum : 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      })
    case 'string': {
      const format = FORMATS[String(schema.format)]
      if (format) return format
      if (typeof schema.pattern === 'string') return matching(schema.pattern)
      return fc.string({
        minLength: typeof schema.minLength === 'number' ? schema.minLength : 0,
        maxLength: typeof schema.maxLength === 'number' ? schema.maxLength : 10,
      })
    }
    case 'array':
      return fc.array(depth > 6 ? fc.constant(null) : valueFor(schema.items ?? true, depth + 1), {
        minLength: typeof schema.minItems === 'number' ? schema.minItems : 0,
        maxLength: typeof schema.maxItems === 'number' ? schema.maxItems : 3,
      })
    case 'object':
      return objectValue(schema, depth)
    default:
      return fc.jsonValue({ maxDepth: 1 })
  }
}

function objectValue(schema: Json, depth: number): fc.Arbitrary<unknown> {
  const properties = isObject(schema.properties) ? schema.properties : undefined
  if (properties) {
    // declared fields only, each required one always and each optional one sometimes
    const required = Array.isArray(schema.required) ? schema.required : []
    const fields = Object.keys(properties).map((key) => {
      const value = valueFor(properties[key], depth + 1)
      const entry = value.map((v) => [[key, v]] as [string, unknown][])
      return required.includes(key) ? entry : fc.oneof(entry, fc.constant([]))
    })
    const extra = schema.additionalProperties
    // fields beyond the declared ones, where a schema for them is given
    const extras = isObject(extra)
      ? fc.uniqueArray(
          fc.tuple(
            fc.string({ maxLength: 4 }).filter((key) => !Object.hasOwn(properties, key)),
            depth > 6 ? fc.constant(null) : valueFor(extra, depth + 1),
          ),
          { selector: ([k]) => k, maxLength: 2 },
        )
      : fc.constant([])
    return fc
      .tuple(fc.tuple(...fields), extras)
      .map(([parts, more]) => Object.fromEntries([...parts.flat(), ...more]))
  }
  const patterns = isObject(schema.patternProperties) ? schema.patternProperties : undefined
  if (patterns) {
    const [pattern, sub] = Object.entries(patterns)[0] as [string, unknown]
    return fc
      .uniqueArray(fc.tuple(matching(pattern), valueFor(sub, depth + 1)), {
        selector: ([k]) => k,
        maxLength: 3,
      })
      .map((entries) => Object.fromEntries(entries))
  }
  if (schema.additionalProperties === false) return fc.constant({})
  const names = schema.propertyNames
  const keyArb =
    isObject(names) && Array.isArray(names.enum)
      ? fc.constantFrom(...(names.enum as string[]))
      : isObject(names) && typeof names.pattern === 'string'
        ? matching(names.pattern)
        : fc.oneof(fc.constantFrom('__proto__', 'key', 'a.b', ''), fc.string({ maxLength: 4 }))
  const valueArb =
    depth > 6 ? fc.constant(null) : valueFor(schema.additionalProperties ?? true, depth + 1)
  return fc
    .uniqueArray(fc.tuple(keyArb, valueArb), {
      selector: ([k]) => k,
      minLength: typeof schema.minProperties === 'number' ? schema.minProperties : 0,
      maxLength: 4,
    })
    .map((entries) => Object.fromEntries(entries))
}
