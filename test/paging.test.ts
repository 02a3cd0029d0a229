import { HttpResponse } from 'msw'
import type { TrutoToolManagerOptions } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { definition, testManager, toolCall, useTrutoApi } from './helpers/truto-api.js'

const api = useTrutoApi()

// 40 cards served 15 per page, like Octapipe
const cards = Array.from({ length: 40 }, (_, i) => ({
  id: `card_${i + 1}`,
  title: `Card ${i + 1}`,
}))
const servePages = () =>
  api.reply((call) => {
    const start = Number(call.query.get('next_cursor') ?? 0)
    const limit = Math.min(Number(call.query.get('limit') ?? 15), 15)
    const end = start + limit
    return HttpResponse.json({
      result: cards.slice(start, end),
      next_cursor: end < cards.length ? String(end) : null,
    })
  })

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
    const tool = await listTool({ maxResultChars: 400 })
    const message = await tool.invoke(toolCall(tool.name, {}))
    const text = String(message.content)
    expect(text.length).toBeLessThanOrEqual(400 + 250)
    const [json] = text.split('\n')
    const shown = JSON.parse(json!) as { result: unknown[] }
    expect(shown.result.length).toBeGreaterThan(0)
    expect(shown.result.length).toBeLessThan(15)
    expect(text).toMatch(
      new RegExp(
        `Only the first ${shown.result.length} of 15 items are shown.*limit=${shown.result.length}, then follow next_cursor`,
      ),
    )
    expect(text).not.toMatch(/next_cursor="/)
    expect((message.artifact as { result: unknown[] }).result).toHaveLength(15)
  })

  test('a long record is cut at a clean boundary with a note', async () => {
    api.reply(() =>
      HttpResponse.json({ id: 'r1', notes: Array.from({ length: 200 }, (_, i) => `note ${i}`) }),
    )
    const tool = await listTool({ maxResultChars: 300 }, { method: 'get' })
    const message = await tool.invoke(toolCall(tool.name, { id: 'r1' }))
    const [head, note] = String(message.content).split('\n')
    expect(head!.length).toBeLessThanOrEqual(300)
    expect(head).toMatch(/[,\]}]$/)
    expect(note).toMatch(/Cut at 300 of \d+ characters/)
    expect((message.artifact as { notes: unknown[] }).notes).toHaveLength(200)
  })
})
