import { HttpResponse } from 'msw'
import { isTrutoRequestError } from 'truto-langchainjs-toolset'
import { expect, test } from 'vitest'
import { definition, testManager, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()

test.each([
  ['results', 'Truto’s reference'],
  ['result', 'Truto’s SDK'],
])('the list is read from `%s` (%s)', async (key) => {
  api.toolsReply(() => HttpResponse.json({ [key]: [definition()], next_cursor: null }))

  const tools = await testManager().getTools()

  expect(tools.map((tool) => tool.name)).toEqual(['list_all_octapipe_pipeline_cards'])
})

test('a body with neither list is a malformed-body error', async () => {
  api.toolsReply(() => HttpResponse.json({ tools: [definition()] }))

  const error = await testManager()
    .getTools()
    .catch((e: unknown) => e)

  expect(isTrutoRequestError(error) && error.reason).toBe('malformed-body')
})

test('tools without a description stay hidden unless hasDescription is false', async () => {
  const described = definition()
  const bare = definition({ name: 'get_single_octapipe_pipeline_card_by_id', description: '' })
  api.definitions([described, bare])

  const hidden = await testManager().getTools()
  const shown = await testManager({ hasDescription: false }).getTools()

  expect(hidden.map((tool) => tool.name)).toEqual([described.name])
  expect(shown.map((tool) => tool.name)).toEqual([described.name, bare.name])
  const [first, second] = api.calls
  expect(first?.query.has('has_description')).toBe(false)
  expect(second?.query.get('has_description')).toBe('false')
})
