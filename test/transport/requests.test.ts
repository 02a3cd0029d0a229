import type { TrutoTool } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import {
  ACCOUNT_ID,
  API_KEY,
  definition,
  testManager,
  toolCall,
  useTrutoApi,
} from '../helpers/truto-api.js'

const api = useTrutoApi()

async function loadTool(overrides: Record<string, unknown>): Promise<TrutoTool> {
  api.definitions([definition(overrides)])
  const manager = testManager()
  const [tool] = await manager.getTools()
  if (!tool) throw new Error('no tool was built')
  return tool
}

const cardBody = {
  type: 'object',
  properties: { title: { type: 'string' }, pipeline_uuid: { type: 'string' } },
}
const expandQuery = { type: 'object', properties: { expand: { type: 'string' } } }

describe('each method sends the proxy request Truto documents', () => {
  test.each([
    ['list', 'GET', '/proxy/pipeline-cards', { expand: 'owner' }, undefined],
    ['get', 'GET', '/proxy/pipeline-cards/c1', { expand: 'owner' }, undefined],
    [
      'create',
      'POST',
      '/proxy/pipeline-cards',
      { expand: 'owner' },
      { title: 'T', pipeline_uuid: 'p1' },
    ],
    [
      'update',
      'PATCH',
      '/proxy/pipeline-cards/c1',
      { expand: 'owner' },
      { title: 'T', pipeline_uuid: 'p1' },
    ],
    ['delete', 'DELETE', '/proxy/pipeline-cards/c1', { expand: 'owner' }, undefined],
    [
      'bulk_update',
      'POST',
      '/proxy/pipeline-cards/bulk_update',
      { expand: 'owner', id: 'c1' },
      { title: 'T', pipeline_uuid: 'p1' },
    ],
  ])('%s → %s %s', async (method, verb, path, query, body) => {
    const hasBody = body !== undefined
    const tool = await loadTool({
      method,
      query_schema:
        method === 'bulk_update'
          ? { ...expandQuery, properties: { ...expandQuery.properties, id: { type: 'string' } } }
          : expandQuery,
      body_schema: hasBody ? cardBody : null,
    })
    const needsId = ['get', 'update', 'delete', 'bulk_update'].includes(method)
    await tool.invoke({ expand: 'owner', ...(needsId ? { id: 'c1' } : {}), ...body })
    const [call] = api.proxyCalls
    expect(call?.method).toBe(verb)
    expect(call?.path).toBe(path)
    expect(Object.fromEntries(call?.query ?? [])).toEqual({
      ...query,
      integrated_account_id: ACCOUNT_ID,
    })
    expect(call?.body).toEqual(body)
    expect(call?.headers.get('authorization')).toBe(`Bearer ${API_KEY}`)
    expect(call?.headers.get('accept')).toBe('application/json')
  })

  test('a write with no body arguments still sends a JSON object', async () => {
    const tool = await loadTool({ method: 'create', body_schema: cardBody })
    await tool.invoke({})
    expect(api.proxyCalls[0]?.body).toEqual({})
    expect(api.proxyCalls[0]?.headers.get('content-type')).toMatch(/application\/json/)
  })

  test('nested query values use the bracket form', async () => {
    const tool = await loadTool({
      query_schema: {
        type: 'object',
        properties: {
          filter: { type: 'object', properties: { status: { type: 'string' } } },
          ids: { type: 'array', items: { type: 'string' } },
        },
      },
    })
    await tool.invoke({ filter: { status: 'open' }, ids: ['a', 'b'] })
    const query = api.proxyCalls[0]?.query
    expect(query?.get('filter[status]')).toBe('open')
    expect(query?.getAll('ids[0]')).toEqual(['a'])
    expect(query?.get('ids[1]')).toBe('b')
  })
})

