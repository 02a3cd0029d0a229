import fc from 'fast-check'
import { expect, test } from 'vitest'
import { normaliseSchema } from '../../src/schema/normalise-schema.js'

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

// raw server schemas: clean ones beside every form the normaliser rewrites
const key = fc.constantFrom('id', 'name', 'status', '__proto__', 'a-b', 'amount')
const raw = fc.letrec<{ node: Json }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.record(
      {
        type: fc.constant('string'),
        description: fc.string({ maxLength: 8 }),
        nullable: fc.boolean(),
        pattern: fc.constantFrom('^[a-z]+$', '^\\-\\d+$', '(a+)+$'),
        $comment: fc.constant('internal'),
      },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      {
        type: fc.constant('number'),
        minimum: fc.integer(),
        exclusiveMinimum: fc.boolean(),
        maximum: fc.integer(),
        exclusiveMaximum: fc.oneof(fc.boolean(), fc.integer()),
      },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      { type: fc.constant('array'), items: tie('node'), nullable: fc.boolean() },
      { requiredKeys: ['type', 'items'] },
    ),
    fc.record(
      {
        type: fc.constant('object'),
        properties: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
        required: fc.array(fc.oneof(key, fc.constant('absent')), { maxLength: 3 }),
        $id: fc.constant('urn:x'),
      },
      { requiredKeys: ['properties'] },
    ),
    fc.record({ anyOf: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.constant({ $ref: '#/$defs/shared' }),
    fc.constant({ $ref: '#/$defs/shared', description: 'Shared, described here.' }),
  ),
}))
const rootSchema = fc.record(
  {
    type: fc.constant('object'),
    properties: fc.dictionary(key, raw.node, { maxKeys: 5 }),
    required: fc.array(fc.oneof(key, fc.constant('absent')), { maxLength: 3 }),
    $schema: fc.constant('https://json-schema.org/draft/2020-12/schema'),
    $defs: fc.record({ shared: raw.node }),
  },
  { requiredKeys: ['properties', '$defs'] },
)

/** Every normalised-form rule that a skipped copy would leave broken, at any schema position. */
function problems(schema: unknown, path = '#'): string[] {
  if (!isObject(schema)) return []
  const found: string[] = []
  for (const dropped of ['nullable', '$schema', '$id', '$comment', '$defs', '$ref']) {
    if (Object.hasOwn(schema, dropped)) found.push(`${path} keeps ${dropped}`)
  }
  for (const bound of ['exclusiveMinimum', 'exclusiveMaximum']) {
    if (typeof schema[bound] === 'boolean') found.push(`${path} keeps a boolean ${bound}`)
  }
  const properties = isObject(schema.properties) ? schema.properties : undefined
  if (properties && schema.type === undefined) found.push(`${path} has properties but no type`)
  if (Array.isArray(schema.required) && properties) {
    for (const name of schema.required) {
      if (!Object.hasOwn(properties, name)) found.push(`${path} requires unknown ${name}`)
    }
  }
  if (schema.pattern === '^\\-\\d+$') found.push(`${path} keeps a needless escape`)
  for (const [name, sub] of Object.entries(properties ?? {})) {
    found.push(...problems(sub, `${path}/properties/${name}`))
  }
  if (schema.items !== undefined) found.push(...problems(schema.items, `${path}/items`))
  for (const list of ['anyOf', 'allOf']) {
    const subs = schema[list]
    if (!Array.isArray(subs)) continue
    for (const [i, sub] of subs.entries()) found.push(...problems(sub, `${path}/${list}/${i}`))
  }
  return found
}

test('normalising leaves the server schema as it was, and the result normal at every depth', () => {
  fc.assert(
    fc.property(rootSchema, (schema) => {
      const before = structuredClone(schema)

      const normalised = normaliseSchema(schema)

      expect(schema).toEqual(before)
      expect(problems(normalised)).toEqual([])
    }),
    { numRuns: 400 },
  )
})

test('a schema already normal comes back equal, and normalising is idempotent', () => {
  fc.assert(
    fc.property(rootSchema, (schema) => {
      const once = normaliseSchema(schema)
      const snapshot = structuredClone(once)

      const twice = normaliseSchema(once)

      expect(twice).toEqual(snapshot)
      expect(once).toEqual(snapshot)
    }),
    { numRuns: 400 },
  )
})

test('keys a polluted Object.prototype lends every object change no schema', () => {
  const schema = () => ({
    type: 'object',
    properties: { owner: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
  })
  const clean = normaliseSchema(schema())
  const lent = Object.prototype as Record<string, unknown>

  try {
    Object.assign(lent, { nullable: true, required: ['ghost'], exclusiveMinimum: true })
    const polluted = normaliseSchema(schema())

    // spread copies own keys only, as JSON would write them
    expect({ ...polluted, properties: { ...(polluted.properties as object) } }).toEqual(clean)
    expect(Object.hasOwn(polluted, 'required')).toBe(false)
  } finally {
    for (const key of ['nullable', 'required', 'exclusiveMinimum']) delete lent[key]
  }
})
