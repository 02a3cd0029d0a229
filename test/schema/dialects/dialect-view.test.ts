import { describe, expect, test } from 'vitest'
import { dialectView, PROVIDER_TOOL_LIMITS } from '../../../src/schema/dialects/index.js'
import { normaliseSchema, SchemaShapeError } from '../../../src/schema/normalise-schema.js'
import { geminiProblems, openAiStrictProblems } from './provider-rules.js'

type Json = Record<string, unknown>

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}

const session = normaliseSchema({
  type: 'object',
  properties: {
    agent_id: { type: 'string' },
    input: { type: 'string', minLength: 1 },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['agent_id'],
})

const card = normaliseSchema({
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', nullable: true, description: 'Markdown body; null clears it.' },
    priority: { type: 'string', enum: ['low', 'high'], default: 'low' },
  },
  required: ['id'],
})

describe('json-schema', () => {
  test('is the schema as it is, and maps nothing', () => {
    const view = dialectView(session, 'json-schema')
    expect(view.schema).toBe(session)
    const args = { agent_id: 'a', metadata: { owner: 'ana' } }
    expect(view.toApi(args)).toEqual(args)
    expect(view.fromApi(args)).toEqual(args)
    expect(view.modelPath('metadata.owner')).toBe('metadata.owner')
  })
})

describe('openai-strict', () => {
  test('closes every object, requires every field and makes optional ones nullable', () => {
    const { schema } = dialectView(session, 'openai-strict')
    expect(schema).toMatchObject({
      type: 'object',
      required: ['agent_id', 'input', 'metadata'],
      additionalProperties: false,
      properties: {
        agent_id: { type: 'string' },
        input: { type: ['string', 'null'], description: 'At least 1 character.' },
        metadata: {
          type: ['array', 'null'],
          items: {
            type: 'object',
            properties: { key: { type: 'string' }, value: { type: 'string' } },
            required: ['key', 'value'],
            additionalProperties: false,
          },
        },
      },
    })
    expect(openAiStrictProblems(schema)).toEqual([])
  })

  test('drops the nulls that stand for "left out" and turns entries back into a map', () => {
    const view = dialectView(session, 'openai-strict')
    expect(
      view.toApi({ agent_id: 'a1', input: null, metadata: [{ key: 'owner', value: 'ana' }] }),
    ).toEqual({ agent_id: 'a1', metadata: { owner: 'ana' } })
    expect(view.fromApi({ agent_id: 'a1' })).toEqual({
      agent_id: 'a1',
      input: null,
      metadata: null,
    })
  })

  test('keeps an explicit null where the API takes one, through a marker', () => {
    const view = dialectView(card, 'openai-strict')
    const description = (view.schema.properties as Json).description as Json
    expect(description).toEqual({
      anyOf: [
        { type: ['string', 'null'] },
        {
          type: 'object',
          properties: { null: { type: 'boolean', enum: [true] } },
          required: ['null'],
          additionalProperties: false,
        },
      ],
      description:
        'Markdown body; null clears it. Null leaves it out; {"null": true} sends null itself.',
    })
    const base = { id: 'c1', title: null, priority: null }
    const read = (args: Json) => view.check(args).args
    expect(read({ ...base, description: null })).toEqual({ id: 'c1' })
    expect(read({ ...base, description: { null: true } })).toEqual({
      id: 'c1',
      description: null,
    })
    expect(read({ ...base, description: 'text' })).toEqual({ id: 'c1', description: 'text' })
    expect(view.fromApi({ id: 'c1', description: null })).toEqual({
      ...base,
      description: { null: true },
    })
  })

  test('says in words what strict mode cannot check, and keeps what it can', () => {
    const schema = normaliseSchema({
      type: 'object',
      properties: {
        site: { type: 'string', format: 'uri', minLength: 3 },
        when: { type: 'string', format: 'date-time' },
        count: { type: 'integer', minimum: 1, exclusiveMaximum: 10, multipleOf: 2 },
        tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, minItems: 1 },
        level: { type: 'string', enum: ['a', 'b'], default: 'a' },
        odd: { not: { type: 'string' } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords
        when_then: { type: 'string', if: { minLength: 2 }, then: { pattern: '^a' } },
      },
      required: ['site', 'when', 'count', 'tags', 'level', 'odd', 'when_then'],
      dependentRequired: { site: ['when'] },
    })
    const { schema: strict } = dialectView(schema, 'openai-strict')
    const props = strict.properties as Json
    expect(props.site).toEqual({
      type: 'string',
      description: 'At least 3 characters; format: uri.',
    })
    expect(props.when).toEqual({ type: 'string', format: 'date-time' })
    expect(props.count).toEqual({
      type: 'integer',
      minimum: 1,
      exclusiveMaximum: 10,
      multipleOf: 2,
    })
    expect(props.tags).toEqual({
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
      description: 'No two items may be equal.',
    })
    expect(props.level).toEqual({ type: 'string', enum: ['a', 'b'], description: 'Default: "a".' })
    expect(props.odd).toMatchObject({
      type: 'string',
      description: expect.stringContaining('Must not match {"type":"string"}'),
    })
    expect(props.when_then).toMatchObject({
      type: 'string',
      description: 'If it matches {"minLength":2}, it must match {"pattern":"^a"}.',
    })
    expect(strict.description).toBe('When "site" is given, "when" must be given too.')
    expect(openAiStrictProblems(strict)).toEqual([])
  })

  test('writes oneOf as anyOf and merges allOf', () => {
    const schema = normaliseSchema({
      type: 'object',
      properties: {
        value: { oneOf: [{ type: 'string' }, { type: 'number' }] },
        owner: {
          allOf: [
            { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
            { type: 'object', properties: { name: { type: 'string', maxLength: 9 } } },
          ],
        },
      },
      required: ['value', 'owner'],
    })
    const props = dialectView(schema, 'openai-strict').schema.properties as Json
    expect(props.value).toEqual({ anyOf: [{ type: 'string' }, { type: 'number' }] })
    expect(props.owner).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: ['string', 'null'], description: 'At most 9 characters.' },
      },
      required: ['id', 'name'],
      additionalProperties: false,
    })
  })

  test('offers fields beyond the declared ones as entries, and any value as JSON text', () => {
    const schema = normaliseSchema({
      type: 'object',
      properties: {
        name: { type: 'string' },
        arguments: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} },
      },
      required: ['name'],
      additionalProperties: { type: 'integer' },
    })
    const view = dialectView(schema, 'openai-strict')
    const props = view.schema.properties as Json
    expect(Object.keys(props)).toEqual(['name', 'arguments', 'additional_properties'])
    expect(props.arguments).toMatchObject({
      type: ['array', 'null'],
      items: {
        properties: {
          value: { type: 'string', description: 'Any JSON value, written as JSON text.' },
        },
      },
    })
    const args = {
      name: 'create',
      arguments: [
        { key: 'title', value: '"Hi"' },
        { key: 'tags', value: '["a"]' },
        { key: 'raw', value: 'not json' },
      ],
      additional_properties: [{ key: 'n', value: 3 }],
    }
    expect(view.toApi(args)).toEqual({
      name: 'create',
      arguments: { title: 'Hi', tags: ['a'], raw: 'not json' },
      n: 3,
    })
    expect(view.modelPath('n')).toBe('additional_properties[key="n"].value')
    expect(view.modelPath('arguments.title')).toBe('arguments[key="title"].value')
  })

  test('refuses schemas past OpenAI’s documented limits', () => {
    let deep: Json = { type: 'string' }
    for (let i = 0; i < 10; i++)
      deep = { type: 'object', properties: { next: deep }, required: ['next'] }
    const nested = normaliseSchema({ type: 'object', properties: { root: deep } })
    expect(() => dialectView(nested, 'openai-strict')).toThrow(SchemaShapeError)
    expect(() => dialectView(nested, 'openai-strict')).toThrow(
      "in OpenAI's strict mode its schema has 11 levels of nested objects, past the limit of 10",
    )
    const wide = normaliseSchema({
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 5001 }, (_, i) => [`f${i}`, { type: 'string' }]),
      ),
    })
    expect(() => dialectView(wide, 'openai-strict')).toThrow('5001 object properties')
    const enums = normaliseSchema({
      type: 'object',
      properties: { pick: { enum: Array.from({ length: 1001 }, (_, i) => `v${i}`) } },
    })
    expect(() => dialectView(enums, 'openai-strict')).toThrow('1001 enum values')
    // gemini documents no such limits
    expect(() => dialectView(nested, 'gemini')).not.toThrow()
  })
})

