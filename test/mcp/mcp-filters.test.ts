import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { expect, test } from 'vitest'

test('the manager’s tags do not empty an MCP server’s tools: its scope was fixed when it was made', async () => {
  const sandbox = createSandbox()
  const warnings: string[] = []
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
    accountId: sandbox.accounts.octapipe,
    tags: ['pipelines'],
    onWarning: (message) => warnings.push(message),
  })
  const server = await manager.mcpServers.create({ name: 'all tools' })

  const tagged = await manager.getTools()
  const served = await manager.getMcpTools(server)

  expect(tagged.length).toBeGreaterThan(0)
  // MCP listings carry no tags: the manager's would have filtered every tool out
  expect(served.length).toBeGreaterThan(tagged.length)
  expect(warnings.filter((w) => w.includes('check their spelling'))).toEqual([])
  await manager.close()
})
