import { Validator } from '@langchain/core/utils/json_schema'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createArgumentValidator } from '../../src/schema/argument-validator.js'
import { compileAcceptor } from '../../src/schema/fast-accept.js'

// what cfworker (draft 2019-09, every error) says, the reference the quick check must never contradict
const cfworkerAccepts = (schema: unknown, value: unknown) =>
  new Validator(schema as never, '2019-09', false).validate(value).valid

const KEYS = ['a', 'b', 'id', 'tags', '__proto__', 'constructor', 'x/y', '名前']
const scalar = fc.oneof(
  fc.constantFrom(
    0,
    1,
    -1,
    1.5,
    2 ** 53,
    -0,
    100,
    'open',
    '',
    'a',
    '😀',
    'ab😀',
    true,
    false,
    null,
  ),
  fc.string({ maxLength: 6, unit: 'grapheme' }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -5, max: 5 }),
)
const dateLike = fc.constantFrom('2024-01-02T03:04:05Z', '2024-13-40', 'nope', 'a@b.co', '::1')
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'xsmall', withCrossShrink: true },
    scalar,
    dateLike,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }),
  ),
}))
const number = fc.oneof(fc.integer({ min: -3, max: 5 }), fc.constantFrom(0.5, 1.5))
const types = fc.constantFrom('string', 'number', 'integer', 'boolean', 'object', 'array', 'null')
// the keywords the quick check judges, a few at a time, so that many values pass
const judged = (tie: (key: string) => fc.Arbitrary<unknown>) =>
  fc.record(
    {
      type: fc.oneof(types, fc.array(types, { maxLength: 3 }), fc.constantFrom('any', 5)),
      enum: fc.array(fc.oneof(scalar, fc.constant([1]), fc.constant({ a: 1 })), { maxLength: 4 }),
      const: fc.oneof(scalar, fc.constant({ a: 1 })),
      properties: fc.dictionary(fc.constantFrom(...KEYS), tie('schema'), { maxKeys: 3 }),
      required: fc.oneof(fc.array(fc.constantFrom(...KEYS), { maxLength: 2 }), fc.constant('a')),
      additionalProperties: tie('schema'),
      items: fc.oneof(tie('schema'), fc.array(tie('schema'), { maxLength: 2 })),
      anyOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }),
      allOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }),
      minimum: number,
      maximum: number,
      exclusiveMinimum: fc.oneof(number, fc.constant(true)),
      exclusiveMaximum: number,
      minLength: number,
      maxLength: number,
      minItems: number,
      maxItems: number,
      minProperties: number,
      maxProperties: fc.oneof(number, fc.constant('2')),
      format: fc.constantFrom('date-time', 'email', 'ipv6', 'uuid', 'whatever'),
      description: fc.string({ maxLength: 5 }),
    },
    { requiredKeys: [] },
  )
// keywords it leaves to cfworker
const unjudged = (tie: (key: string) => fc.Arbitrary<unknown>) =>
  fc.oneof(
    fc.record({ oneOf: fc.array(tie('schema'), { minLength: 1, maxLength: 2 }) }),
    fc.record({ not: tie('schema') }),
    fc.record({ multipleOf: fc.constantFrom(2, 0.5) }),
    fc.record({ uniqueItems: fc.constant(true) }),
    fc.record({ pattern: fc.constant('^a') }),
    fc.record({ $ref: fc.constant('#/$defs/x') }),
  )
const sparse = <T>(arbitrary: fc.Arbitrary<T>) =>
  arbitrary.map((record) =>
    Object.fromEntries(Object.entries(record as object).filter((_, i) => i % 3 === 0)),
  )
const subschema = fc.letrec((tie) => ({
  schema: fc.oneof(
    { depthSize: 'xsmall', withCrossShrink: true },
    fc.constantFrom(true, false, {}),
    { arbitrary: sparse(judged(tie)), weight: 6 },
    fc.tuple(sparse(judged(tie)), unjudged(tie)).map(([a, b]) => ({ ...a, ...b })),
  ),
}))
// the target of every $ref sits at the root, where cfworker resolves it
const schema = subschema.schema.map((root) =>
  root !== null && typeof root === 'object' ? { ...root, $defs: { x: { type: 'string' } } } : root,
)

