import { convertToOpenAITool } from '@langchain/core/utils/function_calling'
import type { TrutoTool } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { definition, testManager, toolCall, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()

// one body schema exercising every feature a Truto definition may carry
const recordBody = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'record',
  type: 'object',
  description: 'A database record.',
  properties: {
    title: { type: 'string', description: 'Record title', minLength: 1 },
    status: { type: 'string', enum: ['open', 'won', 'lost'], default: 'open' },
    owner: { $ref: '#/$defs/user', description: 'Who owns the record' },
    contacts: { type: 'array', items: { $ref: '#/$defs/user' }, maxItems: 3 },
    address: {
      type: 'object',
      properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
      required: ['city'],
    },
    amount: { type: 'number', nullable: true, minimum: 0 },
    closes_on: { type: 'string', format: 'date' },
    external_id: { type: 'string', format: 'uuid' },
    value: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    label: { anyOf: [{ type: 'string', enum: ['hot', 'cold'] }, { type: 'null' }] },
    custom_fields_values: {
      type: 'object',
      description: 'Custom field values keyed by field key.',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
    parent: { $ref: '#/definitions/node' },
  },
  required: ['title', 'owner', 'ghost'],
  $defs: {
    user: {
      type: 'object',
      description: 'A workspace user',
      properties: { email: { type: 'string', format: 'email' }, name: { type: 'string' } },
      required: ['email'],
    },
  },
  definitions: {
    node: {
      type: 'object',
      properties: { id: { type: 'string' }, child: { $ref: '#/definitions/node' } },
    },
  },
}

async function recordTool(): Promise<TrutoTool> {
  api.definitions([
    definition({
      name: 'create_a_octapipe_record',
      method: 'create',
      resource: 'records',
      body_schema: recordBody,
    }),
  ])
  const manager = testManager()
  const [tool] = await manager.getTools()
  if (!tool) throw new Error('no tool was built')
  return tool
}

const valid = {
  title: 'Deal',
  owner: { email: 'ann@example.com' },
  contacts: [{ email: 'bo@example.com', name: 'Bo' }],
  address: { city: 'Oslo', zip: '01234' },
  amount: null,
  closes_on: '2026-12-01',
  external_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  value: 7,
  label: null,
  custom_fields_values: { budget: 5000, region: 'EU', vip: true },
  parent: { id: 'n1', child: { id: 'n2' } },
}

describe('what the model sees', () => {
  test('keeps every property, description, enum, default and required name', async () => {
    const parameters = convertToOpenAITool(await recordTool()).function.parameters as Record<
      string,
      any
    >
    expect(Object.keys(parameters.properties)).toEqual(Object.keys(recordBody.properties))
    expect(parameters.required).toEqual(['title', 'owner'])
    expect(parameters.properties.status).toEqual({
      type: 'string',
      enum: ['open', 'won', 'lost'],
      default: 'open',
    })
    expect(parameters.properties.owner.description).toBe('Who owns the record')
    expect(parameters.properties.owner.properties.email).toEqual({
      type: 'string',
      format: 'email',
    })
    expect(parameters.properties.contacts.items.description).toBe('A workspace user')
    expect(parameters.properties.custom_fields_values.additionalProperties).toEqual({
      type: ['string', 'number', 'boolean'],
    })
    expect(parameters.properties.amount).toEqual({ type: ['number', 'null'], minimum: 0 })
  })

  test('drops $schema, ids and $defs and leaves no $ref behind', async () => {
    const text = JSON.stringify(convertToOpenAITool(await recordTool()).function.parameters)
    expect(text).not.toMatch(/\$schema|\$id|\$defs|"definitions"|\$ref|nullable/)
  })

  test('is no more than 10% larger than the normalised source schema', async () => {
    const tool = await recordTool()
    const sent = JSON.stringify(convertToOpenAITool(tool).function.parameters).length
    // measured against what the server sent, so a converter that inflates schemas cannot hide
    expect(sent).toBeLessThanOrEqual(JSON.stringify(recordBody).length * 1.1)
    expect(sent).toBeLessThanOrEqual(JSON.stringify(tool.schema).length * 1.1)
  })

  test('an OpenAPI nullable enum accepts null and lists it', async () => {
    api.definitions([
      definition({
        method: 'create',
        body_schema: {
          type: 'object',
          properties: { tier: { type: 'string', enum: ['a', 'b'], nullable: true } },
        },
      }),
    ])
    const manager = testManager()
    const [tool] = await manager.getTools()
    expect((tool!.schema as any).properties.tier).toEqual({
      type: ['string', 'null'],
      enum: ['a', 'b', null],
    })
  })
})

describe('validation follows the same schema', () => {
  test('a valid call is sent unchanged', async () => {
    const tool = await recordTool()
    const message = await tool.invoke(toolCall(tool.name, valid))
    expect(message.status).toBe('success')
    expect(api.proxyCalls[0]?.body).toEqual(valid)
  })

  test.each([
    ['a missing required field', { title: undefined }, /`title` is required/],
    ['a missing nested required field', { owner: {} }, /`owner\.email` is required/],
    [
      'a value outside the enum',
      { status: 'pending' },
      /`status` must be one of \["open","won","lost"\]/,
    ],
    ['a wrong type', { amount: 'lots' }, /`amount` must be number or null, not string/],
    ['a bad format', { closes_on: '01/12/2026' }, /`closes_on` must be a valid date string/],
    [
      'a bad email in an array item',
      { contacts: [{ email: 'nope' }] },
      /`contacts\.0\.email` must be a valid email string/,
    ],
    [
      'a value matching no oneOf branch',
      { value: 1.5 },
      /`value` must match exactly one of: string \| integer/,
    ],
    [
      'a map value of the wrong type',
      { custom_fields_values: { budget: [1] } },
      /`custom_fields_values\.budget` must be/,
    ],
    [
      'a pattern mismatch',
      { address: { city: 'Oslo', zip: 'abc' } },
      /`address\.zip` must match the pattern/,
    ],
    [
      'too many items',
      {
        contacts: [
          { email: 'a@b.co' },
          { email: 'a@b.co' },
          { email: 'a@b.co' },
          { email: 'a@b.co' },
        ],
      },
      /`contacts`/,
    ],
  ])('%s is rejected before any request', async (_, change, expected) => {
    const tool = await recordTool()
    const message = await tool.invoke(toolCall(tool.name, { ...valid, ...change }))
    expect(message.status).toBe('error')
    expect(String(message.content)).toMatch(expected)
    expect(String(message.content)).toMatch(/Nothing was sent/)
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('called without a tool call, invalid arguments throw a typed error', async () => {
    const tool = await recordTool()
    await expect(tool.invoke({ ...valid, status: 'pending' })).rejects.toMatchObject({
      name: 'TrutoValidationError',
      issues: [{ path: 'status', message: 'must be one of ["open","won","lost"]' }],
    })
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('additionalProperties: false on the server schema rejects unknown fields', async () => {
    api.definitions([
      definition({
        method: 'create',
        body_schema: {
          type: 'object',
          properties: { title: { type: 'string' } },
          additionalProperties: false,
        },
      }),
    ])
    const manager = testManager()
    const [tool] = await manager.getTools()
    const message = await tool!.invoke(toolCall(tool!.name, { title: 'x', colour: 'red' }))
    expect(String(message.content)).toMatch(/`colour` is not an allowed field/)
  })
})

describe('schemas servers really send', () => {
  async function bodyTool(body: Record<string, unknown>) {
    api.definitions([definition({ method: 'create', body_schema: body })])
    const [tool] = await testManager().getTools()
    return tool!
  }

  test('a nullable $ref accepts null and the referenced object', async () => {
    const tool = await bodyTool({
      type: 'object',
      properties: {
        address: { $ref: '#/$defs/Address', nullable: true, description: 'Postal address' },
      },
      $defs: {
        Address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    })
    expect((await tool.invoke(toolCall(tool.name, { address: null }))).status).toBe('success')
    expect((await tool.invoke(toolCall(tool.name, { address: { city: 'Oslo' } }))).status).toBe(
      'success',
    )
    const bad = await tool.invoke(toolCall(tool.name, { address: {} }))
    expect(bad.content).toMatch(/`address\.city` is required/)
    expect((tool.schema as any).properties.address.description).toBe('Postal address')
  })

  test('constraints beside a $ref add to the target instead of replacing it', async () => {
    const tool = await bodyTool({
      type: 'object',
      properties: { item: { $ref: '#/$defs/Base', properties: { b: { type: 'string' } } } },
      $defs: { Base: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } },
    })
    expect((await tool.invoke(toolCall(tool.name, { item: { a: 'x', b: 'y' } }))).status).toBe(
      'success',
    )
    expect((await tool.invoke(toolCall(tool.name, { item: { b: 'y' } }))).content).toMatch(
      /`item\.a` is required/,
    )
  })

  test('a pattern with escapes the validator refuses is repaired, not fatal', async () => {
    const tool = await bodyTool({
      type: 'object',
      properties: { phone: { type: 'string', pattern: '^\\d{3}\\-\\d{4}$' } },
    })
    expect((await tool.invoke(toolCall(tool.name, { phone: '555-1234' }))).status).toBe('success')
    const bad = await tool.invoke(toolCall(tool.name, { phone: '5551234' }))
    expect(bad.content).toMatch(/`phone` must match the pattern/)
  })

  test('a root map of extra fields is kept for the model and enforced', async () => {
    const tool = await bodyTool({
      type: 'object',
      properties: {},
      additionalProperties: { type: 'number' },
    })
    expect((tool.schema as any).additionalProperties).toEqual({ type: 'number' })
    expect((await tool.invoke(toolCall(tool.name, { budget: 5 }))).status).toBe('success')
    expect((await tool.invoke(toolCall(tool.name, { budget: 'lots' }))).status).toBe('error')
  })

  test('OpenAPI 3.0 boolean exclusive bounds are read as exclusive, not compared with true', async () => {
    const tool = await bodyTool({
      type: 'object',
      properties: {
        pct: {
          type: 'number',
          minimum: 0,
          exclusiveMinimum: true,
          maximum: 100,
          exclusiveMaximum: true,
        },
        qty: { type: 'integer', minimum: 1, exclusiveMinimum: false },
      },
    })
    expect((tool.schema as any).properties.pct).toEqual({
      type: 'number',
      exclusiveMinimum: 0,
      exclusiveMaximum: 100,
    })
    expect((await tool.invoke(toolCall(tool.name, { pct: 50, qty: 1 }))).status).toBe('success')
    expect((await tool.invoke(toolCall(tool.name, { pct: 0.5 }))).status).toBe('success')
    expect((await tool.invoke(toolCall(tool.name, { pct: 100 }))).status).toBe('error')
    expect((await tool.invoke(toolCall(tool.name, { pct: 0 }))).status).toBe('error')
    expect((await tool.invoke(toolCall(tool.name, { qty: 0 }))).status).toBe('error')
  })

  test('a nullable root still loads as an object', async () => {
    const tool = await bodyTool({
      type: 'object',
      nullable: true,
      properties: { a: { type: 'string' } },
    })
    expect(tool.schema).toMatchObject({ type: 'object', properties: { a: { type: 'string' } } })
  })
})
