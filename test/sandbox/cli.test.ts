import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { DEFAULT_PORT, parseCliArgs, UsageError } from '../../src/testing/cli-args.js'
import tsupConfig from '../../tsup.config.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = fileURLToPath(new URL('../../src/testing/cli.ts', import.meta.url))

type Run = { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<Exit> }
type Exit = { code: number | null; signal: NodeJS.Signals | null }

const running: ChildProcess[] = []
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

/** Runs the CLI from source, as `npx truto-sandbox` runs the built file. */
function run(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  const exit = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  return { child, stdout: () => stdout, stderr: () => stderr, exit }
}

/** Resolves with stdout once it matches, or rejects when the process ends first. */
async function waitFor({ child, stdout, stderr, exit }: Run, pattern: RegExp): Promise<string> {
  const seen = new Promise<string>((resolve) => {
    const check = () => {
      const match = pattern.exec(stdout())
      if (!match) return
      child.stdout?.off('data', check)
      resolve(match[1] ?? match[0])
    }
    child.stdout?.on('data', check)
    check()
  })
  const ended = exit.then(({ code }) => {
    throw new Error(`the CLI exited (${code}) first: ${stdout()}${stderr()}`)
  })
  return Promise.race([seen, ended])
}

describe('npx truto-sandbox', () => {
  test('serves until SIGTERM, printing its URL, key and accounts', async () => {
    const sandbox = run(['--port', '0', '--rate-limit', '2/60000'])
    const url = await waitFor(sandbox, /listening on (http:\/\/127\.0\.0\.1:\d+)\n/)
    await waitFor(sandbox, /Press Ctrl\+C to stop\.\n/)
    const banner = sandbox.stdout()
    expect(banner).toContain('API key     sandbox-api-key')
    expect(banner).toMatch(/octapipe {2}acct_octapipe_1\n {14}gumloop {3}acct_gumloop_1\n/)
    expect(banner).toContain('rate limit  2 requests per 60000 ms per account')
    expect(banner).toContain(`TRUTO_API_BASE_URL=${url} TRUTO_API_KEY=sandbox-api-key`)

    const authorization = 'Bearer sandbox-api-key'
    const tools = await fetch(`${url}/integrated-account/acct_happyfox_1/tools`, {
      headers: { authorization },
    })
    expect(tools.status).toBe(200)
    const { results } = (await tools.json()) as { results: { name: string }[] }
    expect(results.map((tool) => tool.name)).toContain('list_all_happyfox_tickets')
    expect(tools.headers.get('ratelimit-remaining')).toBe('1')
    const proxy = `${url}/proxy/tickets?integrated_account_id=acct_happyfox_1`
    expect((await fetch(proxy, { headers: { authorization } })).status).toBe(200)
    expect((await fetch(proxy, { headers: { authorization } })).status).toBe(429)
    expect((await fetch(proxy)).status).toBe(401)

    sandbox.child.kill('SIGTERM')
    expect(await sandbox.exit).toEqual({ code: 0, signal: null })
    expect(sandbox.stdout()).toContain('Stopped (SIGTERM).')
    await expect(fetch(proxy)).rejects.toThrow()
  })

  test('--json prints one line for other programs, and SIGINT stops it too', async () => {
    const sandbox = run(['--json', '--port', '0', '--no-seed', '--api-key', 'other-key'])
    const line = await waitFor(sandbox, /^(\{.*\})\n/)
    const { url, apiKey, accounts } = JSON.parse(line)
    expect(apiKey).toBe('other-key')
    expect(accounts).toEqual({
      octapipe: 'acct_octapipe_1',
      gumloop: 'acct_gumloop_1',
      happyfox: 'acct_happyfox_1',
    })
    const tickets = await fetch(`${url}/proxy/tickets?integrated_account_id=acct_happyfox_1`, {
      headers: { authorization: 'Bearer other-key' },
    })
    expect(await tickets.json()).toMatchObject({ result: [] })
    sandbox.child.kill('SIGINT')
    expect(await sandbox.exit).toEqual({ code: 0, signal: null })
    expect(sandbox.stdout()).toBe(`${line}\n`)
  })

  test('--help prints the usage and exits 0', async () => {
    const help = run(['--help'])
    expect(await help.exit).toEqual({ code: 0, signal: null })
    expect(help.stdout()).toMatch(/^Usage: truto-sandbox \[options\]/)
    for (const flag of ['--port', '--host', '--api-key', '--rate-limit', '--no-seed', '--json'])
      expect(help.stdout()).toContain(flag)
  })

  test('a bad flag exits 2 naming it, without serving', async () => {
    const bad = run(['--rate-limit', 'fast'])
    expect(await bad.exit).toEqual({ code: 2, signal: null })
    expect(bad.stdout()).toBe('')
    expect(bad.stderr()).toContain('--rate-limit takes <requests>/<milliseconds>')
  })

  test('a port in use exits 1 and says so', async () => {
    const first = run(['--json', '--port', '0'])
    const { url } = JSON.parse(await waitFor(first, /^(\{.*\})\n/))
    const port = new URL(url).port
    const second = run(['--port', port])
    expect(await second.exit).toEqual({ code: 1, signal: null })
    expect(second.stderr()).toContain(`port ${port} on 127.0.0.1 is in use`)
    first.child.kill('SIGTERM')
    expect((await first.exit).code).toBe(0)
  })
})

describe('arguments', () => {
  test('defaults: a fixed port on loopback, seeded, no rate limit', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      json: false,
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      sandbox: { seed: true },
    })
  })

  test('every flag', () => {
    const args = ['--port=0', '--host', '[::1]', '--api-key', 'k', '--rate-limit', '10/1000']
    expect(parseCliArgs([...args, '--no-seed', '--json'])).toEqual({
      help: false,
      json: true,
      port: 0,
      host: '::1',
      sandbox: { seed: false, apiKey: 'k', rateLimit: { limit: 10, windowMs: 1000 } },
    })
    expect(parseCliArgs(['-h']).help).toBe(true)
  })

  test.each([
    [['--port', '70000'], '--port must be a number from 0 to 65535'],
    [['--port', '-1'], '--port'],
    [['--rate-limit', '0/1000'], '--rate-limit takes'],
    [['--rate-limit', '10/'], '--rate-limit takes'],
    [['--host', ''], '--host must be an address'],
    [['--api-key', ' '], '--api-key must not be empty'],
    [['--seed', '--no-seed'], 'not both'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['serve'], 'serve'],
  ])('%j is refused', (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(UsageError)
    expect(() => parseCliArgs(args)).toThrow(message)
  })

  test('the bin is the CLI that tsup builds, shipped in dist', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    expect(pkg.bin).toEqual({ 'truto-sandbox': './dist/testing/cli.js' })
    expect(pkg.files).toContain('dist')
    const configs = [tsupConfig].flat() as { entry?: unknown; platform?: string }[]
    expect(configs).toContainEqual(
      expect.objectContaining({
        entry: { 'testing/cli': 'src/testing/cli.ts' },
        format: 'esm',
        platform: 'node',
      }),
    )
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
  })
})