describe('gemini', () => {
  test('writes null as nullable, enums as strings and exclusive bounds as inclusive ones', () => {
    const schema = normaliseSchema({
      type: 'object',
      properties: {
        due: { type: ['string', 'null'], format: 'date' },
        state: { type: 'string', enum: ['open', 'closed'], nullable: true },
        size: { enum: [1, 2, 3] },
        score: { type: 'number', exclusiveMinimum: 0.5 },
        count: { type: 'integer', minimum: 0, exclusiveMinimum: true, exclusiveMaximum: 10 },
        when: { type: 'string', format: 'date-time' },
        value: { oneOf: [{ type: 'string' }, { type: 'number' }] },
      },
    })
    const view = dialectView(schema, 'gemini')
    const props = view.schema.properties as Json
    expect(props.due).toEqual({ type: 'string', nullable: true, description: 'Format: date.' })
    expect(props.state).toEqual({ type: 'string', enum: ['open', 'closed'], nullable: true })
    expect(props.size).toEqual({ type: 'string', enum: ['1', '2', '3'] })
    expect(props.score).toEqual({ type: 'number', minimum: 0.5, description: 'Greater than 0.5.' })
    expect(props.count).toEqual({ type: 'integer', minimum: 1, maximum: 9 })
    expect(props.when).toEqual({ type: 'string', format: 'date-time' })
    expect(props.value).toEqual({ anyOf: [{ type: 'string' }, { type: 'number' }] })
    expect(geminiProblems(view.schema)).toEqual([])
    expect(view.toApi({ size: '2', due: null, state: null })).toEqual({
      size: 2,
      due: null,
      state: null,
    })
  })

  test('renames fields Gemini or its LangChain package refuse, and maps them back', () => {
    const schema = normaliseSchema({
      type: 'object',
      properties: {
        'first-name': { type: 'string' },
        strict: { type: 'boolean' },
        '2fa': { type: 'object', properties: { 'code.value': { type: 'string' } } },
      },
      required: ['first-name', 'strict'],
    })
    const view = dialectView(schema, 'gemini')
    expect(view.schema).toMatchObject({
      required: ['first_name', '_strict'],
      properties: {
        first_name: { type: 'string', description: 'The API names this field "first-name".' },
        _strict: { type: 'boolean' },
        _2fa: { properties: { code_value: { type: 'string' } } },
      },
    })
    expect(geminiProblems(view.schema)).toEqual([])
    expect(view.toApi({ first_name: 'Ana', _strict: true, _2fa: { code_value: '123' } })).toEqual({
      'first-name': 'Ana',
      strict: true,
      '2fa': { 'code.value': '123' },
    })
    expect(view.modelPath('2fa.code.value')).toBe('_2fa.code_value')
  })

  test('writes maps as entries, and objects it cannot declare never as empty OBJECTs', () => {
    const schema = normaliseSchema({
      type: 'object',
      properties: {
        labels: { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1 },
        anything: { type: 'object' },
        nothing: { type: 'object', properties: {}, additionalProperties: false },
      },
    })
    const view = dialectView(schema, 'gemini')
    const props = view.schema.properties as Json
    expect(props.labels).toMatchObject({ type: 'array', minItems: 1 })
    expect(props.anything).toMatchObject({
      type: 'array',
      items: { properties: { value: { type: 'string' } } },
    })
    expect(props.nothing).toMatchObject({ type: 'array', maxItems: 0 })
    expect(geminiProblems(view.schema)).toEqual([])
    expect(
      view.toApi({
        labels: [{ key: 'a', value: 'b' }],
        anything: [{ key: 'n', value: '{"x":1}' }],
        nothing: [],
      }),
    ).toEqual({ labels: { a: 'b' }, anything: { n: { x: 1 } }, nothing: {} })
  })
})

