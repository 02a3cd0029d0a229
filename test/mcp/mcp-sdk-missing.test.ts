import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const child = fileURLToPath(new URL('./sdk-missing/without-sdk.ts', import.meta.url))

// a process of its own, where Node cannot resolve the SDK, as in a project without the peer
test('without the MCP SDK, create says so before the server exists, and getMcpTools refuses', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child], {
    cwd: root,
  })

  const said = JSON.parse(stdout) as { warnings: string[]; option?: string; message: string }
  expect(said.warnings.join('\n')).toMatch(
    /needs the optional peer dependency @modelcontextprotocol\/sdk/,
  )
  expect(said.option).toBe('mcp')
  expect(said.message).toContain('npm install @modelcontextprotocol/sdk')
})
