import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { toolCall } from '../helpers/truto-api.js'

const TOKEN = 'sk_live_9f8e7d6c5b4a3210_redaction'
const BEARER = `Bearer ${TOKEN}`

const definitions = [
  { name: 'list_all_cards', description: 'List cards.', resource: 'cards', method: 'list' },
  { name: 'create_a_card', description: 'Create a card.', resource: 'cards', method: 'create' },
]

/** Everything a value can show a person or a model: strings, error messages, causes, stacks. */
function everyString(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value !== 'object' || value === null || seen.has(value)) return []
  seen.add(value)
  const own = Object.getOwnPropertyNames(value).map(
    (key) => (value as Record<string, unknown>)[key],
  )
  const extra = value instanceof Error ? [value.message, value.stack, value.cause] : []
  return [...own, ...extra].flatMap((item) => everyString(item, seen))
}

function expectNoSecret(value: unknown): void {
  const text = everyString(value).join('\n')
  expect(text).not.toContain(TOKEN)
  expect(text).not.toContain(encodeURIComponent(TOKEN))
  expect(text).not.toMatch(/Bearer (?!\[redacted\])/)
}

/** Every way an upstream or a gateway can hand the token back. */
const LEAKS: Record<string, () => Response | Promise<Response>> = {
  'error body message': () =>
    Response.json({ statusCode: 400, message: `bad header ${BEARER}` }, { status: 400 }),
  'raw_response headers': () =>
    Response.json(
      {
        statusCode: 502,
        message: 'Upstream failed',
        truto_is_remote_error: true,
        raw_response: {
          headers: { Authorization: BEARER, cookie: `session=${TOKEN}`, 'x-api-key': TOKEN },
          body: `echo ${TOKEN}`,
        },
      },
      { status: 502 },
    ),
  'header echo': () =>
    Response.json(
      { statusCode: 401, message: 'Unauthorized', echoed: { authorization: BEARER } },
      { status: 401, headers: { 'x-echo-authorization': BEARER, 'www-authenticate': BEARER } },
    ),
  'HTML error page': () =>
    new Response(`<html><body><h1>403</h1><pre>Authorization: ${BEARER}</pre></body></html>`, {
      status: 403,
      statusText: `Forbidden ${BEARER}`,
      headers: { 'content-type': 'text/html' },
    }),
  'URL-encoded echo': () =>
    Response.json(
      { message: `redirect?token=${encodeURIComponent(TOKEN)}&auth=Bearer%20${TOKEN}` },
      { status: 400 },
    ),
  'successful body': () =>
    Response.json({ result: [{ id: 'c1', note: BEARER }], next_cursor: null }),
  'thrown fetch error': () => {
    const root = Object.assign(new Error(`connect ECONNREFUSED with ${BEARER}`), {
      code: 'ECONNREFUSED',
    })
    throw new TypeError(`fetch failed for ${TOKEN}`, { cause: root })
  },
}

function setUp(leak: () => Response | Promise<Response>) {
  const warnings: string[] = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const { pathname } = new URL(new Request(input, init).url)
    if (pathname.endsWith('/tools'))
      return Response.json({ result: definitions, next_cursor: null })
    return leak()
  }
  const manager = new TrutoToolManager({
    apiKey: TOKEN,
    fetch,
    maxRetries: 0,
    onWarning: (message) => warnings.push(message),
  })
  return { manager, warnings }
}

class Recorder extends BaseCallbackHandler {
  name = 'recorder'
  readonly seen: unknown[] = []
  override handleToolError(error: unknown) {
    this.seen.push(error)
  }
  override handleToolEnd(output: unknown) {
    this.seen.push(output)
  }
  override handleCustomEvent(name: string, data: unknown) {
    this.seen.push(name, data)
  }
}

describe('the token reaches no output', () => {
  test.each(Object.keys(LEAKS))('%s', async (place) => {
    const { manager, warnings } = setUp(LEAKS[place] as () => Response)
    const tools = await manager.getTools('acct_1')
    const recorder = new Recorder()

    const outputs: unknown[] = []
    for (const tool of tools) {
      const args = tool.name === 'create_a_card' ? { title: 'T' } : {}
      outputs.push(await tool.invoke(toolCall(tool.name, args), { callbacks: [recorder] }))
      outputs.push(await tool.invoke(args).catch((error: unknown) => error))
    }

    expect(outputs.length).toBe(4)
    for (const output of [...outputs, ...recorder.seen, warnings, tools]) expectNoSecret(output)
  })

  test('a network error keeps its cause chain, redacted', async () => {
    const { manager } = setUp(LEAKS['thrown fetch error'] as () => Response)
    const [tool] = await manager.getTools('acct_1')

    const error = (await tool?.invoke({}).catch((e: unknown) => e)) as Error

    const chain: unknown[] = []
    for (let link: unknown = error; link instanceof Error; link = link.cause) chain.push(link)
    expect(chain.map((link) => (link as { code?: unknown }).code)).toContain('ECONNREFUSED')
    expect(chain.length).toBe(3)
    expectNoSecret(error)
  })

  test('a tools endpoint that echoes the token does not leak it through the loading error', async () => {
    const fetch = async () =>
      Response.json({ statusCode: 500, message: `failed for ${BEARER}` }, { status: 500 })
    const manager = new TrutoToolManager({ apiKey: TOKEN, fetch, maxRetries: 0 })

    const error = await manager.getTools('acct_1').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(Error)
    expectNoSecret(error)
  })

  test('tool descriptions that echo the token are redacted before the model sees them', async () => {
    const echoing = [{ ...definitions[0], description: `List cards. Auth: ${BEARER} (${TOKEN})` }]
    const fetch = async () => Response.json({ result: echoing, next_cursor: null })
    const manager = new TrutoToolManager({ apiKey: TOKEN, fetch })

    const [tool] = await manager.getTools('acct_1')

    expect(tool?.description).toMatch(/^List cards\. Auth: Bearer \[redacted\]/)
    expectNoSecret(tool?.description)
  })

  test('ordinary text that mentions a scheme word is left alone', async () => {
    const { manager } = setUp(() =>
      Response.json({ result: [{ plan: 'Basic Membership', holder: 'the bearer of the card' }] }),
    )
    const [tool] = await manager.getTools('acct_1')

    const answer = await tool?.invoke(toolCall('list_all_cards', {}))

    expect(String(answer?.content)).toContain('Basic Membership')
    expect(String(answer?.content)).toContain('the bearer of the card')
  })
})
