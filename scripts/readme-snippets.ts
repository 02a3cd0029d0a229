// Extracts every ```ts block of a README and type-checks each as a separate module, as a user
// pasting it would compile it; blocks marked <!-- snippet: test --> are also run with vitest.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type TypeScript from 'typescript'

// required, not imported: an ES import of this 9 MB CommonJS file first scans it for its exports
const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
// inside node_modules, so the snippets resolve the project's dependencies as a user's file would
const cacheRoot = join(root, 'node_modules', '.cache', 'readme-snippets')

/**
 * How a snippet is checked, by a marker on the line before: `<!-- snippet: skip -->`, `test`
 * (run with vitest), or `run` (run as a script against the sandbox over loopback and a Redis).
 */
export type SnippetMode = 'check' | 'skip' | 'test' | 'run'

export type Snippet = {
  /** 1-based README line of the snippet's first line of code. */
  readonly line: number
  readonly code: string
  readonly mode: SnippetMode
}

export type SnippetProblem = {
  /** 1-based README line, and column when known. */
  readonly line: number
  readonly column?: number | undefined
  readonly message: string
}

/** Every ```ts (or ```typescript) block, in order. */
export function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/)
  const snippets: Snippet[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i] ?? '')) continue
    const end = lines.findIndex((text, j) => j > i && /^```\s*$/.test(text))
    if (end === -1) throw new Error(`README line ${i + 1}: the \`\`\`ts block is never closed`)
    let before = i - 1
    while (before >= 0 && lines[before]?.trim() === '') before--
    const marker = /^<!--\s*snippet:\s*(\w+)\s*-->$/.exec(lines[before]?.trim() ?? '')?.[1]
    if (marker !== undefined && marker !== 'skip' && marker !== 'test' && marker !== 'run') {
      throw new Error(`README line ${before + 1}: unknown marker "snippet: ${marker}"`)
    }
    snippets.push({
      line: i + 2,
      code: `${lines.slice(i + 1, end).join('\n')}\n`,
      mode: marker ?? 'check',
    })
    i = end
  }
  return snippets
}