describe('ids never change the path', () => {
  test.each([
    ['ünï cødé ✓', `/proxy/pipeline-cards/${encodeURIComponent('ünï cødé ✓')}`],
    ['a?b#c', '/proxy/pipeline-cards/a%3Fb%23c'],
  ])('%s is one encoded segment', async (id, path) => {
    const tool = await loadTool({ method: 'get' })
    await tool.invoke({ id })
    expect(api.proxyCalls[0]?.path).toBe(path)
    expect(api.proxyCalls[0]?.query.get('integrated_account_id')).toBe(ACCOUNT_ID)
  })

  test.each([
    '..',
    '.',
    '',
    '../admin',
    'a/b',
    'a\\b',
    '%2e%2e',
    '%252E%252e',
    '..%2Fadmin',
    '．．',
  ])('"%s" is refused before any request', async (id) => {
    const tool = await loadTool({ method: 'delete' })
    const message = await tool.invoke(toolCall(tool.name, { id }))
    expect(message).toMatchObject({ status: 'error' })
    expect(String(message.content)).toMatch(/`id`/)
    expect(api.proxyCalls).toHaveLength(0)
  })
})

describe('a name in both schemas', () => {
  test('the body keeps the name and the query field is offered as query_<name>', async () => {
    const tool = await loadTool({
      method: 'create',
      query_schema: {
        type: 'object',
        properties: { status: { type: 'string', description: 'Filter' } },
      },
      body_schema: {
        type: 'object',
        properties: { status: { type: 'string', enum: ['open', 'done'] } },
      },
    })
    const properties = (tool.schema as { properties: Record<string, { description?: string }> })
      .properties
    expect(Object.keys(properties)).toEqual(['status', 'query_status'])
    expect(properties.query_status?.description).toMatch(/Query parameter `status`/)

    await tool.invoke({ status: 'open', query_status: 'draft' })
    expect(api.proxyCalls[0]?.body).toEqual({ status: 'open' })
    expect(api.proxyCalls[0]?.query.get('status')).toBe('draft')
  })

  test('id is the path segment for update, never also sent in the body', async () => {
    const tool = await loadTool({
      method: 'update',
      body_schema: {
        type: 'object',
        properties: { id: { type: 'string', description: 'Card id' }, title: { type: 'string' } },
      },
      required: ['id'],
    })
    await tool.invoke({ id: 'c9', title: 'New' })
    expect(api.proxyCalls[0]?.path).toBe('/proxy/pipeline-cards/c9')
    expect(api.proxyCalls[0]?.body).toEqual({ title: 'New' })
  })

  test('a custom method takes its id in the query', async () => {
    const tool = await loadTool({ method: 'bulk_delete', body_schema: cardBody, required: ['id'] })
    await tool.invoke({ id: 'db1', title: 'x' })
    expect(api.proxyCalls[0]?.path).toBe('/proxy/pipeline-cards/bulk_delete')
    expect(api.proxyCalls[0]?.query.get('id')).toBe('db1')
    expect(api.proxyCalls[0]?.body).toEqual({ title: 'x' })
  })
})

