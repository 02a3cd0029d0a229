import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { expect, test } from 'vitest'
import { client } from './helpers.js'

const sandbox = createSandbox({ clock: 'manual' })
const api = client(sandbox)
const tools = (account: string, query = '') =>
  sandbox.fetch(`${sandbox.baseUrl}/integrated-account/${account}/tools${query}`, {
    headers: { authorization: `Bearer ${sandbox.apiKey}` },
  })

async function allTools(account: string, query = ''): Promise<any[]> {
  const out: any[] = []
  let next: string | null = null
  do {
    const sep = query ? '&' : '?'
    const suffix = next ? `${query}${sep}next_cursor=${encodeURIComponent(next)}` : query
    const body = (await (await tools(account, suffix)).json()) as {
      results: unknown[]
      next_cursor: string | null
    }
    out.push(...body.results)
    next = body.next_cursor
  } while (next)
  return out
}

test('tools come as results in pages of 25 with a cursor', async () => {
  const first = await api.get(`/integrated-account/${sandbox.accounts.octapipe}/tools`)
  expect(Object.keys(first.json)).toEqual(['results', 'next_cursor'])
  expect(first.json.results).toHaveLength(25)
  expect(first.json.next_cursor).toEqual(expect.any(String))
  expect((await allTools(sandbox.accounts.octapipe)).length).toBe(sandbox.tools.octapipe.length)
})

test('tools without a description are hidden unless has_description=false', async () => {
  const own = createSandbox({ clock: 'manual' })
  const bare = own.tools.gumloop.find((t) => t.name === 'list_all_gumloop_workspaces')!
  bare.description = ''
  const names = async (query: string) =>
    (
      (await (
        await own.fetch(`/integrated-account/${own.accounts.gumloop}/tools${query}`, {
          headers: { authorization: `Bearer ${own.apiKey}` },
        })
      ).json()) as { results: { name: string }[] }
    ).results.map((t) => t.name)

  expect(await names('?tags=workspaces')).toEqual([])
  expect(await names('?tags=workspaces&has_description=true')).toEqual([])
  expect(await names('?tags=workspaces&has_description=false')).toEqual([bare.name])
})

test('a has_description other than true or false is a 400', async () => {
  const { status, json } = await api.get(`/integrated-account/${sandbox.accounts.octapipe}/tools`, {
    has_description: 'yes',
  })
  expect(status).toBe(400)
  expect(json).toEqual({
    statusCode: 400,
    error: 'Bad Request',
    message: 'has_description must be true or false',
  })
})

test('tool names follow Truto naming', async () => {
  const names = (await allTools(sandbox.accounts.octapipe)).map((t) => t.name)
  expect(names).toEqual(
    expect.arrayContaining([
      'list_all_octapipe_pipeline_cards',
      'get_single_octapipe_pipeline_card_by_id',
      'create_a_octapipe_pipeline_card',
      'update_a_octapipe_pipeline_card_by_id',
      'delete_a_octapipe_pipeline_card_by_id',
      'octapipe_database_records_bulk_update',
      'octapipe_database_records_bulk_delete',
    ]),
  )
  expect(sandbox.tools.gumloop.map((t) => t.name)).toContain('get_single_gumloop_session_by_id')
  expect(sandbox.tools.happyfox.map((t) => t.name)).toContain('create_a_happyfox_ticket_note')
})

test('methods=read keeps list and get only', async () => {
  const methods = new Set(
    (await allTools(sandbox.accounts.octapipe, '?methods=read')).map((t) => t.method),
  )
  expect(methods).toEqual(new Set(['list', 'get']))
})

test('methods[0]= and repeated keys mean the same as a comma list', async () => {
  const comma = await allTools(sandbox.accounts.octapipe, '?methods=write,custom')
  const indexed = await allTools(sandbox.accounts.octapipe, '?methods[0]=write&methods[1]=custom')
  const repeated = await allTools(sandbox.accounts.octapipe, '?methods=write&methods=custom')
  expect(indexed).toEqual(comma)
  expect(repeated).toEqual(comma)
  expect(new Set(comma.map((t) => t.method))).toEqual(
    new Set(['create', 'update', 'delete', 'bulk_update', 'bulk_delete']),
  )
})

