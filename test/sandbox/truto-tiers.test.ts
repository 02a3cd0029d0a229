import { createSandbox, type Sandbox, type SandboxOptions } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { client } from './helpers.js'

// Truto's own 429: no remote flag, no raw_response, Retry-After alone
const TRUTO_429 = { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded' }

const tiered = (trutoLimits: SandboxOptions['trutoLimits'], more: SandboxOptions = {}) =>
  createSandbox({ clock: 'manual', trutoLimits, ...more })

const proxy = (sandbox: Sandbox, account: string, resource = 'pipelines') =>
  client(sandbox).get(`/proxy/${resource}`, { integrated_account_id: account })

const limitHeaders = (headers: Headers) =>
  Object.fromEntries([...headers].filter(([name]) => /^(ratelimit-|retry-after)/.test(name)))

const rpc = (sandbox: Sandbox, url: string, message: object | object[]) =>
  sandbox.fetch(url, {
    method: 'POST',
    headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
    body: JSON.stringify(message),
  })

const listTools = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }
const callTool = (id: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'list_all_octapipe_pipelines', arguments: {} },
})

async function mcpServer(sandbox: Sandbox, account = sandbox.accounts.octapipe): Promise<string> {
  const made = await client(sandbox).post(
    `/integrated-account/${account}/mcp`,
    {},
    { name: 'tiers', config: {} },
  )
  expect(made.status).toBe(201)
  return made.json.url
}

describe('the per-token tier', () => {
  test('past its limit every request gets Truto’s own 429 with Retry-After alone', async () => {
    // the provider's limit is on too: Truto's refusal still carries none of its headers
    const sandbox = tiered(
      { perToken: { limit: 3, windowMs: 10_000 }, perAccount: false },
      { rateLimit: { limit: 100, windowMs: 60_000 } },
    )
    const api = client(sandbox)
    for (let i = 0; i < 3; i++) {
      expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(200)
    }
    sandbox.clock.advance(2_500)
    const refused = await proxy(sandbox, sandbox.accounts.octapipe)
    expect(refused.status).toBe(429)
    expect(refused.json).toEqual(TRUTO_429)
    expect(limitHeaders(refused.headers)).toEqual({ 'retry-after': '8' })
    // every route counts, not only the proxy
    expect((await api.get(`/integrated-account/${sandbox.accounts.gumloop}/tools`)).status).toBe(
      429,
    )
    expect((await api.get('/no/such/route')).json).toEqual(TRUTO_429)
    // the provider's window saw only the three that went through
    sandbox.clock.advance(7_500)
    const next = await proxy(sandbox, sandbox.accounts.octapipe)
    expect(next.status).toBe(200)
    expect(next.headers.get('ratelimit-remaining')).toBe('96')
  })

  test('spans every account of the token', async () => {
    const sandbox = tiered(
      { perToken: { limit: 4, windowMs: 1_000 }, perAccount: false },
      { accountsPerIntegration: 2 },
    )
    const { octapipe, gumloop, happyfox } = sandbox.accountIds
    expect((await proxy(sandbox, octapipe[0] ?? '')).status).toBe(200)
    expect((await proxy(sandbox, gumloop[0] ?? '', 'agents')).status).toBe(200)
    expect((await proxy(sandbox, happyfox[0] ?? '', 'tickets')).status).toBe(200)
    expect((await proxy(sandbox, octapipe[1] ?? '')).status).toBe(200)
    const refused = await proxy(sandbox, gumloop[1] ?? '', 'agents')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('1')
  })

  test('MCP server requests count against the token that made the server', async () => {
    const sandbox = tiered({ perToken: { limit: 3, windowMs: 1_000 }, perAccount: false })
    const url = await mcpServer(sandbox) // 1
    expect((await rpc(sandbox, url, listTools)).status).toBe(200) // 2
    expect((await rpc(sandbox, url, callTool(2))).status).toBe(200) // 3
    const refused = await rpc(sandbox, url, listTools)
    expect(refused.status).toBe(429)
    expect(await refused.json()).toEqual(TRUTO_429)
    expect(limitHeaders(refused.headers)).toEqual({ 'retry-after': '1' })
  })

  test('a request without the right token is a 401 and counts nowhere', async () => {
    const sandbox = tiered({ perToken: { limit: 1, windowMs: 1_000 }, perAccount: false })
    for (let i = 0; i < 3; i++) expect((await sandbox.fetch('/proxy/pipelines')).status).toBe(401)
    expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(200)
    expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(429)
  })
})

