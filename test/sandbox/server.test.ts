import { createSandbox, type SandboxServer } from 'truto-langchainjs-toolset/testing'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { client } from './helpers.js'

const sandbox = createSandbox({ clock: 'manual', rateLimit: { limit: 1000, windowMs: 60_000 } })
let server: SandboxServer
// the loopback server reached with the real global fetch
const api = () => client({ ...sandbox, fetch: globalThis.fetch }, server.url)

beforeAll(async () => {
  server = await sandbox.listen()
})
afterAll(() => server.close())
beforeEach(() => sandbox.reset())

test('the server listens on 127.0.0.1', () => {
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
})

test('tools are served over HTTP with methods[0]= filters', async () => {
  const { status, json } = await api().get(
    `/integrated-account/${sandbox.accounts.gumloop}/tools`,
    {
      'methods[0]': 'get',
      'tags[0]': 'sessions',
    },
  )
  expect(status).toBe(200)
  expect(json.results.map((t: { name: string }) => t.name)).toEqual([
    'get_single_gumloop_session_by_id',
    'get_single_gumloop_artifact_by_id',
  ])
})

test('a wrong token is a 401 over HTTP', async () => {
  const response = await fetch(
    `${server.url}/proxy/agents?integrated_account_id=${sandbox.accounts.gumloop}`,
  )
  expect(response.status).toBe(401)
})

test('rate-limit headers arrive over HTTP', async () => {
  const { headers } = await api().get('/proxy/agents', {
    integrated_account_id: sandbox.accounts.gumloop,
  })
  expect(headers.get('ratelimit-limit')).toBe('1000')
  expect(headers.get('ratelimit-remaining')).toBe('999')
})

test('an encoded slash stays one segment over HTTP', async () => {
  const { status, json } = await api().get(`/proxy/sessions/${encodeURIComponent('a/b')}`, {
    integrated_account_id: sandbox.accounts.gumloop,
  })
  expect(status).toBe(404)
  expect(json.message).toBe('session "a/b" not found')
})

test('the card update quirk holds over HTTP', async () => {
  const card = sandbox.state.octapipe.cards[0]
  const { status } = await api().patch(
    `/proxy/pipeline-cards/${card?.uuid}`,
    { integrated_account_id: sandbox.accounts.octapipe },
    { title: 'Renamed' },
  )
  expect(status).toBe(400)
})

test('artifact links point at the server and serve the report', async () => {
  const agent = sandbox.state.gumloop.agents.find((a) => a.name === 'Market Research Agent')
  const query = { integrated_account_id: sandbox.accounts.gumloop }
  const session = await api().post('/proxy/sessions', query, {
    agent_id: agent?.id,
    input: 'EV chargers in Norway',
  })
  sandbox.clock.advance(6_000)
  const [artifact] = (
    await api().get('/proxy/artifacts', { ...query, session_id: session.json.id })
  ).json.result
  const download = await fetch(artifact.download_url)
  expect(artifact.download_url.startsWith(`${server.url}/_sandbox/artifacts/`)).toBe(true)
  expect(await download.text()).toContain('EV chargers in Norway')
})

test('a drop fault destroys the socket', async () => {
  sandbox.faults.inject({ kind: 'drop', times: 1 })
  await expect(fetch(`${server.url}/proxy/agents`)).rejects.toThrow(TypeError)
})

test('a slow answer is abandoned when the client aborts', async () => {
  sandbox.faults.inject({ kind: 'slow', delayMs: 10_000 })
  const pending = fetch(`${server.url}/proxy/agents`, { signal: AbortSignal.timeout(30) })
  await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' })
})

test('an html fault arrives as a 502 page', async () => {
  sandbox.faults.inject({ kind: 'html', times: 1 })
  const response = await fetch(`${server.url}/proxy/agents`)
  expect(response.status).toBe(502)
  expect(await response.text()).toContain('Bad Gateway')
})

test('close() stops the server', async () => {
  const other = await createSandbox().listen()
  await other.close()
  await expect(fetch(`${other.url}/proxy/agents`)).rejects.toThrow(TypeError)
})