test('a specific method name selects that method', async () => {
  const custom = await allTools(sandbox.accounts.octapipe, '?methods=bulk_delete')
  expect(custom.map((t) => t.name)).toEqual(['octapipe_database_records_bulk_delete'])
})

test('tags filter by resource tag', async () => {
  const tagged = await allTools(sandbox.accounts.octapipe, '?tags=cards')
  expect(tagged.map((t) => t.resource)).toEqual(Array(5).fill('pipeline-cards'))
  const both = await allTools(sandbox.accounts.octapipe, '?tags=cards&methods=list')
  expect(both.map((t) => t.name)).toEqual(['list_all_octapipe_pipeline_cards'])
})

test('a tool carries the fields of the wire contract', () => {
  const update = sandbox.tools.octapipe.find(
    (t) => t.name === 'update_a_octapipe_pipeline_card_by_id',
  )
  expect(update).toMatchObject({
    resource: 'pipeline-cards',
    method: 'update',
    required: ['id'],
    tags: ['pipelines', 'cards'],
    query_schema: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } },
    body_schema: {
      type: 'object',
      properties: { description: { type: 'string', nullable: true } },
    },
  })
  expect(update?.description).toMatch(/pipeline_uuid/)
})

test('list tools take limit and next_cursor', () => {
  const list = sandbox.tools.octapipe.find((t) => t.name === 'list_all_octapipe_pipeline_cards')
  expect(list?.query_schema?.properties).toMatchObject({
    limit: { type: 'integer', description: expect.stringContaining('at most 15') },
    next_cursor: { type: 'string' },
  })
})

test('required lists names across both schemas', () => {
  const reply = sandbox.tools.happyfox.find((t) => t.name === 'happyfox_tickets_staff_reply')
  expect(reply?.required).toEqual(['id', 'staff_id', 'text'])
})

test('schemas use $ref into $defs, oneOf, anyOf and additionalProperties maps', () => {
  const bulk = sandbox.tools.octapipe.find((t) => t.method === 'bulk_update')?.body_schema
  expect(bulk?.$defs).toHaveProperty('filter.properties.value.oneOf')
  expect(bulk?.properties).toMatchObject({
    filters: { items: { $ref: '#/$defs/filter' } },
    custom_fields_values: { type: 'object', additionalProperties: { nullable: true } },
  })
  const update = sandbox.tools.happyfox.find((t) => t.name === 'update_a_happyfox_ticket_by_id')
  expect(update?.body_schema).toHaveProperty('properties.custom_fields.additionalProperties.anyOf')
})

test('schemas use formats, enums and defaults', () => {
  const text = JSON.stringify(Object.values(sandbox.tools).flat())
  for (const format of ['date-time', 'date', 'email', 'uuid'])
    expect(text).toContain(`"format":"${format}"`)
  expect(text).toContain('"default":"in_app"')
})

test('descriptions name the tool that gives each id', () => {
  const names = new Set(Object.values(sandbox.tools).flatMap((list) => list.map((t) => t.name)))
  const mentioned = JSON.stringify(Object.values(sandbox.tools)).match(
    /`((?:list_all|get_single|create_a)_[a-z_]+)`/g,
  )
  expect(mentioned?.length).toBeGreaterThan(20)
  for (const name of mentioned ?? []) expect(names).toContain(name.replaceAll('`', ''))
})

test('an unknown account has no tools', async () => {
  const response = await tools('acct_nope')
  expect(response.status).toBe(404)
  expect(await response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' })
})

test('a wrong token gets 401 in Truto’s error shape', async () => {
  const response = await sandbox.fetch(
    `${sandbox.baseUrl}/integrated-account/${sandbox.accounts.octapipe}/tools`,
    {
      headers: { authorization: 'Bearer wrong' },
    },
  )
  expect(response.status).toBe(401)
  expect(await response.json()).toEqual({
    statusCode: 401,
    error: 'Unauthorized',
    message: 'Invalid or missing API token',
  })
})