describe('check and toApi', () => {
  test('take a map written as the API’s object, and name its fields as the model’s entries', () => {
    const view = dialectView(session, 'openai-strict')
    // the model sent an object where entries were asked for
    const sent = { agent_id: 'a', input: null, metadata: { owner: 7 } }
    const { args, issues } = view.check(sent)
    expect(args).toEqual({ agent_id: 'a', metadata: { owner: 7 } })
    expect(issues).toEqual([
      { path: 'metadata[key="owner"].value', message: 'must be string, not number' },
    ])
    expect(() => view.toApi(sent)).toThrow(
      expect.objectContaining({ name: 'TrutoValidationError', issues }),
    )
    expect(view.toApi({ ...sent, metadata: { owner: 'ana' } })).toEqual({
      agent_id: 'a',
      metadata: { owner: 'ana' },
    })
  })

  test('leave entries of the wrong shape as they are, and say what is wrong with them', () => {
    const view = dialectView(session, 'openai-strict')
    const odd = { agent_id: 'a', input: 'x', metadata: [{ name: 'owner' }] }
    const { args, issues } = view.check(odd)
    expect(args).toEqual(odd)
    expect(issues).toEqual([
      { path: 'metadata.0', message: 'has no `key` (each entry is {key, value})' },
    ])
  })

  test('tell enum texts and union branches as the model was shown them', () => {
    const schema = normaliseSchema({
      type: 'object',
      properties: {
        size: { enum: [1, 2] },
        due: {
          anyOf: [
            { type: 'object', additionalProperties: { type: 'string' } },
            { type: 'integer' },
          ],
        },
      },
    })
    const view = dialectView(schema, 'gemini')

    expect(view.check({ size: '3' }).issues).toEqual([
      { path: 'size', message: 'must be one of ["1","2"]' },
    ])
    // the API's own value, rather than its text, is taken as it is
    expect(view.check({ size: 2 })).toEqual({ args: { size: 2 }, issues: [] })
    expect(view.check({ due: 'soon' }).issues).toEqual([
      { path: 'due', message: 'must match one of: a list of {key, value} entries | integer' },
    ])
  })

  test('never change frozen input, nor its arguments', () => {
    const frozen = deepFreeze(structuredClone(card))
    for (const dialect of ['openai-strict', 'gemini'] as const) {
      const view = dialectView(frozen, dialect)
      const args = deepFreeze({ id: 'c1', description: { null: true }, title: null })
      expect(() => view.check(args)).not.toThrow()
    }
  })
})

test('provider tool limits', () => {
  expect(PROVIDER_TOOL_LIMITS).toEqual({
    'json-schema': undefined,
    'openai-strict': 128,
    gemini: 64,
  })
})
