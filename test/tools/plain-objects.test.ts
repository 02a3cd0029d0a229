import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { expect, test } from 'vitest'
import { listing, mcpEdge } from '../helpers/mcp-edge.js'
import { definition, testManager, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()

// every object reachable from a value, arrays included
function objects(value: unknown, into: object[] = []): object[] {
  if (typeof value !== 'object' || value === null) return into
  into.push(value)
  for (const item of Object.values(value)) objects(item, into)
  return into
}

test('a tool’s schema and metadata are plain JSON objects, with the id first where it is a path segment', async () => {
  api.definitions([
    definition({
      name: 'update_octapipe_card',
      method: 'update',
      resource: 'pipeline-cards',
      query_schema: { type: 'object', properties: { notify: { type: 'boolean', nullable: true } } },
      body_schema: {
        type: 'object',
        properties: { title: { type: 'string' }, id: { type: 'string', description: 'Card id.' } },
        required: ['title'],
      },
    }),
  ])

  const [tool] = await testManager().getTools()

  const schema = tool?.schema as Record<string, unknown>
  const kept = [...objects(schema), ...objects(tool?.metadata)]
  for (const object of kept) {
    expect([Object.prototype, Array.prototype]).toContain(Object.getPrototypeOf(object))
  }
  expect(Object.keys(schema.properties as object)).toEqual(['id', 'title', 'notify'])
  expect(schema.required).toEqual(['title', 'id'])
  expect(JSON.parse(JSON.stringify(schema))).toStrictEqual(schema)
  expect(tool?.metadata).toStrictEqual({
    resource: 'pipeline-cards',
    method: 'update',
    accountId: 'acct_1',
    originalName: 'update_octapipe_card',
  })
})

test('an MCP tool’s schema, its account parameter taken out, and its metadata are plain JSON objects', async () => {
  const inputSchema = {
    type: 'object',
    properties: { integrated_account_id: { type: 'string' }, card_id: { type: 'string' } },
    required: ['integrated_account_id', 'card_id'],
  }
  const edge = mcpEdge(
    listing([{ name: 'get_single_card_by_id', description: 'Gets.', inputSchema }]),
  )
  const manager = new TrutoToolManager({ apiKey: 'sk_plain_objects_key', fetch: edge.fetch })

  const [tool] = await manager.getMcpTools('https://api.truto.one/mcp/mcp_tok_plain_0123456789', {
    accountId: 'acct_plain',
  })

  const schema = tool?.schema as Record<string, unknown>
  for (const object of [...objects(schema), ...objects(tool?.metadata)]) {
    expect([Object.prototype, Array.prototype]).toContain(Object.getPrototypeOf(object))
  }
  expect(Object.keys(schema.properties as object)).toEqual(['card_id'])
  expect(schema.required).toEqual(['card_id'])
  expect(JSON.parse(JSON.stringify(schema))).toStrictEqual(schema)
})
