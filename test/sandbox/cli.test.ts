import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEFAULT_PORT, parseCliArgs, randomApiKey, UsageError } from '../../src/testing/cli-args.js'
import tsupConfig from '../../tsup.config.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
// the CLI bundled as tsup bundles it (dependencies left to node_modules), so each start is a plain
// `node` start, as `npx truto-sandbox` is, not a TypeScript compile
const cache = join(root, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const bundles = mkdtempSync(join(cache, 'cli-test-'))
const cli = join(bundles, 'cli.mjs')
beforeAll(async () => {
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/testing/cli.ts', import.meta.url))],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  })
})
afterAll(() => rmSync(bundles, { recursive: true, force: true }))

type Run = { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<Exit> }
type Exit = { code: number | null; signal: NodeJS.Signals | null }

// the tests run side by side, so a CLI one left running is stopped when they have all finished
const running: ChildProcess[] = []
afterAll(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

/** Runs the bundled CLI, as `npx truto-sandbox` runs the built file. */
function run(args: string[]): Run {
  const child = spawn(process.execPath, [cli, ...args], {
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
  // 'close', not 'exit': the process can end before its last output is read from the pipes
  const exit = new Promise<Exit>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
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

// each start has a port of its own (--port 0) and mostly waits on a process: they run side by side
describe.concurrent('npx truto-sandbox', () => {
  test('serves until SIGTERM, printing its URL, key and accounts', async () => {
    const sandbox = run(['--port', '0', '--rate-limit', '2/60000'])
    const url = await waitFor(sandbox, /listening on (http:\/\/127\.0\.0\.1:\d+)\n/)
    await waitFor(sandbox, /Press Ctrl\+C to stop\.\n/)
    const banner = sandbox.stdout()
    // no --api-key: a fresh random key, never the old well-known one
    const apiKey = /API key {5}(\S+)\n/.exec(banner)?.[1]
    expect(apiKey).toMatch(/^truto_sandbox_[0-9a-f]{32}$/)
    expect(banner).not.toContain('sandbox-api-key')
    expect(banner).toMatch(/octapipe {2}acct_octapipe_1\n {14}gumloop {3}acct_gumloop_1\n/)
    expect(banner).toContain('rate limit  2 requests per 60000 ms per account')
    expect(banner).toContain(
      'Truto tiers 500 requests per 1000 ms per API key, 50 per 1000 ms per account',
    )
    expect(banner).toContain(`TRUTO_API_BASE_URL=${url} TRUTO_API_KEY=${apiKey}`)

    const authorization = `Bearer ${apiKey}`
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
    const wellKnown = await fetch(proxy, { headers: { authorization: 'Bearer sandbox-api-key' } })
    expect(wellKnown.status).toBe(401)

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

  test('SIGHUP (a closed terminal) stops it too', async () => {
    const sandbox = run(['--json', '--port', '0'])
    await waitFor(sandbox, /^(\{.*\})\n/)

    sandbox.child.kill('SIGHUP')

    expect(await sandbox.exit).toEqual({ code: 0, signal: null })
  })

  test('it stops when the process that started it dies without passing a signal on', async () => {
    // what npx does when it is killed and does not forward the signal
    const starter = `const { spawn } = require('node:child_process');
      spawn(process.execPath, [${JSON.stringify(cli)}, '--json', '--port', '0'],
        { stdio: ['ignore', 'inherit', 'inherit'] });
      setInterval(() => {}, 1000)`
    const parent = spawn(process.execPath, ['-e', starter], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    running.push(parent)
    let stdout = ''
    parent.stdout?.on('data', (chunk) => {
      stdout += chunk
    })
    const exit = new Promise<Exit>((resolve) =>
      parent.once('exit', (code, signal) => resolve({ code, signal })),
    )
    const { url } = JSON.parse(
      await waitFor({ child: parent, stdout: () => stdout, stderr: () => '', exit }, /^(\{.*\})\n/),
    )

    parent.kill('SIGKILL')
    const stopped = async () => {
      for (let i = 0; i < 50; i++) {
        const answered = await fetch(`${url}/integrated-account/x/tools`).then(
          () => true,
          () => false,
        )
        if (!answered) return true
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      return false
    }

    expect(await stopped()).toBe(true)
  })

  test('each start without --api-key gets its own random key', async () => {
    const runs = [run(['--json', '--port', '0']), run(['--json', '--port', '0'])]
    const keys: string[] = []
    for (const started of runs) {
      const { url, apiKey } = JSON.parse(await waitFor(started, /^(\{.*\})\n/))
      expect(apiKey).toMatch(/^truto_sandbox_[0-9a-f]{32}$/)
      const tools = await fetch(`${url}/integrated-account/acct_octapipe_1/tools`, {
        headers: { authorization: `Bearer ${apiKey}` },
      })
      expect(tools.status).toBe(200)
      keys.push(apiKey)
      started.child.kill('SIGTERM')
      expect((await started.exit).code).toBe(0)
    }
    expect(keys[0]).not.toBe(keys[1])
  })

  test('answers only for its own address (and --allow-host), and caps bodies', async () => {
    const sandbox = run(['--json', '--port', '0', '--allow-host', 'sandbox.internal'])
    const { url, apiKey } = JSON.parse(await waitFor(sandbox, /^(\{.*\})\n/))
    const { port } = new URL(url)
    const status = (host: string, extra: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/integrated-account/acct_octapipe_1/mcp',
            headers: { host, authorization: `Bearer ${apiKey}`, ...extra },
          },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end()
      })
    expect(await status(`localhost:${port}`)).toBe(200)
    expect(await status('sandbox.internal')).toBe(200)
    // a DNS-rebinding page: its own name in Host, its own origin in Origin
    expect(await status(`rebind.attacker.example:${port}`)).toBe(403)
    expect(
      await status(`localhost:${port}`, { origin: `http://rebind.attacker.example:${port}` }),
    ).toBe(403)
    const large = await fetch(`${url}/integrated-account/acct_octapipe_1/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), config: {} }),
    })
    expect(large.status).toBe(413)
    expect(await large.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' })
    sandbox.child.kill('SIGTERM')
    expect((await sandbox.exit).code).toBe(0)
  })

  test('--help prints the usage and exits 0', async () => {
    const help = run(['--help'])
    expect(await help.exit).toEqual({ code: 0, signal: null })
    expect(help.stdout()).toMatch(/^Usage: truto-sandbox \[options\]/)
    const flags = ['--port', '--host', '--allow-host', '--api-key', '--rate-limit', '--no-seed']
    for (const flag of [...flags, '--json']) expect(help.stdout()).toContain(flag)
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
      allowedHosts: [],
      sandbox: { seed: true },
    })
  })

  test('random API keys: 32 hex digits from the CSPRNG behind a recognisable prefix', () => {
    const keys = new Set(Array.from({ length: 50 }, () => randomApiKey()))
    expect(keys.size).toBe(50)
    for (const key of keys) expect(key).toMatch(/^truto_sandbox_[0-9a-f]{32}$/)
  })

  test('every flag', () => {
    const args = ['--port=0', '--host', '[::1]', '--api-key', 'k', '--rate-limit', '10/1000']
    const hosts = ['--allow-host', 'sandbox.internal', '--allow-host', 'proxy.test:8080']
    expect(parseCliArgs([...args, ...hosts, '--no-seed', '--json'])).toEqual({
      help: false,
      json: true,
      port: 0,
      host: '::1',
      allowedHosts: ['sandbox.internal', 'proxy.test:8080'],
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
    [['--allow-host', 'http://evil.example'], '--allow-host takes a host name'],
    [['--allow-host', 'a b'], '--allow-host takes a host name'],
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
