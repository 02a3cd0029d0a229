import { HttpResponse } from 'msw'
import {
  isTrutoApiError,
  isTrutoRateLimitError,
  type RetryContext,
  type TrutoToolManagerOptions,
} from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { API_KEY, definition, testManager, toolCall, useTrutoApi } from '../helpers/truto-api.js'

// Truto's error envelope, as its reference documents it
const api = useTrutoApi()

const envelope = (status: number, error: string, message: string, extra = {}) =>
  HttpResponse.json({ statusCode: status, error, message, ...extra }, { status })

const remote = (status: number, error: string, raw: unknown, extra = {}) =>
  envelope(status, error, '', { truto_is_remote_error: true, raw_response: raw, ...extra })

async function loadTool(method = 'list', options: Partial<TrutoToolManagerOptions> = {}) {
  api.definitions([definition({ method, body_schema: { type: 'object', properties: {} } })])
  const [tool] = await testManager(options).getTools()
  if (!tool) throw new Error('no tool was built')
  return tool
}

async function call(method: string, options: Partial<TrutoToolManagerOptions> = {}) {
  const tool = await loadTool(method, options)
  const args = method === 'get' || method === 'update' ? { id: 'card_1' } : {}
  return tool.invoke(toolCall(tool.name, args))
}

describe('Truto error envelope', () => {
  test('a 503 from Truto means a blocked account: not retried, and the text says so', async () => {
    api.reply(() => envelope(503, 'Service Unavailable', 'Integrated account is blocked'))

    const message = await call('list')

    expect(message.content).toMatch(/HTTP 503.*integrated account is blocked.*Do not retry/)
    expect(message.artifact).toMatchObject({ error: { problem: 'account-blocked' } })
    expect(api.proxyCalls).toHaveLength(1)
  })

  test('a 503 the provider sent is a flaky upstream and is retried on a read', async () => {
    let seen = 0
    api.reply(() =>
      seen++ === 0
        ? remote(503, 'Service Unavailable', 'upstream down')
        : HttpResponse.json({ result: [], next_cursor: null }),
    )

    const message = await call('list', { maxRetryWaitMs: 1_000 })

    expect(message.status).toBe('success')
    expect(api.proxyCalls).toHaveLength(2)
  })

  test('a 401 from the provider asks for a reconnect; one from Truto blames the API key', async () => {
    api.reply(() => remote(401, 'Unauthorized', { error: 'invalid_grant' }))
    const provider = await call('list')
    api.reply(() => envelope(401, 'Unauthorized', 'Invalid API token'))
    const own = await call('list')

    expect(provider.content).toMatch(/invalid_grant.*must reconnect the account.*Do not retry/)
    expect(own.content).toMatch(/Invalid API token.*Truto API key was refused/)
    expect(api.proxyCalls).toHaveLength(2)
  })

  test('a 403 naming missing scopes tells which to grant on reconnect', async () => {
    const insight = {
      forbidden_error: { description: 'Missing scopes', value: { missing_scopes: ['crm.write'] } },
    }
    api.reply(() =>
      remote(403, 'Forbidden', { error: 'forbidden' }, { truto_error_insight: insight }),
    )
    const tool = await loadTool('create', { errors: 'throw' })

    const error = await tool.invoke({}).catch((e: unknown) => e)
    api.reply(() =>
      remote(403, 'Forbidden', { error: 'forbidden' }, { truto_error_insight: insight }),
    )
    const message = await call('create')

    expect(isTrutoApiError(error) && error.missingScopes).toEqual(['crm.write'])
    expect(message.content).toMatch(/lacks the permission scopes crm\.write: .*reconnect/)
  })

  test('a 405 on a write to a sandbox account says it is read-only; on a read, the route', async () => {
    api.reply(() =>
      envelope(405, 'Method Not Allowed', 'Sandbox integrated accounts are read-only'),
    )
    const write = await call('create')
    api.reply(() => envelope(405, 'Method Not Allowed', 'Method not allowed'))
    const read = await call('get')

    expect(write.content).toMatch(/sandbox account, which is read-only/)
    expect(read.content).toMatch(/does not allow GET on this route/)
  })

  test.each([
    [409, 'Conflict', { message: 'A card with this title exists' }],
    [422, 'Unprocessable Entity', { errors: [{ message: 'due_date must be a date' }] }],
  ])('a %i with an empty message brings the provider’s own words', async (status, name, raw) => {
    api.reply(() => remote(status, name, raw))

    const message = await call('create')

    const said = status === 409 ? 'A card with this title exists' : 'due_date must be a date'
    expect(message.content).toContain(`HTTP ${status}: ${said}`)
    expect(message.artifact).toMatchObject({ error: { problem: 'provider-refused' } })
  })

  test('the provider’s words are redacted before they reach the model', async () => {
    api.reply(() => remote(422, 'Unprocessable Entity', { message: `bad token ${API_KEY}` }))

    const message = await call('create')

    expect(String(message.content)).not.toContain(API_KEY)
    expect(message.content).toMatch(/\[redacted\]/)
  })
})

describe('whose 429', () => {
  const trutoLimit = () =>
    HttpResponse.json(
      { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded' },
      { status: 429, headers: { 'retry-after': '120' } },
    )
  const providerLimit = () =>
    HttpResponse.json(
      {
        statusCode: 429,
        error: 'Too Many Requests',
        message: '',
        truto_is_remote_error: true,
        raw_response: { error: 'rate_limited' },
      },
      { status: 429, headers: { 'retry-after': '120', 'ratelimit-reset': '120' } },
    )

  test.each([
    ['truto', trutoLimit, /rate limited by Truto's own limits/],
    ['provider', providerLimit, /rate limited by the app's API/],
  ])('a %s 429 is told apart in the error and the text', async (source, answer, text) => {
    api.reply(answer)
    const tool = await loadTool('list', { maxRetryWaitMs: 1_000, errors: 'throw' })

    const error = await tool.invoke({}).catch((e: unknown) => e)
    const message = await call('list', { maxRetryWaitMs: 1_000 })

    expect(isTrutoRateLimitError(error) && error.limitedBy).toBe(source)
    expect(message.content).toMatch(text)
  })

  test('onRetry says whose limit each wait is for', async () => {
    const waits: RetryContext[] = []
    let seen = 0
    api.reply(() => {
      seen++
      const limited = seen === 1 ? trutoLimit() : providerLimit()
      if (seen > 2) return HttpResponse.json({ result: [], next_cursor: null })
      limited.headers.set('retry-after', '0.01')
      limited.headers.delete('ratelimit-reset')
      if (seen === 2) limited.headers.set('ratelimit-reset', '0.01')
      return limited
    })

    await call('list', { onRetry: (context) => waits.push(context) })

    expect(waits.map((wait) => wait.limitedBy)).toEqual(['truto', 'provider'])
  })
})
