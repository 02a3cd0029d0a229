import fc from 'fast-check'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { mcpEdge } from '../helpers/mcp-edge.js'
import { toolCall } from '../helpers/truto-api.js'

const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'
const BASE64_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/'
const MCP_URL = 'https://api.truto.one/mcp/mcp_tok_escapes_0123456789'

const word = (chars: string, minLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength: minLength + 24 })

/**
 * The text as a JSON encoder may write it inside a string at `level` (1: a body's string, 2: a
 * string of JSON inside one): each character plain or as a `\u` escape, and `/` perhaps as `\/`.
 */
const escaped = (text: string, level: 1 | 2) =>
  fc
    .array(fc.constantFrom('plain', 'lower', 'upper', 'slash'), {
      minLength: text.length,
      maxLength: text.length,
    })
    .map((ways) => {
      const slash = level === 1 ? '\\' : '\\\\'
      return [...text]
        .map((char, i) => {
          const hex = char.charCodeAt(0).toString(16).padStart(4, '0')
          if (ways[i] === 'lower') return `${slash}u${hex}`
          if (ways[i] === 'upper') return `${slash}u${hex.toUpperCase()}`
          if (ways[i] === 'slash' && char === '/') return `${slash}/`
          return char
        })
        .join('')
    })

/** A secret, a text hiding it behind escapes, and what must never be read in clear. */
const hidden = (level: 1 | 2) =>
  fc.oneof(
    // the API key itself
    word(KEY_CHARS, 16).chain((key) =>
      escaped(`key ${key}`, level).map((text) => ({ key, text, clear: [key] })),
    ),
    // a bearer credential of another service, the scheme word escaped too
    word(KEY_CHARS, 16).chain((credential) =>
      escaped(`Bearer sk_${credential}`, level).map((text) => ({
        key: undefined,
        text,
        clear: [credential],
      })),
    ),
    // a Basic credential whose base64 holds "/", written `\/`
    word(BASE64_CHARS, 12).chain((credential) =>
      escaped(`Basic ab/${credential}`, level).map((text) => ({
        key: undefined,
        text,
        clear: [`ab/${credential}`, credential.length >= 8 ? credential : `ab/${credential}`],
      })),
    ),
  )

/** Every string a value can show a model or a person: texts, artifacts, messages, causes. */
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

const definitions = [
  { name: 'list_all_cards', description: 'List cards.', resource: 'cards', method: 'list' },
]

describe('secrets behind JSON escapes reach no output', () => {
  test('on the proxy path: success bodies and error bodies', async () => {
    await fc.assert(
      fc.asyncProperty(hidden(1), fc.boolean(), async ({ key, text, clear }, failing) => {
        const body = failing
          ? `{"statusCode":400,"message":"refused: ${text}"}`
          : `{"result":[{"id":"c1","note":"${text}"}],"next_cursor":null}`
        const fetch = async (input: RequestInfo | URL) =>
          String(input).includes('/tools')
            ? Response.json({ result: definitions, next_cursor: null })
            : new Response(body, {
                status: failing ? 400 : 200,
                headers: { 'content-type': 'application/json' },
              })
        const manager = new TrutoToolManager({
          apiKey: key ?? 'sk_escapes_api_key',
          fetch,
          maxRetries: 0,
        })
        const [tool] = await manager.getTools('acct_1')

        const message = await tool?.invoke(toolCall('list_all_cards', {}))
        const thrown = await tool?.invoke({}).catch((error: unknown) => error)

        const seen = everyString([message, thrown]).join('\n')
        for (const secret of clear) expect(seen).not.toContain(secret)
      }),
      { numRuns: 150 },
    )
  })

  test('on the MCP path: a tool’s text is JSON inside JSON, escaped twice', async () => {
    await fc.assert(
      fc.asyncProperty(hidden(2), async ({ key, text, clear }) => {
        const edge = mcpEdge((rpc) =>
          rpc.method === 'tools/list'
            ? { tools: [{ name: 'frobnicate', inputSchema: { type: 'object' } }] }
            : undefined,
        )
        const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
          const request = new Request(input, init)
          const rpc = (await request.clone().json()) as { method?: string; id?: number }
          if (rpc.method !== 'tools/call') return edge.fetch(request)
          // written by hand, so the escapes reach the client exactly as a server wrote them
          const item = `{"type":"text","text":"{\\"note\\":\\"${text}\\"}"}`
          const raw = `{"jsonrpc":"2.0","id":${rpc.id},"result":{"content":[${item}]}}`
          return new Response(raw, { headers: { 'content-type': 'application/json' } })
        }
        const manager = new TrutoToolManager({ apiKey: key ?? 'sk_escapes_api_key', fetch })
        const [tool] = await manager.getMcpTools(MCP_URL)

        const message = await tool?.invoke(toolCall('frobnicate', {}))

        expect(message?.status).toBe('success')
        const seen = everyString(message).join('\n')
        for (const secret of clear) expect(seen).not.toContain(secret)
        await manager.close()
      }),
      { numRuns: 60 },
    )
  })

  test('text whose escapes hide nothing comes through as the server wrote it', async () => {
    const body =
      '{"result":[{"id":"c1","note":"line one\\nline two \\u00e9 \\/path"}],"next_cursor":null}'
    const fetch = async (input: RequestInfo | URL) =>
      String(input).includes('/tools')
        ? Response.json({ result: definitions, next_cursor: null })
        : new Response(body, { headers: { 'content-type': 'application/json' } })
    const manager = new TrutoToolManager({ apiKey: 'sk_escapes_api_key', fetch })
    const [tool] = await manager.getTools('acct_1')

    const message = await tool?.invoke(toolCall('list_all_cards', {}))

    expect(message?.artifact).toEqual({
      result: [{ id: 'c1', note: 'line one\nline two é /path' }],
      next_cursor: null,
    })
  })
})
