import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test } from 'vitest'
import {
  type CheckResult,
  checkReadmes,
  extractSnippets,
  formatProblems,
  installedPackages,
  projectReadme,
} from '../scripts/readme-snippets.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const fixtures = join(root, 'node_modules', '.cache', 'readme-snippets')
mkdirSync(fixtures, { recursive: true })
const folder = mkdtempSync(join(fixtures, 'fixture-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** Writes a README of these lines and returns its path. */
function readme(name: string, lines: string[]): string {
  const path = join(folder, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

const fence = (...code: string[]) => ['```ts', ...code, '```']
const install = ['```sh', 'npm install truto-langchainjs-toolset @langchain/core zod', '```', '']

// READMEs with one fault each, checked with the project's in one batch: one compiler, one vitest
// and one script run serve them all, as each takes seconds to start
const FAULTY = {
  typeError: readme('type-error.md', [
    ...install,
    ...fence(
      "import { TrutoToolManager } from 'truto-langchainjs-toolset'",
      '',
      "new TrutoToolManager({ maxRetries: 'four' })",
    ),
  ]),
  missing: readme('missing.md', [
    ...install,
    ...fence("import { http } from 'msw'", '', 'expect(http).toBeDefined()'),
  ]),
  failingTest: readme('failing-test.md', [
    '```sh',
    'npm install -D vitest',
    '```',
    '',
    '<!-- snippet: test -->',
    ...fence("import { expect, test } from 'vitest'", '', "test('x', () => expect(1).toBe(2))"),
  ]),
  failingRun: readme('failing-run.md', [
    ...install,
    '<!-- snippet: run -->',
    ...fence(
      "import { TrutoToolManager } from 'truto-langchainjs-toolset'",
      '',
      "const tools = await new TrutoToolManager().getTools('acct_123')",
      "if (tools.length > 0) throw new Error('loaded ' + tools.length + ' tools')",
    ),
  ]),
}
let batch: Promise<Map<string, CheckResult>> | undefined
/** The check's result for the README at `path`, from the one batch every test shares. */
function checked(path: string): Promise<CheckResult> {
  const paths = [projectReadme, ...Object.values(FAULTY)]
  batch ??= checkReadmes(paths).then((results) => new Map(paths.map((p, i) => [p, results[i]!])))
  return batch.then((results) => results.get(path)!)
}

// they all wait on the same batch (and the CLI test on a process of its own), side by side
describe.concurrent('README snippets', () => {
  test('every ts snippet of README.md compiles as pasted, and the marked test passes', async () => {
    const { snippets, problems } = await checked(projectReadme)
    expect(formatProblems(projectReadme, problems)).toBe('')
    expect(snippets.filter((snippet) => snippet.mode !== 'skip').length).toBeGreaterThanOrEqual(7)
    expect(snippets.filter((snippet) => snippet.mode === 'test')).toHaveLength(1)
  })

  test('a type error is reported at its README line', async () => {
    const { problems } = await checked(FAULTY.typeError)
    expect(problems).toEqual([
      expect.objectContaining({ line: 8, column: 24, message: expect.stringMatching(/^TS2322: /) }),
    ])
  })

  test('a name used without its import, and a package no install line names', async () => {
    const { problems } = await checked(FAULTY.missing)
    expect(problems.map((problem) => [problem.line, problem.message.slice(0, 40)])).toEqual([
      [6, "'msw' is imported, but no `npm install` "],
      [8, "TS2304: Cannot find name 'expect'."],
    ])
  })

  test('a snippet marked as a test must pass under vitest', async () => {
    const { problems } = await checked(FAULTY.failingTest)
    expect(problems).toHaveLength(1)
    expect(problems[0]?.line).toBe(7)
    expect(problems[0]?.message).toContain('fails under vitest')
    expect(problems[0]?.message).toContain('expected 1 to be 2')
  })

  test('a snippet marked run must run against the sandbox: the README account is its account', async () => {
    const { problems } = await checked(FAULTY.failingRun)
    expect(problems).toHaveLength(1)
    expect(problems[0]?.line).toBe(7)
    expect(problems[0]?.message).toMatch(/running it failed: .*loaded \d+ tools/s)
  })

  test('npm run check:readme exits 1 and names the line', async () => {
    const path = readme('cli.md', [...install, ...fence('const n: number = "one"')])
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    expect(pkg.scripts['check:readme']).toBe('tsx scripts/check-readme-snippets.ts')
    const run = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/check-readme-snippets.ts', path],
      { cwd: root },
    )
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cli\.md:6:7 TS2322: Type 'string' is not assignable/),
    })
  })
}, 120_000)

describe('extraction', () => {
  test('ts blocks with their first line, markers on the line before (blank lines between)', () => {
    const markdown = [
      'text',
      ...fence('a()'),
      '<!-- snippet: skip -->',
      '',
      '```typescript',
      'b()',
      '```',
      '```sh',
      'c',
      '```',
      '<!-- snippet: test -->',
      ...fence('d()', 'e()'),
    ].join('\n')
    expect(extractSnippets(markdown)).toEqual([
      { line: 3, code: 'a()\n', mode: 'check' },
      { line: 8, code: 'b()\n', mode: 'skip' },
      { line: 15, code: 'd()\ne()\n', mode: 'test' },
    ])
  })

  test('an unclosed block or an unknown marker is an error, not a pass', () => {
    expect(() => extractSnippets('```ts\na()\n')).toThrow('never closed')
    expect(() => extractSnippets('<!-- snippet: maybe -->\n```ts\na()\n```\n')).toThrow(
      'unknown marker',
    )
  })

  test('install lines name packages, flags and versions left out', () => {
    const markdown =
      'npm install -D vitest msw@2\n`npm install @scope/pkg@^1.0.0` and npm i zod # x'
    expect([...installedPackages(markdown)].sort()).toEqual(['@scope/pkg', 'msw', 'vitest', 'zod'])
  })
})
