import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { expect, test } from 'vitest'
import { client } from './helpers.js'

const limited = () => createSandbox({ clock: 'manual', rateLimit: { limit: 3, windowMs: 10_000 } })

test('every answer carries the rate-limit headers', async () => {
  const sandbox = limited()
  const { headers } = await client(sandbox).get('/proxy/pipelines', {
    integrated_account_id: sandbox.accounts.octapipe,
  })
  expect(Object.fromEntries([...headers].filter(([k]) => k.startsWith('ratelimit')))).toEqual({
    'ratelimit-limit': '3',
    'ratelimit-remaining': '2',
    'ratelimit-reset': '10',
  })
})

test('beyond the limit the account gets the provider’s 429 with retry-after', async () => {
  const sandbox = limited()
  const api = client(sandbox)
  const query = { integrated_account_id: sandbox.accounts.octapipe }
  for (let i = 0; i < 3; i++) await api.get('/proxy/pipelines', query)
  sandbox.clock.advance(2_500)
  const { status, headers, json } = await api.get('/proxy/pipelines', query)
  expect(status).toBe(429)
  expect(json).toEqual({
    statusCode: 429,
    error: 'Too Many Requests',
    message: 'Rate limit exceeded for this integrated account',
    truto_is_remote_error: true,
    raw_response: { message: 'Too many requests' },
  })
  expect(headers.get('ratelimit-remaining')).toBe('0')
  expect(headers.get('ratelimit-reset')).toBe('8')
  expect(headers.get('retry-after')).toBe('8')
})

test('the reset is at least 1 second while blocked', async () => {
  const sandbox = limited()
  const api = client(sandbox)
  const query = { integrated_account_id: sandbox.accounts.octapipe }
  for (let i = 0; i < 3; i++) await api.get('/proxy/pipelines', query)
  sandbox.clock.advance(9_999)
  expect((await api.get('/proxy/pipelines', query)).headers.get('ratelimit-reset')).toBe('1')
})

test('a new window lets requests through again', async () => {
  const sandbox = limited()
  const api = client(sandbox)
  const query = { integrated_account_id: sandbox.accounts.octapipe }
  for (let i = 0; i < 4; i++) await api.get('/proxy/pipelines', query)
  sandbox.clock.advance(10_000)
  expect((await api.get('/proxy/pipelines', query)).status).toBe(200)
})

test('accounts are limited separately, and the tools endpoint counts', async () => {
  const sandbox = limited()
  const api = client(sandbox)
  for (let i = 0; i < 3; i++)
    await api.get(`/integrated-account/${sandbox.accounts.happyfox}/tools`)
  const happyfox = await api.get('/proxy/tickets', {
    integrated_account_id: sandbox.accounts.happyfox,
  })
  const gumloop = await api.get('/proxy/agents', {
    integrated_account_id: sandbox.accounts.gumloop,
  })
  expect(happyfox.status).toBe(429)
  expect(gumloop.status).toBe(200)
  expect(sandbox.requests.filter((r) => r.status === 429)).toHaveLength(1)
})

test('without a rate limit there are no limit headers', async () => {
  const sandbox = createSandbox()
  const { headers } = await client(sandbox).get('/proxy/pipelines', {
    integrated_account_id: sandbox.accounts.octapipe,
  })
  expect(headers.has('ratelimit-limit')).toBe(false)
})

test('a refused account spends none of its budget', async () => {
  const sandbox = limited()
  const api = client(sandbox)
  const query = { integrated_account_id: sandbox.accounts.octapipe }
  sandbox.setAccountStatus(sandbox.accounts.octapipe, 'blocked')
  for (let i = 0; i < 3; i++) await api.get('/proxy/pipelines', query)
  sandbox.setAccountStatus(sandbox.accounts.octapipe, 'active')
  const { headers } = await api.get('/proxy/pipelines', query)
  expect(headers.get('ratelimit-remaining')).toBe('2')
})
