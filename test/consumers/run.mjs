// Packs the library, installs the tarball once in a scratch project with its peers at the versions of
// package-lock.json, and checks every way a user consumes it: `import` and require() of each
// entry (using them, with the same export names), TypeScript under node16 and bundler resolution,
// and the truto-sandbox CLI. One line per check; exits 1 if any fails.
// npm run test:consumers   (offline from the npm cache that `npm ci` filled, else the npm registry)
import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { locked, pack, root, run } from '../helpers/pack.mjs'

const PEERS = ['@langchain/core', 'zod', '@modelcontextprotocol/sdk', 'redis']
const TIMEOUT_MS = 60_000
const started = performance.now()
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`
let failures = 0
const report = (ok, label, detail = '') => {
  if (!ok) failures++
  console.log(`${ok ? 'ok' : 'not ok'} ${label}${detail ? ` (${detail})` : ''}`)
}
// the scratch project's processes: no TRUTO_* settings of this shell (the consumers expect none),
// and npm's script variables left out so npm works in the scratch project, not in the repo
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(TRUTO_|npm_package_|npm_lifecycle_|npm_config_local_prefix$)/i.test(key),
  ),
)

const scratch = mkdtempSync(join(tmpdir(), 'truto-consumers-'))
const children = new Set()
try {
  let since = performance.now()
  const tarball = step('npm pack (prepack builds dist/)', () => pack(scratch))
  report(true, `packed ${tarball}`, seconds(since))

  since = performance.now()
  const peers = locked(PEERS)
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'consumer', type: 'module', private: true }),
  )
  step('npm install', () =>
    run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`, ...peers],
      scratch,
      env,
    ),
  )
  report(true, `installed it with ${peers.join(' ')}`, seconds(since))

  const here = (file) => new URL(file, import.meta.url)
  for (const file of ['exercise.mjs', 'esm.mjs', 'cjs.cjs', 'dual.mjs', 'served.mjs']) {
    copyFileSync(here(file), join(scratch, file))
  }
  for (const extension of ['ts', 'mts', 'cts']) {
    copyFileSync(here('types.ts'), join(scratch, `consumer.${extension}`))
  }
  for (const config of ['node16', 'bundler']) {
    copyFileSync(here(`tsconfig.${config}.json`), join(scratch, `tsconfig.${config}.json`))
  }

  // two cores: the type checks (CPU) run beside the runtime consumers and the CLI (mostly waiting)
  const tsc = join(root, 'node_modules', '.bin', 'tsc')
  // --listFiles: the declarations each resolution picked, .d.ts for import and .d.cts for require
  const typeCheck = (config, files, declarations) =>
    exec(tsc, ['-p', `tsconfig.${config}.json`, '--pretty', 'false', '--listFiles']).then(
      (result) => () => {
        const read = result.stdout
          .split('\n')
          .map((file) => file.split('/truto-langchainjs-toolset/')[1])
        const missing = declarations.filter((file) => !read.includes(file))
        const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line))
        report(
          result.code === 0 && missing.length === 0,
          `types: moduleResolution ${config} type-checks ${files}`,
          result.code !== 0
            ? `tsc exited ${result.code}:\n${errors.join('\n')}${result.stderr}`
            : missing.length > 0
              ? `never read ${missing.join(', ')}`
              : `${declarations.join(', ')}; ${result.time}`,
        )
      },
    )
  const entries = ['dist/index', 'dist/testing/index', 'dist/redis/index']
  const consumer = (file) =>
    exec('node', [file]).then((result) => () => {
      const lines = result.stdout.split('\n').filter(Boolean)
      for (const line of lines) {
        const verdict = /^(ok|not ok) (.*)$/.exec(line)
        if (verdict) report(verdict[1] === 'ok', verdict[2])
        else console.log(`  ${file}: ${line}`)
      }
      if (result.code !== 0) {
        report(false, `node ${file} exited ${result.code ?? result.signal}`, `\n${result.stderr}`)
      }
    })

  const outcomes = await Promise.all([
    typeCheck(
      'node16',
      'consumer.mts (import) and consumer.cts (require)',
      entries.flatMap((entry) => [`${entry}.d.ts`, `${entry}.d.cts`]),
    ),
    consumer('esm.mjs').then(async (esm) => [esm, await consumer('cjs.cjs')]),
    consumer('dual.mjs').then(async (dual) => [dual, await cli()]),
    typeCheck(
      'bundler',
      'consumer.ts',
      entries.map((entry) => `${entry}.d.ts`),
    ),
  ])
  for (const print of outcomes.flat(2)) print()
} catch (error) {
  report(false, error.message)
} finally {
  for (const child of children) child.kill('SIGKILL')
  rmSync(scratch, { recursive: true, force: true })
}
console.log(
  failures === 0
    ? `all consumers ok in ${seconds(started)}`
    : `${failures} check(s) failed in ${seconds(started)}`,
)
process.exitCode = failures === 0 ? 0 : 1

