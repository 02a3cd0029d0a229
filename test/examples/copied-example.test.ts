import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const FAKE_OPENAI = fileURLToPath(new URL('./fake-openai.ts', import.meta.url))

test('pipeline-triage.ts copied alone into an empty folder runs its agent on a model against the embedded sandbox', async () => {
  // the file and nothing else, in a folder inside the repository so that it resolves the
  // package and its peers from node_modules as a user's project would
  const folder = await mkdtemp(join(ROOT, 'examples', '.scratch-copy-'))
  try {
    const copy = join(folder, 'pipeline-triage.ts')
    await copyFile(join(ROOT, 'examples', 'pipeline-triage.ts'), copy)

    // as a user runs it: `npx tsx pipeline-triage.ts`, on its default openai:gpt-4o-mini, whose
    // API is answered at the network edge by the stand-in of `npm run examples`
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', FAKE_OPENAI, copy],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          OPENAI_API_KEY: 'sk-test',
          OPENAI_BASE_URL: 'https://api.openai.com/v1',
        },
        timeout: 25_000,
      },
    )

    expect(await readdir(folder)).toEqual(['pipeline-triage.ts'])
    expect(stderr).toMatch(/fake-openai: \d+ completions/)
    expect(stdout).toContain("Check the 'Core Engineering' pipeline.")
    expect(stdout).toContain(
      'Moved 5 stale cards from In Review back to Blocked and notified their owners',
    )
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
  // a process of its own: tsx and LangChain load in it once more
}, 30_000)
