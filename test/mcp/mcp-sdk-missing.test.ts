import { isTrutoConfigError } from 'truto-langchainjs-toolset'
import { expect, test, vi } from 'vitest'
import { sourceSetup } from '../helpers/tool-sources.js'

// a project without the optional peer: importing the SDK's client fails as Node would
vi.mock('@modelcontextprotocol/sdk/client/index.js', () => {
  throw new Error("Cannot find package '@modelcontextprotocol/sdk'")
})

test('without the MCP SDK, create says so before the server exists, and getMcpTools refuses', async () => {
  const { sandbox, manager, warnings } = sourceSetup()
  const accountId = sandbox.accounts.octapipe

  const server = await manager.mcpServers.create({ name: 'agent', accountId })
  const error = await manager.getMcpTools(server).catch((e: unknown) => e)

  expect(warnings.join('\n')).toMatch(
    /needs the optional peer dependency @modelcontextprotocol\/sdk/,
  )
  expect(isTrutoConfigError(error) && error.option).toBe('mcp')
  expect(String(error)).toContain('npm install @modelcontextprotocol/sdk')
})