describe('where arguments go', () => {
  test('a required body field does not make its query twin required', async () => {
    const tool = await loadTool({
      method: 'create',
      query_schema: { type: 'object', properties: { status: { type: 'string' } } },
      body_schema: { type: 'object', properties: { status: { type: 'string' } } },
      required: ['status'],
    })
    expect((tool.schema as { required?: string[] }).required).toEqual(['status'])
    const message = await tool.invoke(toolCall(tool.name, { status: 'open' }))
    expect(message.status).toBe('success')
  })

  test.each(['list', 'get', 'delete'])(
    'a %s sends a body schema’s fields in the query, never dropped',
    async (method) => {
      const tool = await loadTool({
        method,
        query_schema: { type: 'object', properties: { status: { type: 'string' } } },
        body_schema: {
          type: 'object',
          properties: { filter: { type: 'string' }, status: { type: 'string' } },
        },
      })
      const properties = Object.keys((tool.schema as { properties: object }).properties)
      expect(properties).not.toContain('query_status')
      await tool.invoke({ ...(method === 'list' ? {} : { id: 'r1' }), filter: 'x', status: 'open' })
      expect(api.proxyCalls[0]?.query.get('filter')).toBe('x')
      expect(api.proxyCalls[0]?.query.get('status')).toBe('open')
      expect(api.proxyCalls[0]?.body).toBeUndefined()
    },
  )

  test('a custom method sends its id in the query even when the body schema declares it', async () => {
    const tool = await loadTool({
      method: 'bulk_update',
      body_schema: {
        type: 'object',
        properties: { id: { type: 'string' }, filters: { type: 'array' } },
      },
    })
    await tool.invoke({ id: 'db1', filters: [] })
    expect(api.proxyCalls[0]?.query.get('id')).toBe('db1')
    expect(api.proxyCalls[0]?.body).toEqual({ filters: [] })
  })

  test('a create keeps a body field named id in the body', async () => {
    const tool = await loadTool({
      method: 'create',
      body_schema: {
        type: 'object',
        properties: { id: { type: 'string' }, name: { type: 'string' } },
      },
    })
    await tool.invoke({ id: 'ext-42', name: 'x' })
    expect(api.proxyCalls[0]?.body).toEqual({ id: 'ext-42', name: 'x' })
    expect(api.proxyCalls[0]?.query.has('id')).toBe(false)
  })

  test('a custom method with id in both schemas offers one id, sent once', async () => {
    const idSchema = { type: 'object', properties: { id: { type: 'string' } } }
    const tool = await loadTool({
      method: 'bulk_update',
      body_schema: idSchema,
      query_schema: idSchema,
    })
    expect(Object.keys((tool.schema as { properties: object }).properties)).toEqual(['id'])
    await tool.invoke({ id: 'db1' })
    expect(api.proxyCalls[0]?.query.getAll('id')).toEqual(['db1'])
  })

  test('a real query parameter named query_<x> is kept beside the renamed twin of x', async () => {
    const tool = await loadTool({
      method: 'create',
      body_schema: { type: 'object', properties: { status: { type: 'string' } } },
      query_schema: {
        type: 'object',
        properties: { status: { type: 'string' }, query_status: { type: 'string' } },
      },
    })
    const properties = Object.keys((tool.schema as { properties: object }).properties)
    expect(properties).toEqual(['status', '_query_status', 'query_status'])
    await tool.invoke({ status: 'b', _query_status: 'q', query_status: 'real' })
    expect(api.proxyCalls[0]?.body).toEqual({ status: 'b' })
    expect(api.proxyCalls[0]?.query.get('status')).toBe('q')
    expect(api.proxyCalls[0]?.query.get('query_status')).toBe('real')
  })
})

describe("the account is the tool's own", () => {
  test.each([
    ['a plain value', { integrated_account_id: 'acct_other' }],
    ['an array', { integrated_account_id: ['acct_other'] }],
    ['a bracketed key', { 'integrated_account_id[0]': 'acct_other' }],
  ])('an argument naming another account is refused: %s', async (_, args) => {
    const tool = await loadTool({
      method: 'list',
      query_schema: { type: 'object', properties: {}, additionalProperties: true },
    })
    const message = await tool.invoke(toolCall(tool.name, args))
    expect(message.status).toBe('error')
    expect(message.content).toMatch(/integrated_account_id.*set by the toolset/)
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('a server schema that lists integrated_account_id does not offer it to the model', async () => {
    const tool = await loadTool({
      method: 'list',
      query_schema: {
        type: 'object',
        properties: { integrated_account_id: { type: 'string' }, q: { type: 'string' } },
        required: ['integrated_account_id'],
      },
    })
    const schema = tool.schema as { properties: object; required?: string[] }
    expect(Object.keys(schema.properties)).not.toContain('integrated_account_id')
    expect(schema.required ?? []).not.toContain('integrated_account_id')
    await tool.invoke({ q: 'x' })
    expect(api.proxyCalls[0]?.query.getAll('integrated_account_id')).toEqual([ACCOUNT_ID])
  })
})

describe('results', () => {
  test('a list returns its result and next_cursor as compact JSON, the response as artifact', async () => {
    api.reply(() => Response.json({ result: [{ id: 'c1' }], next_cursor: 'n2', extra: 1 }))
    const tool = await loadTool({})
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.content).toBe(
      '{"result":[{"id":"c1"}],"next_cursor":"n2"}\n1 item. More results exist: call again with next_cursor="n2" for the next page.',
    )
    expect(message.artifact).toEqual({ result: [{ id: 'c1' }], next_cursor: 'n2', extra: 1 })
    expect(message.status).toBe('success')
  })

  test('an empty 204 tells the model the call succeeded', async () => {
    api.reply(() => new Response(null, { status: 204 }))
    const tool = await loadTool({ method: 'delete' })
    const message = await tool.invoke(toolCall(tool.name, { id: 'c1' }))
    expect(message.status).toBe('success')
    expect(message.content).toMatch(/succeeded/)
  })
})
