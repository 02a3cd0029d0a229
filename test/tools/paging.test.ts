import { HttpResponse } from 'msw'
import type { TrutoToolManagerOptions } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { definition, testManager, toolCall, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()

// 40 cards served 15 per page, like Octapipe
const cards = Array.from({ length: 40 }, (_, i) => ({
  id: `card_${i + 1}`,
  title: `Card ${i + 1}`,
}))
// cursors are offsets, or opaque base64 strings as long as real APIs send
type Cursors = { encode: (offset: number) => string; decode: (cursor: string) => number }
const plainCursor: Cursors = { encode: String, decode: Number }
const opaqueCursor: Cursors = {
  encode: (offset: number) => btoa(JSON.stringify({ offset, session: 'x'.repeat(80) })),
  decode: (cursor: string) => (JSON.parse(atob(cursor)) as { offset: number }).offset,
}
const servePages = (cursors = plainCursor) =>
  api.reply((call) => {
    const cursor = call.query.get('next_cursor')
    const start = cursor ? cursors.decode(cursor) : 0
    const limit = Math.min(Number(call.query.get('limit') ?? 15), 15)
    const end = start + limit
    return HttpResponse.json({
      result: cards.slice(start, end),
      next_cursor: end < cards.length ? cursors.encode(end) : null,
    })
  })

// follows the text a model reads: the cursor it offers, or the smaller limit a cut page asks for
async function readEverything(tool: Awaited<ReturnType<typeof listTool>>) {
  const seen: unknown[] = []
  let args: Record<string, unknown> = {}
  for (let call = 0; call < 40; call++) {
    const text = String((await tool.invoke(toolCall(tool.name, args))).content)
    const smaller = /Only the first \d+ of \d+ items are shown.*limit=(\d+)/.exec(text)?.[1]
    if (smaller) {
      args = { ...args, limit: Number(smaller) }
      continue
    }
    const page = JSON.parse(text.split('\n')[0]!) as {
      result: unknown[]
      next_cursor: string | null
    }
    seen.push(...page.result)
    if (!page.next_cursor) return seen
    args = { ...args, next_cursor: page.next_cursor }
  }
  throw new Error('still reading after 40 calls: the advice loops')
}

async function listTool(options: Partial<TrutoToolManagerOptions> = {}, overrides = {}) {
  api.definitions([definition(overrides)])
  const manager = testManager({ ...options })
  const [tool] = await manager.getTools()
  return tool!
}

describe('list tools page', () => {
  test('accept limit and next_cursor even when the server schema lacks them', async () => {
    const tool = await listTool({}, { query_schema: null })
    const properties = (tool.schema as { properties: Record<string, unknown> }).properties
    expect(Object.keys(properties)).toEqual(['limit', 'next_cursor'])
    expect(tool.description).toMatch(/Results are paged/)
  })

  test("keep the server's own limit description", async () => {
    const tool = await listTool(
      {},
      {
        query_schema: {
          type: 'object',
          properties: {
            limit: { type: 'integer', maximum: 15, description: 'Page size, at most 15' },
          },
        },
      },
    )
    expect((tool.schema as any).properties.limit).toEqual({
      type: 'integer',
      maximum: 15,
      description: 'Page size, at most 15',
    })
  })

  test('say in words that more pages exist and which cursor to pass', async () => {
    servePages()
    const tool = await listTool()
    const first = await tool.invoke(toolCall(tool.name, {}))
    expect(first.content).toMatch(/15 items\. More results exist: call again with next_cursor="15"/)
    const last = await tool.invoke(toolCall(tool.name, { next_cursor: '30' }))
    expect(last.content).toMatch(/10 items\. This is the last page\./)
    expect(api.proxyCalls[1]?.query.get('next_cursor')).toBe('30')
  })

  test('autoPaginate gathers pages up to maxItems and says where it stopped', async () => {
    servePages()
    const tool = await listTool({ autoPaginate: { maxPages: 10, maxItems: 20 } })
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect((message.artifact as { result: unknown[] }).result).toHaveLength(30)
    expect(message.content).toMatch(
      /30 items\. More results exist: call again with next_cursor="30".*Gathered 2 pages\. Stopped early: reached autoPaginate\.maxItems \(20\)/,
    )
  })

  test('autoPaginate reads to the last page when the limits allow', async () => {
    servePages()
    const tool = await listTool({ autoPaginate: { maxPages: 10, maxItems: 1000 } })
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect((message.artifact as { result: unknown[] }).result).toEqual(cards)
    expect(message.content).toMatch(/40 items\. This is the last page\. Gathered 3 pages\.$/)
    expect(api.proxyCalls).toHaveLength(3)
  })
})

describe('output budget', () => {
  test('a long list is cut at an item boundary with a note, the artifact keeps everything', async () => {
    servePages()
    const tool = await listTool({ maxResultChars: 500 })
    const message = await tool.invoke(toolCall(tool.name, {}))
    const text = String(message.content)
    expect(text.length).toBeLessThanOrEqual(500)
    const [json] = text.split('\n')
    const shown = JSON.parse(json!) as { result: unknown[]; next_cursor: string | null }
    expect(shown.result.length).toBeGreaterThan(0)
    expect(shown.result.length).toBeLessThan(15)
    expect(text).toMatch(
      new RegExp(
        `Only the first ${shown.result.length} of 15 items are shown.*limit=${shown.result.length}, then follow next_cursor`,
      ),
    )
    // the page's cursor would skip the items that were cut, so the model is not given it
    expect(shown.next_cursor).toBeNull()
    expect(text).not.toMatch(/next_cursor="/)
    expect((message.artifact as { result: unknown[] }).result).toHaveLength(15)
  })

  test.each([
    ['short cursors', plainCursor, { maxResultChars: 500 }],
    ['long opaque cursors', opaqueCursor, { maxResultChars: 700 }],
    [
      'long opaque cursors and autoPaginate',
      opaqueCursor,
      { maxResultChars: 700, autoPaginate: {} },
    ],
  ])(
    'following what a cut page says reaches every item, none skipped: %s',
    async (_, cursors, options) => {
      servePages(cursors)
      const tool = await listTool(options)
      const first = String((await tool.invoke(toolCall(tool.name, {}))).content)
      expect(first).toMatch(/Only the first \d+ of \d+ items are shown/)

      expect(await readEverything(tool)).toEqual(cards)
    },
  )

  test('an item longer than the whole budget is cut itself, not dropped', async () => {
    const big = { id: 'r1', notes: Array.from({ length: 200 }, (_, i) => `note ${i}`) }
    api.reply(() => HttpResponse.json({ result: [big], next_cursor: null }))
    const tool = await listTool({ maxResultChars: 500 })
    const text = String((await tool.invoke(toolCall(tool.name, {}))).content)
    expect(text.length).toBeLessThanOrEqual(500)
    expect(text).toMatch(/^\{"id":"r1","notes":\["note 0",/)
    expect(text).toMatch(/alone is longer than the output budget of 500 characters/)
  })

  test('autoPaginate gathers only whole pages that fit the budget and offers the next cursor', async () => {
    servePages()
    const tool = await listTool({
      maxResultChars: 1500,
      autoPaginate: { maxPages: 10, maxItems: 1000 },
    })
    const first = await tool.invoke(toolCall(tool.name, {}))
    const text = String(first.content)
    expect(text.length).toBeLessThanOrEqual(1500)
    expect(text).toMatch(/30 items\. More results exist: call again with next_cursor="30"/)
    expect(text).toMatch(/Stopped early: the next page would not fit the output budget/)

    const rest = await tool.invoke(toolCall(tool.name, { next_cursor: '30' }))
    expect((rest.artifact as { result: unknown[] }).result).toEqual(cards.slice(30))
  })

  test('a long record is cut at a clean boundary with a note', async () => {
    api.reply(() =>
      HttpResponse.json({ id: 'r1', notes: Array.from({ length: 200 }, (_, i) => `note ${i}`) }),
    )
    const tool = await listTool({ maxResultChars: 500 }, { method: 'get' })
    const message = await tool.invoke(toolCall(tool.name, { id: 'r1' }))
    const text = String(message.content)
    const [head, note] = text.split('\n')
    expect(text.length).toBeLessThanOrEqual(500)
    expect(head).toMatch(/[,\]}]$/)
    expect(note).toMatch(/Cut to fit the output budget of 500 characters; the whole is \d+/)
    expect((message.artifact as { notes: unknown[] }).notes).toHaveLength(200)
  })
})
