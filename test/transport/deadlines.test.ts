import { isTrutoRequestError, TrutoToolManager } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { toolCall } from '../helpers/truto-api.js'

const METHODS = ['list', 'get', 'create', 'update', 'delete', 'bulk_update'] as const

const definitions = METHODS.map((method) => ({
  name: `${method}_cards`,
  description: 'x',
  resource: 'cards',
  method,
}))

type Behaviour = 'hang' | 'hang-body' | 'answer'

/**
 * A fetch that serves the definitions, then treats proxy calls as `next()` says: never settle
 * and ignore the signal, answer headers and then stall the body forever, or answer at once.
 */
function scriptedFetch(next: () => Behaviour) {
  const proxied: string[] = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const { pathname } = new URL(request.url)
    if (pathname.endsWith('/tools'))
      return Response.json({ result: definitions, next_cursor: null })
    proxied.push(`${request.method} ${pathname}`)
    const behaviour = next()
    if (behaviour === 'hang') return new Promise<Response>(() => {})
    if (behaviour === 'hang-body') {
      const stalled = new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{')) })
      return new Response(stalled, { headers: { 'content-type': 'application/json' } })
    }
    return Response.json({ ok: true })
  }
  return { fetch, proxied }
}

describe('a fetch that never settles and ignores its signal', () => {
  test.each(METHODS)('%s ends as a timeout and the account’s next call is sent', async (method) => {
    let calls = 0
    const { fetch, proxied } = scriptedFetch(() => (calls++ === 0 ? 'hang' : 'answer'))
    // no retries: the first call must end as a timeout whatever its method
    const manager = new TrutoToolManager({
      apiKey: 'sk_test_deadline',
      fetch,
      timeoutMs: 50,
      maxRetries: 0,
    })
    const tools = await manager.getTools('acct_1')
    const tool = tools.find((t) => t.name === `${method}_cards`)
    if (!tool) throw new Error('no tool')

    const first = await tool.invoke(toolCall(tool.name, { id: 'c1' }, 'call_1'))
    const second = await tool.invoke(toolCall(tool.name, { id: 'c1' }, 'call_2'))

    expect(first.status).toBe('error')
    expect(String(first.content)).toMatch(/timed out/)
    expect(second.status).toBe('success')
    expect(proxied.length).toBeGreaterThanOrEqual(2)
  })

  test.each(METHODS)('%s ends when the body stalls after the headers', async (method) => {
    let calls = 0
    const { fetch } = scriptedFetch(() => (calls++ === 0 ? 'hang-body' : 'answer'))
    const manager = new TrutoToolManager({
      apiKey: 'sk_test_deadline',
      fetch,
      timeoutMs: 50,
      maxRetries: 0,
    })
    const tool = (await manager.getTools('acct_1')).find((t) => t.name === `${method}_cards`)
    if (!tool) throw new Error('no tool')

    const first = await tool.invoke(toolCall(tool.name, { id: 'c1' }, 'call_1'))
    const second = await tool.invoke(toolCall(tool.name, { id: 'c1' }, 'call_2'))

    expect(String(first.content)).toMatch(/timed out/)
    expect(second.status).toBe('success')
  })

  test('loading tools from a hanging tools endpoint rejects as a timeout', async () => {
    const fetch = () => new Promise<Response>(() => {})
    const manager = new TrutoToolManager({
      apiKey: 'sk_test_deadline',
      fetch,
      timeoutMs: 50,
      maxRetries: 0,
    })

    const error = await manager.getTools('acct_1').catch((e: unknown) => e)

    expect(isTrutoRequestError(error) && error.reason).toBe('timeout')
  })

  test('a caller’s abort ends a call whose fetch ignores it', async () => {
    const { fetch } = scriptedFetch(() => 'hang')
    const manager = new TrutoToolManager({ apiKey: 'sk_test_deadline', fetch })
    const tool = (await manager.getTools('acct_1')).find((t) => t.name === 'get_cards')
    if (!tool) throw new Error('no tool')
    const controller = new AbortController()

    const pending = tool.invoke(toolCall(tool.name, { id: 'c1' }), { signal: controller.signal })
    setTimeout(() => controller.abort(), 20)
    const answer = await pending

    expect(answer.status).toBe('error')
    expect(String(answer.content)).toMatch(/cancelled/)
  })
})

describe('totalTimeoutMs bounds a call across its retries', () => {
  test('repeated timeouts of a safe call stop at the total deadline, not after every retry', async () => {
    const { fetch, proxied } = scriptedFetch(() => 'hang')
    // each attempt may take 30 s and there are 10 retries; the whole call may take 100 ms
    const manager = new TrutoToolManager({
      apiKey: 'sk_test_deadline',
      fetch,
      maxRetries: 10,
      totalTimeoutMs: 100,
    })
    const tool = (await manager.getTools('acct_1')).find((t) => t.name === 'list_cards')
    if (!tool) throw new Error('no tool')

    const answer = await tool.invoke(toolCall(tool.name, {}))

    expect(answer.status).toBe('error')
    expect(String(answer.content)).toMatch(/timed out/)
    expect(proxied).toHaveLength(1)
  })

  test('a wait for the rate limit longer than what is left ends as rate limited', async () => {
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { pathname } = new URL(new Request(input, init).url)
      if (pathname.endsWith('/tools'))
        return Response.json({ result: definitions, next_cursor: null })
      return Response.json({}, { status: 429, headers: { 'ratelimit-reset': '5' } })
    }
    const manager = new TrutoToolManager({
      apiKey: 'sk_test_deadline',
      fetch,
      totalTimeoutMs: 1000,
    })
    const tool = (await manager.getTools('acct_1')).find((t) => t.name === 'list_cards')
    if (!tool) throw new Error('no tool')

    const answer = await tool.invoke(toolCall(tool.name, {}))

    expect(String(answer.content)).toMatch(/rate limited.*Retry after 5 s/)
  })

  test('an awaited event handler that never settles cannot hold the call past the deadline', async () => {
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { pathname } = new URL(new Request(input, init).url)
      if (pathname.endsWith('/tools'))
        return Response.json({ result: definitions, next_cursor: null })
      return Response.json({}, { status: 429, headers: { 'retry-after': '0.05' } })
    }
    const manager = new TrutoToolManager({ apiKey: 'sk_test_deadline', fetch, totalTimeoutMs: 300 })
    const tool = (await manager.getTools('acct_1')).find((t) => t.name === 'list_cards')
    if (!tool) throw new Error('no tool')
    const stuck = { handleCustomEvent: () => new Promise<void>(() => {}), awaitHandlers: true }

    const answer = await tool.invoke(toolCall(tool.name, {}), { callbacks: [stuck] })

    expect(answer.status).toBe('error')
  })

  test('totalTimeoutMs is range-checked like the other options', () => {
    expect(() => new TrutoToolManager({ apiKey: 'k', totalTimeoutMs: 0 })).toThrow(/totalTimeoutMs/)
  })
})
