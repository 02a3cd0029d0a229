import type { ToolMessage } from '@langchain/core/messages'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { expect, expectTypeOf, test } from 'vitest'
import { sourceSetup } from '../helpers/tool-sources.js'

test('the search pair is typed like getTools: a tool call answers a ToolMessage', async () => {
  const { sandbox, manager } = sourceSetup({}, createSandbox())
  const [search] = await manager.getSearchTools(sandbox.accounts.octapipe)

  const message = await search.invoke({
    type: 'tool_call',
    id: 'c1',
    name: 'search_tools',
    args: { query: 'list pipelines' },
  })

  expectTypeOf(message).toEqualTypeOf<ToolMessage>()
  expect(message.status).toBe('success')
})
