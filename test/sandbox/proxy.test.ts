import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { expect, test } from 'vitest'
import { client } from './helpers.js'

const sandbox = createSandbox({ clock: 'manual' })
const api = client(sandbox)
const octapipe = { integrated_account_id: sandbox.accounts.octapipe }

test('a proxy call without integrated_account_id is a 400', async () => {
  const { status, json } = await api.get('/proxy/pipelines')
  expect(status).toBe(400)
  expect(json).toEqual({
    statusCode: 400,
    error: 'Bad Request',
    message: 'integrated_account_id is required in the query',
  })
})

test('an unknown account is a 404', async () => {
  const { status } = await api.get('/proxy/pipelines', { integrated_account_id: 'acct_nope' })
  expect(status).toBe(404)
})

test('a resource of another integration is a 404', async () => {
  const { status, json } = await api.get('/proxy/tickets', octapipe)
  expect(status).toBe(404)
  expect(json.message).toBe('Resource "tickets" is not available for octapipe')
})

test('a verb the resource does not take is Truto’s 405, naming the method', async () => {
  const { status, json } = await api.delete('/proxy/pipelines/x', octapipe)
  expect(status).toBe(405)
  expect(json).toEqual({
    statusCode: 405,
    error: 'Method Not Allowed',
    message: 'DELETE is not allowed on /proxy/pipelines/x',
  })
  expect((await api.send('PUT', '/proxy/pipeline-cards', octapipe, {})).status).toBe(405)
  expect((await api.patch('/proxy/pipeline-cards', octapipe, {})).status).toBe(405)
})

test('a custom method the resource lacks is a 404', async () => {
  const { status, json } = await api.post('/proxy/pipelines/archive', octapipe, {})
  expect(status).toBe(404)
  expect(json.message).toBe('POST pipelines/archive is not a method of octapipe pipelines')
})

test('a list answers in Truto’s list shape', async () => {
  const { json } = await api.get('/proxy/pipeline-cards', { ...octapipe, limit: 15 })
  expect(json).toEqual({
    result: expect.any(Array),
    next_cursor: expect.any(String),
    prev_cursor: null,
    result_count: 15,
    is_partial_response: false,
  })
  expect(json.result).toHaveLength(15)
})

test('a single record comes back unwrapped', async () => {
  const card = sandbox.state.octapipe.cards[0]!
  const { json } = await api.get(`/proxy/pipeline-cards/${card.uuid}`, octapipe)
  expect(json).toMatchObject({ uuid: card.uuid })
  expect(json).not.toHaveProperty('result')
})

test('a missing record is an upstream 404 with its raw response', async () => {
  const { status, json } = await api.get('/proxy/pipeline-cards/no-such-card', octapipe)
  expect(status).toBe(404)
  expect(json).toMatchObject({
    statusCode: 404,
    error: 'Not Found',
    truto_is_remote_error: true,
    raw_response: { success: false, error: { code: 'NOT_FOUND' } },
  })
})

test('an encoded slash stays inside one id segment', async () => {
  const { status, json } = await api.get(
    `/proxy/pipeline-cards/${encodeURIComponent('a/b')}`,
    octapipe,
  )
  const unencoded = await api.get('/proxy/pipeline-cards/a/b', octapipe)
  expect(status).toBe(404)
  expect(json.message).toBe('No card with uuid "a/b"')
  expect(unencoded.json.message).toMatch(/not a method/)
})

test('an encoded id reaches the handler decoded', async () => {
  const id = 'weird id/with?chars#'
  sandbox.state.octapipe.users.push({
    uuid: id,
    name: 'W',
    email: 'w@x.io',
    role: 'member',
    created_at: '',
  })
  const { status, json } = await api.get(`/proxy/users/${encodeURIComponent(id)}`, octapipe)
  expect(status).toBe(200)
  expect(json.name).toBe('W')
})

test('query values are read as the schema types them', async () => {
  const happyfox = { integrated_account_id: sandbox.accounts.happyfox }
  const { json } = await api.get('/proxy/tickets', { ...happyfox, limit: '3', unassigned: 'false' })
  expect(json.result).toHaveLength(3)
  expect(json.result.every((t: { assignee_id: number | null }) => t.assignee_id !== null)).toBe(
    true,
  )
})

test('a body that breaks the schema is an upstream 400 naming the field', async () => {
  const { status, json } = await api.post('/proxy/notifications', octapipe, {
    user_uuid: 'x',
    message: 'hi',
  })
  expect(status).toBe(400)
  expect(json.message).toBe('user_uuid must be a valid uuid')
  expect(json.truto_is_remote_error).toBe(true)
})

test('a body that is not JSON is a 400', async () => {
  const response = await sandbox.fetch(
    `${sandbox.baseUrl}/proxy/notes?integrated_account_id=${sandbox.accounts.octapipe}`,
    { method: 'POST', headers: { authorization: `Bearer ${sandbox.apiKey}` }, body: 'not json' },
  )
  expect(response.status).toBe(400)
})

test('a cursor the API did not issue is a 400', async () => {
  const { status } = await api.get('/proxy/pipeline-cards', { ...octapipe, next_cursor: 'garbage' })
  expect(status).toBe(400)
})

test('every request lands in the log with its status', async () => {
  const before = sandbox.requests.length
  await api.get('/proxy/pipelines', { ...octapipe, name: 'Hiring' })
  expect(sandbox.requests.slice(before)).toEqual([
    expect.objectContaining({
      method: 'GET',
      path: '/proxy/pipelines',
      query: { integrated_account_id: sandbox.accounts.octapipe, name: 'Hiring' },
      status: 200,
      account: sandbox.accounts.octapipe,
    }),
  ])
})
