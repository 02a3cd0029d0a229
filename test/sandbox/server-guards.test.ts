import { request } from 'node:http'
import { createSandbox, type SandboxServer } from 'truto-langchainjs-toolset/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'

const sandbox = createSandbox({ clock: 'manual', trutoLimits: false })
let server: SandboxServer
let port: string

beforeAll(async () => {
  server = await sandbox.listen()
  port = new URL(server.url).port
})
afterAll(() => server.close())
beforeEach(() => sandbox.reset())

type Raw = { status: number; json: any; headers: Record<string, unknown> }
type RawOptions = {
  path?: string
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
}

/** One request over node:http, which (unlike fetch) sends any Host and Origin it is given. */
function raw(options: RawOptions = {}, to = server): Promise<Raw> {
  const target = new URL(to.url)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'GET',
        path: options.path ?? `/proxy/pipelines?integrated_account_id=${sandbox.accounts.octapipe}`,
        headers: { authorization: `Bearer ${sandbox.apiKey}`, ...options.headers },
      },
      (res) => {
        let text = ''
        res.on('data', (chunk) => {
          text += chunk
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: text ? JSON.parse(text) : undefined,
            headers: res.headers,
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('Host and Origin', () => {
  test.each([
    'evil.example:PORT',
    'evil.example',
    'localhost',
    'localhost:1',
    '127.0.0.1.nip.io:PORT',
    'user@localhost:PORT',
  ])('Host %s gets a 403 in Truto’s envelope and is never routed', async (host) => {
    // the bound address, by any of its names, is answered
    for (const own of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]']) {
      expect((await raw({ headers: { host: `${own}:${port}` } })).status).toBe(200)
    }
    sandbox.reset()
    const { status, json } = await raw({ headers: { host: host.replace('PORT', port) } })
    expect(status).toBe(403)
    expect(json).toMatchObject({ statusCode: 403, error: 'Forbidden' })
    expect(json.message).toContain('does not answer for the host')
    expect(json).not.toHaveProperty('truto_is_remote_error')
    expect(sandbox.requests).toEqual([])
  })

  test('a foreign Origin gets a 403 even with the right Host, before anything is read', async () => {
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${port}`,
      `https://127.0.0.1:${port}`,
      'null',
    ]) {
      const { status, json } = await raw({
        method: 'POST',
        path: `/integrated-account/${sandbox.accounts.octapipe}/mcp`,
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'from a web page', config: {} }),
      })
      expect(status).toBe(403)
      expect(json.message).toContain('does not answer requests from the origin')
    }
    expect(sandbox.requests).toEqual([])
    expect(sandbox.state.mcpServers).toEqual([])
    // its own origin is answered
    expect((await raw({ headers: { origin: `http://localhost:${port}` } })).status).toBe(200)
    expect((await raw({ headers: { origin: server.url } })).status).toBe(200)
  })

  test('allowedHosts lets more names in: on any port, or on the one given', async () => {
    const other = createSandbox({ clock: 'manual' })
    const served = await other.listen({ allowedHosts: ['sandbox.internal', 'proxy.test:8080'] })
    try {
      const hostOf = async (host: string) =>
        (
          await raw(
            {
              path: '/proxy/agents?integrated_account_id=acct_gumloop_1',
              headers: { host, authorization: `Bearer ${other.apiKey}` },
            },
            served,
          )
        ).status
      expect(await hostOf('sandbox.internal')).toBe(200)
      expect(await hostOf('Sandbox.Internal:9999')).toBe(200)
      expect(await hostOf('proxy.test:8080')).toBe(200)
      expect(await hostOf('proxy.test:8081')).toBe(403)
      expect(await hostOf('evil.example')).toBe(403)
    } finally {
      await served.close()
    }
  })

  test.each([[['http://x']], [['']], [['a b']], ['localhost']])(
    'allowedHosts %j is refused naming the option',
    async (allowedHosts) => {
      await expect(
        createSandbox().listen({ allowedHosts: allowedHosts as string[] }),
      ).rejects.toThrow('`allowedHosts`')
    },
  )
})

describe('request bodies', () => {
  const mcpPath = () => `/integrated-account/${sandbox.accounts.octapipe}/mcp`

  test('a body over 1 MiB gets a 413 in Truto’s envelope and is never routed', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(1024 * 1024), config: {} })
    const response = await fetch(`${server.url}${mcpPath()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
      body,
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'The request body is larger than 1048576 bytes',
    })
    expect(sandbox.requests).toEqual([])
  })

  test('a streamed body is refused once past the cap, without being read to the end', async () => {
    let pulled = 0
    const chunks = 1024 // 64 MiB in all, if anyone read it
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulled > chunks) controller.close()
        else controller.enqueue(new Uint8Array(64 * 1024).fill(32))
      },
    })
    const response = await fetch(`${server.url}${mcpPath()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(413)
    expect(pulled).toBeLessThan(chunks)
    expect(sandbox.requests).toEqual([])
  })

  test('maxBodyBytes sets the cap; a body of exactly that size is served', async () => {
    const other = createSandbox({ clock: 'manual' })
    const served = await other.listen({ maxBodyBytes: 200 })
    try {
      const post = (length: number) => {
        const body = JSON.stringify({ name: '', config: {} })
        const padded = `${body}${' '.repeat(length - body.length)}`
        return raw(
          {
            method: 'POST',
            path: '/integrated-account/acct_octapipe_1/mcp',
            headers: {
              authorization: `Bearer ${other.apiKey}`,
              'content-type': 'application/json',
            },
            body: padded,
          },
          served,
        )
      }
      expect((await post(200)).status).toBe(400)
      expect((await post(201)).status).toBe(413)
      expect(other.requests).toHaveLength(1)
    } finally {
      await served.close()
    }
  })

  test.each([-1, 1.5, Number.NaN])('maxBodyBytes %j is refused', async (maxBodyBytes) => {
    await expect(createSandbox().listen({ maxBodyBytes })).rejects.toThrow('`maxBodyBytes`')
  })
})