/** Packages an `npm install` (or `npm i`) anywhere in the README names, flags left out. */
export function installedPackages(markdown: string): Set<string> {
  const names = new Set<string>()
  for (const match of markdown.matchAll(/\bnpm (?:install|i|add)\b([^\n`#;&|]*)/g)) {
    for (const word of (match[1] ?? '').trim().split(/\s+/)) {
      if (word && !word.startsWith('-')) names.add(word.replace(/(?<=.)@[^/]*$/, ''))
    }
  }
  return names
}

/** The packages a snippet imports, by name (`@scope/name` or `name`), with their lines. */
function importedPackages(file: TypeScript.SourceFile): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = []
  const visit = (node: TypeScript.Node) => {
    const specifier =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier
        ? node.moduleSpecifier
        : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
          ? node.arguments[0]
          : undefined
    if (specifier && ts.isStringLiteral(specifier)) {
      const text = specifier.text
      const bare = !text.startsWith('.') && !text.startsWith('/') && !text.startsWith('node:')
      if (bare && !builtinModules.includes(text)) {
        const parts = text.split('/')
        const name = text.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? text)
        const { line } = file.getLineAndCharacterOfPosition(specifier.getStart(file))
        found.push({ name, line })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

export type CheckOptions = {
  /** Run the snippets marked `test` with vitest too. @default true */
  readonly runTests?: boolean
  /** Keep the extracted files (their folder is printed). @default false */
  readonly keep?: boolean
}

export type CheckResult = {
  readonly snippets: readonly Snippet[]
  readonly problems: readonly SnippetProblem[]
  /** Where the snippets were written. */
  readonly folder: string
}

/** A problem and the snippet file it belongs to (none: the whole check, such as a bad option). */
type FoundProblem = SnippetProblem & { readonly file?: string }

/** Type-checks every snippet of the README at `readmePath`; no problems means they all compile. */
export async function checkReadmeSnippets(
  readmePath: string,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const [result] = await checkReadmes([readmePath], options)
  if (!result) throw new Error('checkReadmes answers one result per README')
  return result
}

/**
 * Checks several READMEs at once, each as `checkReadmeSnippets` would: one compiler, one vitest
 * run and one script run serve them all, since each costs seconds to start.
 */
export async function checkReadmes(
  readmePaths: readonly string[],
  options: CheckOptions = {},
): Promise<CheckResult[]> {
  mkdirSync(cacheRoot, { recursive: true })
  const folder = mkdtempSync(join(cacheRoot, 'run-'))
  try {
    const readmes = readmePaths.map((path, index) => {
      const markdown = readFileSync(path, 'utf8')
      const snippets = extractSnippets(markdown)
      return { markdown, snippets, files: writeSnippets(join(folder, `readme-${index}`), snippets) }
    })
    const files = new Map(readmes.flatMap((readme) => [...readme.files]))
    // the runs are child processes: start them first, and type-check while they work
    const runs = options.runTests === false ? [] : [runTests(folder, files), runScripts(files)]
    const found: FoundProblem[] = [
      ...typeCheck(folder, files),
      ...readmes.flatMap((readme) => missingInstalls(readme.markdown, readme.files)),
      ...(await Promise.all(runs)).flat(),
    ]
    return readmes.map(({ snippets, files: own }) => ({
      snippets,
      folder,
      problems: found
        .filter((problem) => problem.file === undefined || own.has(problem.file))
        .map(({ file: _, ...problem }) => problem)
        .sort((a, b) => a.line - b.line),
    }))
  } finally {
    if (!options.keep) rmSync(folder, { recursive: true, force: true })
  }
}

/** Writes each snippet not skipped to a file of its own in `folder`. */
function writeSnippets(folder: string, snippets: readonly Snippet[]): Map<string, Snippet> {
  mkdirSync(folder)
  const files = new Map<string, Snippet>()
  for (const snippet of snippets) {
    if (snippet.mode === 'skip') continue
    // a script runs as an ES module, as the README asks users to run the snippets
    const suffix = snippet.mode === 'test' ? '.test.ts' : snippet.mode === 'run' ? '.mts' : '.ts'
    const file = join(folder, `readme-line-${snippet.line}${suffix}`)
    writeFileSync(file, snippet.code)
    files.set(file, snippet)
  }
  return files
}

function typeCheck(folder: string, files: Map<string, Snippet>): FoundProblem[] {
  // what a user's ES module project compiles with, the project's strictness included, and the
  // package's two entries mapped to the sources as the project's own tsconfig.json maps them
  const config = {
    compilerOptions: {
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      moduleDetection: 'force',
      lib: ['es2022'],
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      paths: {
        'truto-langchainjs-toolset': [join(root, 'src/index.ts')],
        'truto-langchainjs-toolset/testing': [join(root, 'src/testing/index.ts')],
        'truto-langchainjs-toolset/redis': [join(root, 'src/redis/index.ts')],
      },
    },
    files: [...files.keys()].map((file) => relative(folder, file)),
  }
  const configPath = join(folder, 'tsconfig.json')
  writeFileSync(configPath, JSON.stringify(config, null, 2))
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
    },
  })
  if (!parsed) throw new Error(`cannot read ${configPath}`)
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options })
  const problems: FoundProblem[] = program.getOptionsDiagnostics().map((diagnostic) => ({
    line: 0,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  }))
  // only the snippets' own errors: the library's sources are checked by the project's tsconfig
  for (const [file, snippet] of files) {
    const source = program.getSourceFile(file)
    if (!source) throw new Error(`${file} is not in the program`)
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ]
    for (const diagnostic of diagnostics) {
      const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
      problems.push({
        file,
        line: snippet.line + line,
        column: character + 1,
        message: `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
      })
    }
  }
  return problems
}

// a package a snippet imports must be in an install line, or the snippet does not run as pasted
function missingInstalls(markdown: string, files: Map<string, Snippet>): FoundProblem[] {
  const installed = installedPackages(markdown)
  const problems: FoundProblem[] = []
  for (const [file, snippet] of files) {
    const source = ts.createSourceFile('snippet.ts', snippet.code, ts.ScriptTarget.ES2022, true)
    const named = new Set<string>()
    for (const { name, line } of importedPackages(source)) {
      if (installed.has(name) || named.has(name)) continue
      named.add(name)
      problems.push({
        file,
        line: snippet.line + line,
        message: `'${name}' is imported, but no \`npm install\` in the README installs it`,
      })
    }
  }
  return problems
}

