import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { expect, test } from 'vitest'

test.each([
  ['json-schema', /its arguments as one object in `arguments`/],
  ['openai-strict', /its arguments as a list of \{ key, value \} entries in `arguments`/],
  ['gemini', /its arguments as a list of \{ key, value \} entries in `arguments`/],
] as const)(
  'call_tool says how to pass arguments as the %s form shows them',
  async (dialect, usage) => {
    const sandbox = createSandbox()
    const { apiKey, baseUrl, fetch } = sandbox
    const manager = new TrutoToolManager({ apiKey, baseUrl, fetch, dialect })
    const [, call] = await manager.getSearchTools(sandbox.accounts.octapipe)

    const message = await call.invoke({
      type: 'tool_call',
      id: 'c1',
      name: 'call_tool',
      args: { nope: 1 },
    })

    expect(message.status).toBe('error')
    expect(String(message.content)).toMatch(usage)
  },
)
