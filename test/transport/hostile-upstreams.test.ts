import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { afterEach, describe, expect, test } from 'vitest'
import { toolCall } from '../helpers/truto-api.js'

const TOKEN = 'sk_live_hostile_upstream_token'
const definitions = [
  { name: 'list_all_cards', description: 'List cards.', resource: 'cards', method: 'list' },
  { name: 'create_a_note', description: 'Create a note.', resource: 'notes', method: 'create' },
]

type Seen = { method: string; url: string; authorization: string | undefined }
const servers: { close(): void }[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

/** A real HTTP server on 127.0.0.1, so redirects are followed (or not) by the real fetch. */
async function upstream(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = []
  const server = createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
    })
    answer(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push(server)
  const { port } = server.address() as AddressInfo
  return { seen, baseUrl: `http://127.0.0.1:${port}/truto/v1` }
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

describe('an upstream cannot send the call elsewhere', () => {
  test('a redirect from the proxy is not followed; the token and body go nowhere else', async () => {
    const { seen, baseUrl } = await upstream((req, res) => {
      if (req.url?.includes('/tools'))
        return json(res, 200, { result: definitions, next_cursor: null })
      if (req.url?.startsWith('/truto/v1/proxy/')) {
        res.writeHead(307, { location: '/admin/integrated-account/acct_2?danger=1' })
        return res.end()
      }
      json(res, 200, { reached: req.url })
    })
    const manager = new TrutoToolManager({ apiKey: TOKEN, baseUrl, maxRetries: 0 })
    const tool = (await manager.getTools('acct_1')).find((t) => t.name === 'create_a_note')

    const message = await tool?.invoke(toolCall('create_a_note', { text: 'hello' }))

    expect(message?.status).toBe('error')
    expect(String(message?.content)).toMatch(/redirected .* follows no redirects/)
    expect(seen.map((s) => s.url).filter((url) => url.startsWith('/admin'))).toEqual([])
  })
})

describe('an upstream cannot stall or flood the process', () => {
  test('a body over 10 MB is cut off and reported, not buffered whole', async () => {
    const { baseUrl } = await upstream((req, res) => {
      if (req.url?.includes('/tools'))
        return json(res, 200, { result: definitions, next_cursor: null })
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = 'x'.repeat(2 ** 20)
      let sent = 0
      const more = () => {
        while (sent < 64 && res.write(chunk)) sent++
        if (sent < 64) res.once('drain', more)
        else res.end()
      }
      res.on('error', () => undefined)
      more()
    })
    const manager = new TrutoToolManager({ apiKey: TOKEN, baseUrl, maxRetries: 0 })
    const tool = (await manager.getTools('acct_1')).find((t) => t.name === 'list_all_cards')

    const message = await tool?.invoke(toolCall('list_all_cards', {}))

    expect(String(message?.content)).toMatch(/response over 10 MB/)
  })

  test('a long hostile error message is clipped before any regex runs on it', async () => {
    const message = `a${' '.repeat(100_000)}x`
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { pathname } = new URL(new Request(input, init).url)
      if (pathname.endsWith('/tools'))
        return Response.json({ result: definitions, next_cursor: null })
      return Response.json({ statusCode: 400, message }, { status: 400 })
    }
    const manager = new TrutoToolManager({ apiKey: TOKEN, fetch })
    const tool = (await manager.getTools('acct_1')).find((t) => t.name === 'list_all_cards')

    const answer = await tool?.invoke(toolCall('list_all_cards', {}))

    expect(String(answer?.content).length).toBeLessThan(1_000)
  })

  test('definitions with a slash-flooded resource or an underscore-flooded name load promptly', async () => {
    const hostile = [
      { name: 'slashes', description: 'x', resource: `a${'/'.repeat(40_000)}x`, method: 'list' },
      { name: `a${'_'.repeat(40_000)}x!`, description: 'x', resource: 'cards', method: 'get' },
      ...definitions,
    ]
    const warnings: string[] = []
    const fetch = async () => Response.json({ result: hostile, next_cursor: null })
    const manager = new TrutoToolManager({
      apiKey: TOKEN,
      fetch,
      onWarning: (m) => warnings.push(m),
    })

    const tools = await manager.getTools('acct_1')

    expect(tools.map((t) => t.name)).toContain('list_all_cards')
    expect(tools.every((t) => /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/.test(t.name))).toBe(true)
    expect(warnings.some((w) => w.startsWith('Skipped Truto tool slashes'))).toBe(true)
  })
})