describe('the quick check before cfworker', () => {
  test('never accepts a value cfworker rejects', () => {
    fc.assert(
      fc.property(schema, json.value, (s, value) => {
        const accepts = compileAcceptor(s)
        if (accepts?.(value)) expect(cfworkerAccepts(s, value)).toBe(true)
      }),
      { numRuns: 3000 },
    )
  })

  test('accepts the usual arguments of the usual schemas, which then skip cfworker', () => {
    const cardQuery = {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['open', 'won', 'lost'] },
        owner_id: { type: 'string' },
        updated_after: { type: 'string', format: 'date-time' },
        min_value: { type: 'number', minimum: 0 },
        tags: { type: 'array', items: { type: 'string' } },
        limit: { type: 'integer', minimum: 1 },
      },
      required: ['status'],
      additionalProperties: false,
    }
    const accepts = compileAcceptor(cardQuery)
    expect(accepts).toBeDefined()
    const good = { status: 'open', owner_id: 'u_42', min_value: 100, limit: 20, tags: ['a'] }
    expect(accepts?.(good)).toBe(true)
    expect(accepts?.({ ...good, updated_after: '2024-01-02T03:04:05Z' })).toBe(true)
    // each of these is cfworker's to judge and explain
    for (const bad of [
      { ...good, status: 'maybe' },
      { ...good, limit: 0 },
      { ...good, limit: 1.5 },
      { ...good, updated_after: 'yesterday' },
      { ...good, extra: 1 },
      { owner_id: 'u_42' },
      { ...good, tags: [1] },
    ]) {
      expect(accepts?.(bad)).toBe(false)
      expect(cfworkerAccepts(cardQuery, bad)).toBe(false)
    }
  })

  test('agrees with cfworker at the edges', () => {
    const cases: [schema: Record<string, unknown>, value: unknown][] = [
      [{ minimum: 1 }, 1],
      [{ exclusiveMinimum: 1 }, 1],
      [{ maximum: 1 }, 1],
      [{ exclusiveMaximum: 1 }, 1],
      [{ type: 'integer' }, 2.0],
      [{ type: 'integer' }, 2.5],
      [{ type: ['integer', 'null'] }, null],
      [{ enum: [0] }, -0],
      [{ const: null }, null],
      [{ maxLength: 1 }, '😀'],
      [{ minLength: 2 }, '😀'],
      [{ maxLength: 1 }, '\ud83d'],
      [{ minItems: 1, maxItems: 1 }, []],
      [{ maxProperties: 1 }, { a: 1, b: 2 }],
      [{ additionalProperties: false, properties: { a: {} } }, { a: 1 }],
      [{ format: 'date-time' }, 5],
      [{ anyOf: [{ type: 'string' }, { type: 'null' }] }, null],
      [{ allOf: [{ type: 'number' }, { minimum: 3 }] }, 2],
    ]
    for (const [s, value] of cases) {
      const expected = cfworkerAccepts(s, value)
      expect(compileAcceptor(s)?.(value) ?? false, JSON.stringify([s, value])).toBe(expected)
    }
    // objects and arrays are compared deeply by cfworker alone
    expect(cfworkerAccepts({ const: { a: 1 } }, { a: 1 })).toBe(true)
    expect(compileAcceptor({ const: { a: 1 } })?.({ a: 1 })).toBe(false)
  })

  test('leaves a schema it cannot judge whole to cfworker', () => {
    expect(compileAcceptor({ $ref: '#/$defs/a', $defs: { a: {} } })).toBeUndefined()
    expect(compileAcceptor({ oneOf: [{ type: 'string' }] })).toBeUndefined()
    expect(compileAcceptor({ pattern: '^a' })).toBeUndefined()
    expect(compileAcceptor(false)).toBeUndefined()
    // a field it cannot judge leaves only the calls that carry that field to cfworker
    const accepts = compileAcceptor({
      type: 'object',
      properties: { a: { not: { type: 'null' } } },
    })
    expect(accepts?.({})).toBe(true)
    expect(accepts?.({ a: 1 })).toBe(false)
  })

  test('the argument validator says what it said before, issue for issue', () => {
    const toolSchema = {
      type: 'object',
      properties: {
        stage: { type: 'string', enum: ['new', 'won'] },
        amount: { type: 'number', minimum: 0 },
        when: { type: 'string', format: 'date' },
        ids: { type: 'array', items: { type: 'integer' }, maxItems: 2 },
      },
      required: ['stage'],
    }
    const validate = createArgumentValidator(toolSchema)
    expect(validate({ stage: 'new', amount: 5, when: '2024-02-03', ids: [1, 2] })).toEqual([])
    expect(validate({ stage: 'lost', amount: -1, when: '2024-02-30x', ids: [1, 2, 3.5] })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'stage' }),
        expect.objectContaining({ path: 'amount' }),
        expect.objectContaining({ path: 'when' }),
        expect.objectContaining({ path: 'ids' }),
        expect.objectContaining({ path: 'ids.2' }),
      ]),
    )
    expect(validate({})).toEqual([{ path: 'stage', message: 'is required' }])
  })
})
