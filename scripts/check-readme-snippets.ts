// npm run check:readme [-- README.md] [--no-run] [--keep]
// Type-checks every ```ts block of the README as a module of its own (and runs the ones marked
// <!-- snippet: test --> with vitest, and those marked run as scripts against the sandbox and a
// Redis); exits 1 naming README lines when one does not compile or run.
import { resolve } from 'node:path'
import { checkReadmeSnippets, formatProblems, projectReadme } from './readme-snippets.js'

const args = process.argv.slice(2)
const readme = args.find((arg) => !arg.startsWith('--'))
const path = readme ? resolve(readme) : projectReadme
const keep = args.includes('--keep')
const { snippets, problems, folder } = await checkReadmeSnippets(path, {
  runTests: !args.includes('--no-run'),
  keep,
})
const skipped = snippets.filter((snippet) => snippet.mode === 'skip').length
const tested = snippets.filter((snippet) => snippet.mode === 'test').length
const ran = snippets.filter((snippet) => snippet.mode === 'run').length
if (keep) process.stdout.write(`snippets kept in ${folder}\n`)
if (problems.length > 0) {
  console.error(formatProblems(path, problems))
  console.error(`\n${problems.length} problem(s) in the README's snippets`)
  process.exitCode = 1
} else {
  process.stdout.write(
    `${snippets.length - skipped} README snippets compile (${tested} run as tests, ${ran} as scripts against the sandbox, ${skipped} skipped)\n`,
  )
}