describe('the per-account tier', () => {
  test('past its limit the account’s proxy requests get Truto’s 429; other accounts go on', async () => {
    const sandbox = tiered({ perToken: false, perAccount: { limit: 2, windowMs: 10_000 } })
    for (let i = 0; i < 2; i++) await proxy(sandbox, sandbox.accounts.octapipe)
    sandbox.clock.advance(999)
    const refused = await proxy(sandbox, sandbox.accounts.octapipe)
    expect(refused.status).toBe(429)
    expect(refused.json).toEqual(TRUTO_429)
    expect(limitHeaders(refused.headers)).toEqual({ 'retry-after': '10' })
    expect((await proxy(sandbox, sandbox.accounts.gumloop, 'agents')).status).toBe(200)
    expect(sandbox.requests.at(-2)).toMatchObject({
      status: 429,
      account: sandbox.accounts.octapipe,
    })
  })

  test('the tools endpoint and the MCP admin API count against the token tier only', async () => {
    const sandbox = tiered({
      perToken: { limit: 8, windowMs: 1_000 },
      perAccount: { limit: 1, windowMs: 1_000 },
    })
    const api = client(sandbox)
    const account = sandbox.accounts.octapipe
    for (let i = 0; i < 3; i++) {
      expect((await api.get(`/integrated-account/${account}/tools`)).status).toBe(200)
      expect((await api.get(`/integrated-account/${account}/mcp`)).status).toBe(200)
    }
    // the account's budget is whole: one proxy request, then the account tier refuses
    expect((await proxy(sandbox, account)).status).toBe(200)
    expect((await proxy(sandbox, account)).status).toBe(429)
    // 8 counted against the token; the refused one is not
    expect((await api.get(`/integrated-account/${account}/tools`)).status).toBe(200)
    expect((await api.get(`/integrated-account/${account}/tools`)).status).toBe(429)
  })

  test('a request one tier refuses is not counted in the other', async () => {
    const sandbox = tiered({
      perToken: { limit: 5, windowMs: 1_000 },
      perAccount: { limit: 2, windowMs: 10_000 },
    })
    const { octapipe, gumloop } = sandbox.accounts
    for (let i = 0; i < 2; i++) expect((await proxy(sandbox, octapipe)).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await proxy(sandbox, octapipe)).status).toBe(429)
    // the account's three refusals spent none of the token's five
    for (let i = 0; i < 2; i++) expect((await proxy(sandbox, gumloop, 'agents')).status).toBe(200)
    const api = client(sandbox)
    expect((await api.get(`/integrated-account/${octapipe}/tools`)).status).toBe(200)
    // the token's refusal spends none of an account's budget either
    expect((await proxy(sandbox, sandbox.accounts.happyfox, 'tickets')).status).toBe(429)
    // a new token window; the account's (10 s) still has both requests
    sandbox.clock.advance(1_000)
    for (let i = 0; i < 2; i++) {
      expect((await proxy(sandbox, sandbox.accounts.happyfox, 'tickets')).status).toBe(200)
    }
    expect((await proxy(sandbox, sandbox.accounts.happyfox, 'tickets')).status).toBe(429)
  })

  test('MCP tools/call counts against the server’s account; tools/list does not', async () => {
    const sandbox = tiered({ perToken: false, perAccount: { limit: 2, windowMs: 1_000 } })
    const url = await mcpServer(sandbox)
    for (let i = 0; i < 3; i++) expect((await rpc(sandbox, url, listTools)).status).toBe(200)
    expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(200)
    const call = await rpc(sandbox, url, callTool(2))
    expect(call.status).toBe(200)
    expect(JSON.stringify(await call.json())).toContain('result')
    const refused = await rpc(sandbox, url, callTool(3))
    expect(refused.status).toBe(429)
    expect(await refused.json()).toEqual(TRUTO_429)
    expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(429)
    expect((await rpc(sandbox, url, listTools)).status).toBe(200)
  })

  test('refuses before the account’s status and the provider’s limit are looked at', async () => {
    const sandbox = tiered(
      { perToken: false, perAccount: { limit: 1, windowMs: 1_000 } },
      { rateLimit: { limit: 10, windowMs: 1_000 } },
    )
    const account = sandbox.accounts.octapipe
    sandbox.setAccountStatus(account, 'blocked')
    // a blocked account's request reached Truto: it counts
    expect((await proxy(sandbox, account)).status).toBe(503)
    const refused = await proxy(sandbox, account)
    expect(refused.status).toBe(429)
    expect(refused.json).toEqual(TRUTO_429)
    sandbox.setAccountStatus(account, 'active')
    sandbox.clock.advance(1_000)
    // the provider's window was spent by neither
    expect((await proxy(sandbox, account)).headers.get('ratelimit-remaining')).toBe('9')
  })

  test('an injected fault strikes first, and the request it answers never reaches Truto', async () => {
    const sandbox = tiered({ perToken: false, perAccount: { limit: 1, windowMs: 1_000 } })
    sandbox.faults.inject({ kind: '5xx', times: 2 })
    for (let i = 0; i < 2; i++)
      expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(503)
    expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(200)
    sandbox.faults.inject({ kind: '5xx', times: 1 })
    expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(503)
    expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(429)
  })
})

