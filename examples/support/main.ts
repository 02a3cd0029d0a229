import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { ExampleOptions } from './connect.js'
import type { ExampleResult } from './result.js'

const USAGE = `Options:
  --model <provider:model>  a real chat model via initChatModel (e.g. openai:gpt-4o-mini); default: a stand-in
  --account <id>            a real Truto integrated account (needs TRUTO_API_KEY); default: the sandbox
  --help                    this text`

/** True when `moduleUrl` is the file node or tsx was asked to run. */
export const isMain = (moduleUrl: string) =>
  process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === moduleUrl

/** Reads `--model` and `--account` from the command line. */
export function optionsFromArgs(args = process.argv.slice(2)): ExampleOptions | undefined {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: 'string' },
      account: { type: 'string' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return undefined
  }
  return { model: values.model, account: values.account }
}

/** Runs examples from the command line: exit code 0 only when every goal was met. */
export async function main(
  runs: readonly ((options: ExampleOptions) => Promise<ExampleResult>)[],
): Promise<void> {
  try {
    const options = optionsFromArgs()
    if (!options) return
    if (options.account && runs.length > 1) {
      throw new Error(
        '--account names one integrated account: run one example with it, not all of them.',
      )
    }
    const results: ExampleResult[] = []
    for (const run of runs) results.push(await run(options))
    if (results.length > 1) {
      console.log('\n=== Summary')
      for (const r of results) console.log(`  ${r.goalMet ? '✓' : '✗'} ${r.example}`)
    }
    process.exitCode = results.every((r) => r.goalMet) ? 0 : 1
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 2
  }
}