/** Runs a setup step; a failure ends the run with what the command wrote. */
function step(label, body) {
  try {
    return body()
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-30)
    throw new Error(`${label} failed: ${error.message.split('\n')[0]}\n${output.join('\n')}`)
  }
}

/** Runs a command in the scratch project to its end (at most TIMEOUT_MS). */
function exec(command, args, { onStdout } = {}) {
  const since = performance.now()
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.add(child)
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      stderr += `\nkilled after ${TIMEOUT_MS} ms`
      child.kill('SIGKILL')
    }, TIMEOUT_MS)
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      onStdout?.(stdout, child)
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', (error) => {
      stderr += String(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      children.delete(child)
      resolve({ code, signal, stdout, stderr, time: seconds(since) })
    })
  })
}

/** `npx truto-sandbox --help`, then the bin serving on a free port of 127.0.0.1 until SIGTERM. */
async function cli() {
  const lines = []
  const help = await exec('npx', ['--no', '--', 'truto-sandbox', '--help'])
  lines.push(() =>
    report(
      help.code === 0 && help.stdout.startsWith('Usage: truto-sandbox'),
      'cli: npx truto-sandbox --help prints the usage and exits 0',
      help.code === 0 ? '' : `exited ${help.code}: ${help.stderr}`,
    ),
  )

  // the bin itself (not through npx) so that SIGTERM reaches the server's process
  const bin = join(scratch, 'node_modules', '.bin', 'truto-sandbox')
  let served
  const serving = exec(bin, ['--port', '0', '--json'], {
    onStdout: (stdout, child) => {
      if (served || !stdout.includes('\n')) return
      served = probe(stdout.split('\n')[0])
        .catch((error) => error)
        .finally(() => child.kill('SIGTERM'))
    },
  })
  const exit = await serving
  const facts = served ? await served : new Error('it printed no line')
  lines.push(() =>
    report(
      !(facts instanceof Error) && exit.code === 0 && exit.signal === null,
      'cli: truto-sandbox --port 0 --json serves on 127.0.0.1 and exits 0 on SIGTERM',
      facts instanceof Error
        ? `${facts.message}; exited ${exit.code} ${exit.signal ?? ''} ${exit.stderr}`
        : `${facts}, exited ${exit.code}`,
    ),
  )
  return lines
}

/** What the CLI's JSON line promises: a URL on 127.0.0.1 that a manager of the package can use. */
async function probe(line) {
  const { url, apiKey, accounts } = JSON.parse(line)
  const { hostname, port } = new URL(url)
  if (hostname !== '127.0.0.1') throw new Error(`listening on ${hostname}, not 127.0.0.1`)
  const client = await exec('node', ['served.mjs', url, apiKey, accounts.octapipe])
  if (client.code !== 0) throw new Error(`served.mjs failed: ${client.stderr.trim()}`)
  return `port ${port}: ${client.stdout.trim()}`
}