async function runTests(folder: string, files: Map<string, Snippet>): Promise<FoundProblem[]> {
  const tests = [...files].filter(([, snippet]) => snippet.mode === 'test')
  if (tests.length === 0) return []
  const configPath = join(folder, 'vitest.config.mjs')
  const reportPath = join(folder, 'vitest-report.json')
  const alias = (name: string, path: string) =>
    `{ find: ${new RegExp(`^${name.replaceAll('/', '\\/')}$`)}, replacement: ${JSON.stringify(join(root, path))} }`
  // one worker without isolation: the test snippets are few, and a worker costs more than they do
  writeFileSync(
    configPath,
    `export default {
  resolve: {
    alias: [
      ${alias('truto-langchainjs-toolset/testing', 'src/testing/index.ts')},
      ${alias('truto-langchainjs-toolset/redis', 'src/redis/index.ts')},
      ${alias('truto-langchainjs-toolset', 'src/index.ts')},
    ],
  },
  test: { root: ${JSON.stringify(folder)}, include: ['**/*.test.ts'], exclude: [], testTimeout: 30000, maxWorkers: 1, isolate: false },
}
`,
  )
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
  const run = await finished(
    process.execPath,
    [vitest, 'run', '--config', configPath, '--reporter=json', `--outputFile=${reportPath}`],
    { cwd: folder, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } },
  )
  if (run.code === 0) return []
  // each failing file says its own failures; without a report, every test gets the whole output
  const failures = failuresByFile(reportPath)
  const output = `${run.stdout}${run.stderr}`.trim()
  return tests.flatMap(([file, snippet]) => {
    const failure = failures ? failures.get(file) : output
    if (failure === undefined) return []
    const message = `the test of ${relative(folder, file)} fails under vitest:\n${failure}`
    return [{ file, line: snippet.line, message }]
  })
}

/** What vitest's JSON report says failed, per test file; undefined when there is no report. */
function failuresByFile(reportPath: string): Map<string, string> | undefined {
  type Report = {
    testResults?: {
      name: string
      status: string
      message?: string
      assertionResults?: { failureMessages?: string[] }[]
    }[]
  }
  let report: Report
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report
  } catch {
    return undefined
  }
  const failures = new Map<string, string>()
  for (const result of report.testResults ?? []) {
    if (result.status === 'passed') continue
    const messages = (result.assertionResults ?? []).flatMap((test) => test.failureMessages ?? [])
    failures.set(result.name, [result.message, ...messages].filter(Boolean).join('\n'))
  }
  return failures
}

// the snippets marked `run`, each a script against the sandbox and a Redis (run-readme-snippets.ts)
async function runScripts(files: Map<string, Snippet>): Promise<FoundProblem[]> {
  const scripts = [...files].filter(([, snippet]) => snippet.mode === 'run')
  if (scripts.length === 0) return []
  const runner = join(root, 'scripts', 'run-readme-snippets.ts')
  const run = await finished(
    process.execPath,
    ['--import', 'tsx', runner, ...scripts.map(([file]) => file)],
    { cwd: root, timeout: 180_000 },
  )
  const line = run.stdout.trim().split('\n').at(-1) ?? ''
  let results: Record<string, string | null>
  try {
    results = JSON.parse(line) as Record<string, string | null>
  } catch {
    const said = `${run.stderr}${run.stdout}`.trim().slice(-2000)
    return scripts.map(([file, snippet]) => ({
      file,
      line: snippet.line,
      message: `could not run: ${said}`,
    }))
  }
  return scripts.flatMap(([file, snippet]) => {
    const failure = results[file]
    return failure ? [{ file, line: snippet.line, message: `running it failed: ${failure}` }] : []
  })
}

/** A child process's exit code and output, once it has exited (a failing exit is not thrown). */
function finished(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { ...options, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** `README.md:12:5 TS2304: …` lines for a terminal or CI log. */
export function formatProblems(readmePath: string, problems: readonly SnippetProblem[]): string {
  const name = relative(process.cwd(), readmePath) || readmePath
  return problems
    .map((problem) => {
      const at =
        problem.column === undefined ? `${problem.line}` : `${problem.line}:${problem.column}`
      return `${name}:${at} ${problem.message}`
    })
    .join('\n')
}

/** The project's README. */
export const projectReadme = join(root, 'README.md')
