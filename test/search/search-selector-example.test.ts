import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { expect, test } from 'vitest'
import { run } from '../../examples/support/runs/tool-selector.js'

test('the tool-selector example reaches its goal with 8 of 57 tools per model call', async () => {
  const lines: string[] = []

  const result = await run({ sandbox: createSandbox(), print: (line) => lines.push(line) })

  expect(result.checks.filter((c) => !c.ok)).toEqual([])
  expect(result.goalMet).toBe(true)
  expect(lines.join('\n')).toMatch(/model calls 1-\d+ saw 8 of 57 tools/)
})
