import fc from 'fast-check'
import { isTrutoConfigError, TrutoToolManager } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { toolCall } from '../helpers/truto-api.js'

const TOKEN = 'sk_live_path_safety_token'
const BASES = ['https://api.truto.test', 'https://gw.example.test/truto/v1/']

type Sent = { method: string; url: URL }

/** A manager whose fetch records every request and serves these definitions. */
function managerWith(baseUrl: string, definitions: unknown[]) {
  const sent: Sent[] = []
  const warnings: string[] = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    sent.push({ method: request.method, url })
    const body = url.pathname.endsWith('/tools') ? { result: definitions, next_cursor: null } : {}
    return Response.json(body)
  }
  const manager = new TrutoToolManager({
    apiKey: TOKEN,
    baseUrl,
    fetch,
    maxRetries: 0,
    onWarning: (message) => warnings.push(message),
  })
  return { manager, sent, warnings }
}

/** True when the URL stays under the base's own path, in `/proxy/` or one account's admin path. */
function staysInside(baseUrl: string, url: URL): boolean {
  const base = new URL(baseUrl)
  const basePath = base.pathname.replace(/\/+$/, '')
  if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`)) return false
  const rest = url.pathname.slice(basePath.length)
  return rest.startsWith('/proxy/') || /^\/integrated-account\/[^/]+\/[^/]/.test(rest)
}

// the characters that move paths: dots, slashes, percent signs, backslashes, unicode look-alikes, controls
const piece = fc.constantFrom(
  '.',
  '..',
  '/',
  '%',
  '%2e',
  '%2E',
  '%2f',
  '%5c',
  '%25',
  '\\',
  '．',
  '／',
  '\u0000',
  '\n',
  '?',
  '#',
  'a',
  'admin',
  'integrated-account',
  ' ',
  'ü',
)
const hostileSegment = fc.array(piece, { maxLength: 4 }).map((parts) => parts.join(''))
// several segments joined by our own separator, so escapes like `../../admin` come up often
const hostile = fc
  .array(hostileSegment, { minLength: 1, maxLength: 4 })
  .map((segments) => segments.join('/'))

const methods = fc.oneof(
  fc.constantFrom('list', 'get', 'create', 'update', 'delete', 'constructor', 'toString'),
  hostile,
)

describe('no request leaves the proxy or one account’s admin path', () => {
  test.each(BASES)('hostile resources, custom methods and ids (base %s)', async (baseUrl) => {
    await fc.assert(
      fc.asyncProperty(hostile, methods, hostile, async (resource, method, id) => {
        const definition = { name: 'hostile_tool', description: 'x', resource, method }
        const { manager, sent } = managerWith(baseUrl, [definition])
        const tools = await manager.getTools('acct_1')
        for (const tool of tools) await tool.invoke(toolCall(tool.name, { id }))
        for (const { url } of sent) expect(staysInside(baseUrl, url), url.href).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  test.each(BASES)(
    'hostile account ids are refused before any request (base %s)',
    async (baseUrl) => {
      await fc.assert(
        fc.asyncProperty(hostile, async (accountId) => {
          const { manager, sent } = managerWith(baseUrl, [])
          const outcome = await manager.getTools(accountId).then(
            () => 'loaded',
            (error: unknown) => (isTrutoConfigError(error) ? 'refused' : error),
          )
          if (outcome === 'loaded') {
            for (const { url } of sent) expect(staysInside(baseUrl, url), url.href).toBe(true)
          } else {
            expect(outcome).toBe('refused')
            expect(sent).toHaveLength(0)
          }
        }),
        { numRuns: 300 },
      )
    },
  )
})

describe('the reported escapes are closed', () => {
  test.each([
    ['../integrated-account', 'delete'],
    ['../../admin', 'get'],
    ['pipeline-cards', '..'],
    ['pipeline-cards/%2e%2e', 'list'],
    ['../../../other/admin', 'list'],
  ])('resource %s with method %s is skipped with a warning naming it', async (resource, method) => {
    const good = { name: 'list_all_cards', description: 'x', resource: 'cards', method: 'list' }
    const bad = { name: 'escaping_tool', description: 'x', resource, method }
    const { manager, warnings } = managerWith(BASES[1] ?? '', [bad, good])

    const tools = await manager.getTools('acct_1')

    expect(tools.map((t) => t.name)).toEqual(['list_all_cards'])
    expect(warnings.filter((w) => w.includes('escaping_tool'))).toHaveLength(1)
  })

  test('an account id of ".." is a configuration error and nothing is sent', async () => {
    const { manager, sent } = managerWith(BASES[0] ?? '', [])

    await expect(manager.getTools('..')).rejects.toMatchObject({ option: 'accountId' })
    expect(sent).toHaveLength(0)
  })

  test('methods named like Object.prototype members are ordinary custom methods', async () => {
    const definitions = ['constructor', 'toString', '__proto__'].map((method) => ({
      name: `cards_${method.replaceAll('_', '')}`,
      description: 'x',
      resource: 'cards',
      method,
    }))
    const { manager, sent } = managerWith(BASES[0] ?? '', definitions)

    const tools = await manager.getTools('acct_1')
    const answers = await Promise.all(tools.map((t) => t.invoke(toolCall(t.name, {}))))

    expect(answers.map((a) => a.status)).toEqual(['success', 'success', 'success'])
    const proxied = sent.filter((s) => s.url.pathname.startsWith('/proxy/'))
    expect(proxied.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([
      'POST /proxy/cards/constructor',
      'POST /proxy/cards/toString',
      'POST /proxy/cards/__proto__',
    ])
  })

  test('a model cannot name the account in a body either', async () => {
    const create = {
      name: 'create_a_card',
      description: 'x',
      resource: 'cards',
      method: 'create',
      body_schema: { type: 'object', properties: { title: { type: 'string' } } },
    }
    const { manager, sent } = managerWith(BASES[0] ?? '', [create])
    const [tool] = await manager.getTools('acct_1')
    if (!tool) throw new Error('no tool')

    const answer = await tool.invoke(
      toolCall(tool.name, { title: 'T', integrated_account_id: 'acct_other' }),
    )

    expect(answer.status).toBe('error')
    expect(String(answer.content)).toMatch(/integrated_account_id/)
    expect(sent.filter((s) => s.url.pathname.startsWith('/proxy/'))).toHaveLength(0)
  })
})
