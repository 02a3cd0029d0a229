import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { beforeEach, expect, test } from 'vitest'
import { client } from './helpers.js'

const sandbox = createSandbox({ clock: 'manual' })
const cards = `${sandbox.baseUrl}/proxy/pipeline-cards?integrated_account_id=${sandbox.accounts.octapipe}`
const auth = { headers: { authorization: `Bearer ${sandbox.apiKey}` } }

beforeEach(() => sandbox.reset())

const limitHeaders = (response: Response) =>
  Object.fromEntries(
    [...response.headers].filter(([name]) => /^(retry-after|ratelimit)/.test(name)),
  )

test('a 429 fault is the provider’s by default: remote, with its headers forwarded', async () => {
  sandbox.faults.inject({ kind: '429', route: '/proxy/pipeline-cards', retryAfterSeconds: 2 })
  const response = await sandbox.fetch(cards, auth)
  expect(response.status).toBe(429)
  expect(limitHeaders(response)).toEqual({
    'retry-after': '2',
    'ratelimit-remaining': '0',
    'ratelimit-reset': '2',
  })
  expect(await response.json()).toEqual({
    statusCode: 429,
    error: 'Too Many Requests',
    message: 'Rate limit exceeded. Try again later.',
    truto_is_remote_error: true,
    raw_response: { message: 'Too many requests' },
  })
})

test('a 429 fault from truto is Truto’s own: Retry-After only, not remote', async () => {
  sandbox.faults.inject({ kind: '429', from: 'truto', retryAfterSeconds: 10 })
  const response = await sandbox.fetch(cards, auth)
  expect(response.status).toBe(429)
  expect(limitHeaders(response)).toEqual({ 'retry-after': '10' })
  expect(await response.json()).toEqual({
    statusCode: 429,
    error: 'Too Many Requests',
    message: 'Rate limit exceeded. Try again later.',
  })
})

test('a 403 fault names the missing scopes in truto_error_insight', async () => {
  sandbox.faults.inject({ kind: '403', missingScopes: ['crm.objects.deals.write'] })
  const response = await sandbox.fetch(cards, auth)
  expect(response.status).toBe(403)
  expect(await response.json()).toEqual({
    statusCode: 403,
    error: 'Forbidden',
    message: expect.any(String),
    truto_is_remote_error: true,
    raw_response: expect.objectContaining({ error: 'insufficient_scope' }),
    truto_error_insight: {
      forbidden_error: {
        description: expect.stringContaining('scopes'),
        value: { missing_scopes: ['crm.objects.deals.write'] },
      },
    },
  })
})

test('a 403 fault without missingScopes is a plain provider 403', async () => {
  sandbox.faults.inject({ kind: '403' })
  const body = await (await sandbox.fetch(cards, auth)).json()
  expect(body).toMatchObject({ statusCode: 403, truto_is_remote_error: true })
  expect(body).not.toHaveProperty('truto_error_insight')
})

test('a 5xx fault from truto is Truto’s own failure, not remote', async () => {
  sandbox.faults.inject({ kind: '5xx', status: 500, from: 'truto' })
  const response = await sandbox.fetch(cards, auth)
  expect(response.status).toBe(500)
  expect(await response.json()).toEqual({
    statusCode: 500,
    error: 'Internal Server Error',
    message: 'Truto failed to process the request.',
  })
})

test('a 5xx fault names its status in error', async () => {
  sandbox.faults.inject({ kind: '5xx', status: 504 })
  expect(await (await sandbox.fetch(cards, auth)).json()).toMatchObject({
    statusCode: 504,
    error: 'Gateway Timeout',
    truto_is_remote_error: true,
  })
})

test('bad fault options throw naming the option', () => {
  expect(() => sandbox.faults.inject({ kind: '429', from: 'gateway' as never })).toThrow('`from`')
  expect(() =>
    sandbox.faults.inject({ kind: '403', missingScopes: 'deals.write' as never }),
  ).toThrow('`missingScopes`')
  expect(sandbox.faults.active).toHaveLength(0)
})

