import { createSandbox, type SandboxOptions } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { client } from './helpers.js'

const many = (more: SandboxOptions = {}) =>
  createSandbox({ clock: 'manual', accountsPerIntegration: 3, ...more })

describe('accountsPerIntegration', () => {
  test('one account per integration by default', () => {
    const sandbox = createSandbox()
    expect(sandbox.accountIds).toEqual({
      octapipe: ['acct_octapipe_1'],
      gumloop: ['acct_gumloop_1'],
      happyfox: ['acct_happyfox_1'],
    })
    expect(sandbox.accounts).toEqual({
      octapipe: 'acct_octapipe_1',
      gumloop: 'acct_gumloop_1',
      happyfox: 'acct_happyfox_1',
    })
    expect(Object.keys(sandbox.accountStates.gumloop)).toEqual(['acct_gumloop_1'])
    expect(sandbox.accountStates.gumloop.acct_gumloop_1).toBe(sandbox.state.gumloop)
  })

  test('n accounts each, the first still in `accounts`, each with the demo data', async () => {
    const sandbox = many()
    expect(sandbox.accountIds.happyfox).toEqual([
      'acct_happyfox_1',
      'acct_happyfox_2',
      'acct_happyfox_3',
    ])
    expect(sandbox.accounts.happyfox).toBe('acct_happyfox_1')
    const api = client(sandbox)
    const lists = await Promise.all(
      sandbox.accountIds.happyfox.map((id) =>
        api.get('/proxy/tickets', { integrated_account_id: id }),
      ),
    )
    expect(lists.map((list) => list.status)).toEqual([200, 200, 200])
    expect(lists[1]?.json.result).toEqual(lists[0]?.json.result)
    expect(lists[0]?.json.result.length).toBeGreaterThan(0)
    const tools = await api.get('/integrated-account/acct_octapipe_3/tools', { limit: 100 })
    expect(tools.json.results.length).toBe(sandbox.tools.octapipe.length)
    expect(
      (await api.get('/proxy/tickets', { integrated_account_id: 'acct_happyfox_4' })).status,
    ).toBe(404)
  })

  test('accounts share no data: a write to one shows in it alone', async () => {
    const sandbox = many()
    const api = client(sandbox)
    const [first, second] = sandbox.accountIds.gumloop
    const agent = sandbox.state.gumloop.agents[0]
    const made = await api.post(
      '/proxy/sessions',
      { integrated_account_id: second },
      { agent_id: agent?.id },
    )
    expect(made.status).toBe(201)
    const sessions = (id: string | undefined) =>
      api.get('/proxy/sessions', { integrated_account_id: id })
    const ids = async (id: string | undefined) =>
      (await sessions(id)).json.result.map((s: { id: string }) => s.id)
    expect(await ids(second)).toContain(made.json.id)
    expect(await ids(first)).not.toContain(made.json.id)
    expect(await ids(sandbox.accountIds.gumloop[2])).toEqual(await ids(first))
    const state = sandbox.accountStates.gumloop
    expect(state[second ?? '']?.sessions.map((s) => s.id)).toContain(made.json.id)
    expect(state[first ?? '']?.sessions).not.toBe(state[second ?? '']?.sessions)
    // seeding through the state reaches one account too
    sandbox.accountStates.happyfox.acct_happyfox_3?.tickets.splice(0)
    const tickets = await api.get('/proxy/tickets', { integrated_account_id: 'acct_happyfox_3' })
    expect(tickets.json.result).toEqual([])
    expect(sandbox.state.happyfox.tickets.length).toBeGreaterThan(0)
  })

  test('sessions run and artifacts download per account', async () => {
    const sandbox = many()
    const api = client(sandbox)
    const account = 'acct_gumloop_2'
    const query = { integrated_account_id: account }
    const agent = sandbox.accountStates.gumloop[account]?.agents[0]
    const session = await api.post('/proxy/sessions', query, {
      agent_id: agent?.id,
      input: 'Heat pumps in Oslo',
    })
    sandbox.clock.advance(6_000)
    expect((await api.get(`/proxy/sessions/${session.json.id}`, query)).json.status).toBe(
      'completed',
    )
    const [artifact] = (
      await api.get('/proxy/artifacts', { ...query, session_id: session.json.id })
    ).json.result
    const download = await sandbox.fetch(artifact.download_url)
    expect(download.status).toBe(200)
    expect(await download.text()).toContain('Heat pumps in Oslo')
    // the link names its account: pointed at another, the signature no longer matches
    const elsewhere = artifact.download_url.replace(account, 'acct_gumloop_1')
    expect((await sandbox.fetch(elsewhere)).status).toBe(403)
    expect(sandbox.state.gumloop.artifacts.map((a) => a.session_id)).not.toContain(session.json.id)
  })

  test('statuses and the provider’s limit are per account', async () => {
    const sandbox = many({ rateLimit: { limit: 1, windowMs: 10_000 } })
    const api = client(sandbox)
    sandbox.setAccountStatus('acct_octapipe_2', 'blocked')
    const get = (id: string) => api.get('/proxy/pipelines', { integrated_account_id: id })
    expect((await get('acct_octapipe_2')).status).toBe(503)
    expect((await get('acct_octapipe_1')).status).toBe(200)
    expect((await get('acct_octapipe_3')).status).toBe(200)
    expect((await get('acct_octapipe_3')).status).toBe(429)
    expect(() => sandbox.setAccountStatus('acct_octapipe_4', 'blocked')).toThrow(RangeError)
  })

  test('an MCP server answers from, and as, its own account', async () => {
    const sandbox = many()
    const api = client(sandbox)
    const listPipelines = async (account: string) => {
      const made = await api.post(
        `/integrated-account/${account}/mcp`,
        {},
        { name: account, config: {} },
      )
      expect(made.status).toBe(201)
      const call = await sandbox.fetch(made.json.url, {
        method: 'POST',
        headers: {
          accept: 'application/json, text/event-stream',
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'list_all_octapipe_pipelines', arguments: {} },
        }),
      })
      const { result } = await call.json()
      return { isError: result.isError, body: JSON.parse(result.content[0].text) }
    }
    sandbox.setAccountStatus('acct_octapipe_2', 'blocked')
    const blocked = await listPipelines('acct_octapipe_2')
    expect(blocked.isError).toBe(true)
    expect(blocked.body).toMatchObject({ statusCode: 503 })
    sandbox.accountStates.octapipe.acct_octapipe_3?.pipelines.splice(1)
    const third = await listPipelines('acct_octapipe_3')
    expect(third.body.result).toHaveLength(1)
    expect((await listPipelines('acct_octapipe_1')).body.result.length).toBeGreaterThan(1)
    expect(sandbox.state.mcpServers.map((server) => server.integrated_account_id)).toEqual([
      'acct_octapipe_2',
      'acct_octapipe_3',
      'acct_octapipe_1',
    ])
  })

  test('reset() brings every account back to the seed', async () => {
    const sandbox = many()
    sandbox.accountStates.octapipe.acct_octapipe_2?.pipelines.splice(0)
    sandbox.reset()
    const pipelines = sandbox.accountStates.octapipe.acct_octapipe_2?.pipelines
    expect(pipelines).toEqual(sandbox.state.octapipe.pipelines)
    expect(pipelines?.length).toBeGreaterThan(0)
  })

  test('a thousand accounts each answer, and seed: false leaves them empty', async () => {
    const sandbox = createSandbox({ accountsPerIntegration: 1000, seed: false })
    expect(sandbox.accountIds.octapipe.at(-1)).toBe('acct_octapipe_1000')
    const { json } = await client(sandbox).get('/proxy/pipelines', {
      integrated_account_id: 'acct_octapipe_1000',
    })
    expect(json.result).toEqual([])
  })

  test.each([0, 1001, 2.5, Number.NaN, '3'])('%j accounts are refused naming the option', (n) => {
    expect(() => createSandbox({ accountsPerIntegration: n as number })).toThrow(
      '`accountsPerIntegration` must be a whole number from 1 to 1000',
    )
  })
})
