import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { beforeEach, expect, test } from 'vitest'
import { client } from './helpers.js'

const sandbox = createSandbox({ clock: 'manual', artifactUrlTtlMs: 60_000 })
const api = client(sandbox)
const account = { integrated_account_id: sandbox.accounts.gumloop }
const agentId = () =>
  sandbox.state.gumloop.agents.find((a) => a.name === 'Market Research Agent')?.id

beforeEach(() => sandbox.reset())

async function startResearch(input = 'Size the market for dental practice software in Spain') {
  return api.post('/proxy/sessions', account, { agent_id: agentId(), input })
}

test('a session with input answers 202 and starts queued', async () => {
  const { status, json } = await startResearch()
  expect(status).toBe(202)
  expect(json.status).toBe('queued')
})

test('a session moves queued → processing → completed over sandbox time', async () => {
  const { json } = await startResearch()
  const status = async () => (await api.get(`/proxy/sessions/${json.id}`, account)).json.status
  sandbox.clock.advance(1_999)
  expect(await status()).toBe('queued')
  sandbox.clock.advance(1)
  expect(await status()).toBe('processing')
  sandbox.clock.advance(4_000)
  expect(await status()).toBe('completed')
})

test('an input asking for failure ends failed with an error', async () => {
  const { json } = await startResearch('please simulate failure')
  sandbox.clock.advance(6_000)
  const session = (await api.get(`/proxy/sessions/${json.id}`, account)).json
  expect(session.status).toBe('failed')
  expect(session.error).toMatch(/timed out/)
})

test('a session without input answers 201 and waits idle until a message', async () => {
  const created = await api.post('/proxy/sessions', account, { agent_id: agentId() })
  sandbox.clock.advance(60_000)
  const idle = (await api.get(`/proxy/sessions/${created.json.id}`, account)).json.status
  const sent = await api.post(
    '/proxy/sessions/send_message',
    { ...account, id: created.json.id },
    { message: 'Go' },
  )
  expect(created.status).toBe(201)
  expect(idle).toBe('idle')
  expect(sent.status).toBe(202)
  expect(sent.json.status).toBe('queued')
})

test('a message to a running session is a 409', async () => {
  const { json } = await startResearch()
  const { status } = await api.post(
    '/proxy/sessions/send_message',
    { ...account, id: json.id },
    { message: 'More' },
  )
  expect(status).toBe(409)
})

test('a completed session lists a report artifact whose signed URL serves the bytes', async () => {
  const { json } = await startResearch()
  sandbox.clock.advance(6_000)
  const artifacts = (await api.get('/proxy/artifacts', { ...account, session_id: json.id })).json
    .result
  expect(artifacts).toHaveLength(1)
  expect(artifacts[0]).toMatchObject({ name: 'research-report.md', mime_type: 'text/markdown' })
  expect(artifacts[0]).not.toHaveProperty('content')
  const download = await sandbox.fetch(artifacts[0].download_url)
  expect(download.status).toBe(200)
  expect(download.headers.get('content-type')).toMatch(/text\/markdown/)
  expect(await download.text()).toMatch(
    /^# Market research report[\s\S]*dental practice software in Spain/,
  )
})

test('an artifact URL expires and a bad signature is refused', async () => {
  const { json } = await startResearch()
  sandbox.clock.advance(6_000)
  const [artifact] = (await api.get('/proxy/artifacts', { ...account, session_id: json.id })).json
    .result
  const tampered = await sandbox.fetch(artifact.download_url.replace(/signature=\w/, 'signature=z'))
  sandbox.clock.advance(60_000)
  const expired = await sandbox.fetch(artifact.download_url)
  const fresh = (await api.get(`/proxy/artifacts/${artifact.id}`, account)).json.download_url
  expect(tampered.status).toBe(403)
  expect(expired.status).toBe(403)
  expect((await sandbox.fetch(fresh)).status).toBe(200)
})

test('the seeded historical session has already completed with a report', () => {
  const [session] = sandbox.state.gumloop.sessions
  expect(session?.status).toBe('completed')
  expect(sandbox.state.gumloop.artifacts.map((a) => a.session_id)).toEqual([session?.id])
})

test('exporting agents or workflows needs a workspace scope; credit logs do not', async () => {
  const workspace = sandbox.state.gumloop.workspaces[0]?.id
  const unscoped = await api.post('/proxy/exports', account, { data_type: 'workflows' })
  const scoped = await api.post('/proxy/exports', account, {
    data_type: 'agents',
    workspace_id: workspace,
  })
  const credits = await api.post('/proxy/exports', account, { data_type: 'credit_logs' })
  expect(unscoped.status).toBe(400)
  expect(unscoped.json).toMatchObject({
    raw_response: { detail: 'workspace_id is required to export workflows' },
  })
  expect(scoped.json.rows.map((r: { name: string }) => r.name)).toEqual(['Market Research Agent'])
  expect(credits.status).toBe(201)
  expect(credits.json.row_count).toBe(30)
})

test('credit logs list without a workspace', async () => {
  const { status, json } = await api.get('/proxy/credit-logs', account)
  expect(status).toBe(200)
  expect(json.result).toHaveLength(20)
  expect(json.next_cursor).not.toBeNull()
})