test('a fault strikes only `times` times', async () => {
  sandbox.faults.inject({ kind: '429', times: 2 })
  const statuses = []
  for (let i = 0; i < 3; i++) statuses.push((await sandbox.fetch(cards, auth)).status)
  expect(statuses).toEqual([429, 429, 200])
  expect(sandbox.faults.active).toHaveLength(0)
})

test('a fault only hits its route and method', async () => {
  sandbox.faults.inject({ kind: '5xx', route: /pipeline-cards/, method: 'POST' })
  const api = client(sandbox)
  const get = await api.get('/proxy/pipeline-cards', {
    integrated_account_id: sandbox.accounts.octapipe,
  })
  const post = await api.post(
    '/proxy/pipeline-cards',
    { integrated_account_id: sandbox.accounts.octapipe },
    {},
  )
  expect(get.status).toBe(200)
  expect(post.status).toBe(503)
  expect(post.json).toMatchObject({ statusCode: 503, truto_is_remote_error: true })
})

test('a fraction of requests fails, the same ones every run', async () => {
  const run = async () => {
    sandbox.reset()
    sandbox.faults.inject({ kind: '5xx', status: 500, fraction: 0.5 })
    const statuses = []
    for (let i = 0; i < 20; i++) statuses.push((await sandbox.fetch(cards, auth)).status)
    return statuses
  }
  const first = await run()
  expect(first.filter((s) => s === 500).length).toBeGreaterThan(4)
  expect(first.filter((s) => s === 200).length).toBeGreaterThan(4)
  expect(await run()).toEqual(first)
})

test('a drop fault rejects like a network error', async () => {
  sandbox.faults.inject({ kind: 'drop', times: 1 })
  await expect(sandbox.fetch(cards, auth)).rejects.toThrow(new TypeError('fetch failed'))
  expect(sandbox.requests.at(-1)).toMatchObject({ status: 0, fault: 'drop' })
})

test('a slow fault delays the answer', async () => {
  sandbox.faults.inject({ kind: 'slow', delayMs: 40 })
  const started = performance.now()
  const response = await sandbox.fetch(cards, auth)
  expect(response.status).toBe(200)
  expect(performance.now() - started).toBeGreaterThanOrEqual(35)
})

test('a slow answer stops when the caller aborts', async () => {
  sandbox.faults.inject({ kind: 'slow', delayMs: 10_000 })
  const controller = new AbortController()
  const pending = sandbox.fetch(cards, { ...auth, signal: controller.signal })
  setTimeout(() => controller.abort(), 10)
  await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
})

test('an aborted signal rejects before any work', async () => {
  await expect(
    sandbox.fetch(cards, { ...auth, signal: AbortSignal.abort() }),
  ).rejects.toMatchObject({
    name: 'AbortError',
  })
  expect(sandbox.requests).toHaveLength(0)
})

test('a malformed-json fault answers 200 with a broken body', async () => {
  sandbox.faults.inject({ kind: 'malformed-json' })
  const response = await sandbox.fetch(cards, auth)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/json/)
  await expect(response.json()).rejects.toThrow(SyntaxError)
})

test('an html fault answers a 502 gateway page', async () => {
  sandbox.faults.inject({ kind: 'html' })
  const response = await sandbox.fetch(cards, auth)
  expect(response.status).toBe(502)
  expect(response.headers.get('content-type')).toBe('text/html')
  expect(await response.text()).toContain('<h1>502 Bad Gateway</h1>')
})

test('remove() lifts a fault and clear() lifts all', async () => {
  const fault = sandbox.faults.inject({ kind: 'html' })
  sandbox.faults.inject({ kind: '429' })
  fault.remove()
  expect((await sandbox.fetch(cards, auth)).status).toBe(429)
  sandbox.faults.clear()
  expect((await sandbox.fetch(cards, auth)).status).toBe(200)
})