describe('windows', () => {
  test('reopen on sandbox time', async () => {
    const sandbox = tiered({
      perToken: { limit: 2, windowMs: 5_000 },
      perAccount: { limit: 1, windowMs: 2_000 },
    })
    const { octapipe, gumloop } = sandbox.accounts
    expect((await proxy(sandbox, octapipe)).status).toBe(200)
    sandbox.clock.advance(1_999)
    expect((await proxy(sandbox, octapipe)).headers.get('retry-after')).toBe('1')
    sandbox.clock.advance(1)
    expect((await proxy(sandbox, octapipe)).status).toBe(200)
    // the token's window (5 s from the first request) is used up now
    const token = await proxy(sandbox, gumloop, 'agents')
    expect(token.status).toBe(429)
    expect(token.headers.get('retry-after')).toBe('3')
    sandbox.clock.advance(2_999)
    expect((await proxy(sandbox, gumloop, 'agents')).status).toBe(429)
    sandbox.clock.advance(1)
    expect((await proxy(sandbox, gumloop, 'agents')).status).toBe(200)
  })

  test('the defaults are Truto’s tiers with windows ten times shorter', async () => {
    const sandbox = createSandbox({ clock: 'manual' })
    const api = client(sandbox)
    for (let i = 0; i < 50; i++) await proxy(sandbox, sandbox.accounts.octapipe)
    expect(sandbox.requests.every((request) => request.status === 200)).toBe(true)
    const refused = await proxy(sandbox, sandbox.accounts.octapipe)
    expect(refused.json).toEqual(TRUTO_429)
    expect(refused.headers.get('retry-after')).toBe('1')
    for (let i = 0; i < 450; i++)
      await api.get(`/integrated-account/${sandbox.accounts.octapipe}/tools`)
    expect(sandbox.requests.filter((request) => request.status === 429)).toHaveLength(1)
    expect((await api.get(`/integrated-account/${sandbox.accounts.octapipe}/tools`)).status).toBe(
      429,
    )
    sandbox.clock.advance(1_000)
    expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(200)
  })
})

