// Run by mcp-sdk-missing.test.ts in a process of its own: a manager where the optional peer
// @modelcontextprotocol/sdk cannot be resolved. Prints what the manager said, as JSON.
import { register } from 'node:module'
import { isTrutoConfigError, TrutoToolManager } from '../../../src/index.js'
import { createSandbox } from '../../../src/testing/index.js'

// the library loads the SDK only when MCP is used, so hiding it from here on is enough
register('./hide-sdk.mjs', import.meta.url)

const sandbox = createSandbox()
const warnings: string[] = []
const manager = new TrutoToolManager({
  apiKey: sandbox.apiKey,
  baseUrl: sandbox.baseUrl,
  fetch: sandbox.fetch,
  onWarning: (message) => warnings.push(message),
})
const server = await manager.mcpServers.create({
  name: 'agent',
  accountId: sandbox.accounts.octapipe,
})
const error = await manager.getMcpTools(server).catch((caught: unknown) => caught)
process.stdout.write(
  JSON.stringify({
    warnings,
    option: isTrutoConfigError(error) ? error.option : undefined,
    message: String(error),
  }),
)
