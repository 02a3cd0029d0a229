import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createRedactor } from '../../src/safety/redactor.js'
import { createClient } from '../../src/transport/client.js'

const TOKEN = 'sk_test_fast_path_token'

function recordingClient(answer: () => Response = () => Response.json({ ok: true })) {
  const urls: string[] = []
  const client = createClient({
    apiKey: TOKEN,
    baseUrl: 'https://truto.test/v1',
    timeoutMs: 5_000,
    fetch: async (input) => {
      urls.push(String(input))
      return answer()
    },
    redactor: createRedactor([TOKEN]),
  })
  return { client, urls }
}

describe('the request URL', () => {
  test('its query is what URLSearchParams writes, for any names and values', async () => {
    const { client, urls } = recordingClient()
    const text = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.string({ maxLength: 8, unit: 'binary' }),
      fc.constantFrom('a b', 'a+b', 'x&y=z', '*._-', '~!', '%41', '\ud800', 'é', ''),
    )
    await fc.assert(
      fc.asyncProperty(fc.dictionary(text, text, { maxKeys: 4 }), async (entries) => {
        const query = Object.assign(Object.create(null), entries) as Record<string, string>
        await client.send({ method: 'GET', path: '/proxy/cards', query })
        const expected = new URL('https://truto.test/v1/proxy/cards')
        expected.search = new URLSearchParams(entries).toString()
        expect(urls.at(-1)).toBe(expected.href)
      }),
      { numRuns: 300 },
    )
  })

  test('a path that leaves the API is refused every time, one within it is sent every time', async () => {
    const { client, urls } = recordingClient()
    for (let i = 0; i < 2; i++) {
      await expect(
        client.send({ method: 'GET', path: '/proxy/../admin', query: {} }),
      ).rejects.toMatchObject({ reason: 'unsafe-path' })
      await expect(
        client.send({ method: 'GET', path: '/elsewhere', query: {} }),
      ).rejects.toMatchObject({ reason: 'unsafe-path' })
      await client.send({ method: 'GET', path: '/proxy/cards', query: { a: '1' } })
    }
    expect(urls).toEqual([
      'https://truto.test/v1/proxy/cards?a=1',
      'https://truto.test/v1/proxy/cards?a=1',
    ])
  })

  test('many different paths (record ids) are each checked and sent to their own URL', async () => {
    const { client, urls } = recordingClient()
    for (let i = 0; i < 1_200; i++) {
      await client.send({ method: 'GET', path: `/proxy/cards/c${i}`, query: {} })
    }
    expect(new Set(urls).size).toBe(1_200)
    expect(urls.at(-1)).toBe('https://truto.test/v1/proxy/cards/c1199')
  })
})

describe('the body cap holds whatever the headers say', () => {
  const big = () => new Uint8Array(10 * 2 ** 20 + 1).fill(0x61)
  const streamed = (chunks: Uint8Array[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk)
        controller.close()
      },
    })

  test.each([
    ['no content-length', {}],
    ['a content-length that lies small', { 'content-length': '2' }],
  ])('a body over 10 MiB with %s is refused', async (_, headers) => {
    const { client } = recordingClient(() => new Response(streamed([big()]), { headers }))
    await expect(
      client.send({ method: 'GET', path: '/proxy/cards', query: {} }),
    ).rejects.toMatchObject({ reason: 'too-large' })
  })

  test('a body of exactly 10 MiB in many chunks is read whole', async () => {
    const chunk = new Uint8Array(2 ** 20).fill(0x20)
    const { client } = recordingClient(
      () => new Response(streamed(Array.from({ length: 10 }, () => chunk))),
    )
    const response = await client.send({ method: 'GET', path: '/proxy/cards', query: {} })
    expect((await response.text()).length).toBe(10 * 2 ** 20)
  })
})