describe('switched off', () => {
  test('trutoLimits: false lets any number through', async () => {
    const flood = async (sandbox: Sandbox) => {
      const api = client(sandbox)
      for (let i = 0; i < 120; i++) await proxy(sandbox, sandbox.accounts.octapipe)
      for (let i = 0; i < 400; i++) {
        await api.get(`/integrated-account/${sandbox.accounts.octapipe}/tools`)
      }
      return sandbox.requests.filter((request) => request.status !== 200).length
    }
    expect(await flood(tiered(undefined))).toBe(70)
    expect(await flood(tiered(false))).toBe(0)
  })

  test('perAccount: false keeps the token tier', async () => {
    const sandbox = tiered({ perToken: { limit: 60, windowMs: 1_000 }, perAccount: false })
    for (let i = 0; i < 60; i++) await proxy(sandbox, sandbox.accounts.octapipe)
    expect(sandbox.requests.filter((request) => request.status !== 200)).toEqual([])
    expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(429)
  })

  test('perToken: false keeps the account tier (at its default unless given)', async () => {
    const sandbox = tiered({ perToken: false })
    const api = client(sandbox)
    for (let i = 0; i < 520; i++)
      await api.get(`/integrated-account/${sandbox.accounts.octapipe}/tools`)
    for (let i = 0; i < 50; i++) await proxy(sandbox, sandbox.accounts.octapipe)
    expect(sandbox.requests.filter((request) => request.status !== 200)).toEqual([])
    expect((await proxy(sandbox, sandbox.accounts.octapipe)).status).toBe(429)
  })
})

test('reset() gives every tier its whole budget back; each window keeps its end', async () => {
  const sandbox = tiered({
    perToken: { limit: 3, windowMs: 10_000 },
    perAccount: { limit: 2, windowMs: 10_000 },
  })
  const { octapipe, gumloop } = sandbox.accounts
  for (let i = 0; i < 2; i++) await proxy(sandbox, octapipe)
  await proxy(sandbox, gumloop, 'agents')
  expect((await proxy(sandbox, gumloop, 'agents')).status).toBe(429)
  sandbox.clock.advance(4_000)
  sandbox.reset()
  for (let i = 0; i < 2; i++) expect((await proxy(sandbox, octapipe)).status).toBe(200)
  const account = await proxy(sandbox, octapipe)
  expect(account.status).toBe(429)
  expect(account.headers.get('retry-after')).toBe('6')
  expect((await proxy(sandbox, gumloop, 'agents')).status).toBe(200)
  expect((await proxy(sandbox, gumloop, 'agents')).headers.get('retry-after')).toBe('6')
  sandbox.clock.advance(6_000)
  expect((await proxy(sandbox, octapipe)).status).toBe(200)
})

describe('options', () => {
  test.each([
    [{ trutoLimits: true }, '`trutoLimits` must be'],
    [{ trutoLimits: { perToken: 5 } }, '`trutoLimits.perToken` must be'],
    [{ trutoLimits: { perToken: { limit: 0, windowMs: 1000 } } }, '`trutoLimits.perToken.limit`'],
    [
      { trutoLimits: { perAccount: { limit: 1.5, windowMs: 1000 } } },
      '`trutoLimits.perAccount.limit`',
    ],
    [{ trutoLimits: { perAccount: { limit: 5 } } }, '`trutoLimits.perAccount.windowMs`'],
    [
      { trutoLimits: { perAccount: { limit: 5, windowMs: -1 } } },
      '`trutoLimits.perAccount.windowMs`',
    ],
  ])('%j is refused naming the option', (options, message) => {
    expect(() => createSandbox(options as SandboxOptions)).toThrow(TypeError)
    expect(() => createSandbox(options as SandboxOptions)).toThrow(message)
  })
})
