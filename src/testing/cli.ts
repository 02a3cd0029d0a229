#!/usr/bin/env node
// `npx truto-sandbox`: the sandbox served over HTTP until Ctrl+C, SIGTERM or SIGHUP, for other
// processes and languages
import { type CliOptions, parseCliArgs, randomApiKey, USAGE, UsageError } from './cli-args.js'
import { createSandbox, type Sandbox, type SandboxServer } from './index.js'
import { SANDBOX_TRUTO_LIMITS } from './state/truto-tiers.js'

// how often the CLI checks that the process that started it (npx, a shell) is still there
const PARENT_CHECK_MS = 1000

async function main(argv: readonly string[]): Promise<void> {
  let options: CliOptions
  let sandbox: Sandbox
  try {
    options = parseCliArgs(argv)
    if (options.help) {
      process.stdout.write(USAGE)
      return
    }
    // a well-known key would let anything on this machine (or network) call the sandbox
    sandbox = createSandbox({
      ...options.sandbox,
      apiKey: options.sandbox.apiKey ?? randomApiKey(),
    })
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof TypeError)) throw error
    process.stderr.write(`truto-sandbox: ${error.message}\nRun truto-sandbox --help for usage.\n`)
    process.exitCode = 2
    return
  }

  let server: SandboxServer
  try {
    server = await sandbox.listen({
      port: options.port,
      host: options.host,
      allowedHosts: options.allowedHosts,
      keepProcessAlive: true,
    })
  } catch (error) {
    process.stderr.write(`truto-sandbox: ${listenFailure(error, options)}\n`)
    process.exitCode = 1
    return
  }

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    // a second Ctrl+C while closing does not wait for open connections
    if (stopping) process.exit(130)
    stopping = true
    server.close().then(
      () => {
        if (!options.json) process.stdout.write(`Stopped (${signal}).\n`)
      },
      (error: unknown) => {
        process.stderr.write(`truto-sandbox: closing failed: ${String(error)}\n`)
        process.exitCode = 1
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  // a closed terminal sends SIGHUP
  process.on('SIGHUP', stop)
  // npm and npx do not always pass their signal on: a sandbox whose parent died stops too
  const parent = process.ppid
  const watch = setInterval(() => {
    if (process.ppid !== parent) stop('SIGHUP')
  }, PARENT_CHECK_MS)
  watch.unref()

  const { apiKey, accounts } = sandbox
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ url: server.url, apiKey, accounts })}\n`)
    return
  }
  process.stdout.write(banner(server.url, sandbox, options))
}

function banner(url: string, sandbox: Sandbox, options: CliOptions): string {
  const { rateLimit, seed } = options.sandbox
  const names = Object.entries(sandbox.accounts)
  const width = Math.max(...names.map(([name]) => name.length))
  const accounts = names.map(([name, id]) => `${name.padEnd(width)}  ${id}`)
  const lines = [
    `Truto sandbox listening on ${url}`,
    '',
    `  API key     ${sandbox.apiKey}`,
    `  accounts    ${accounts.join(`\n${' '.repeat(14)}`)}`,
    `  rate limit  ${rateLimit ? `${rateLimit.limit} requests per ${rateLimit.windowMs} ms per account` : 'none'}`,
    `  Truto tiers ${tiers()}`,
    `  data        ${seed === false ? 'empty accounts' : 'seeded demo data'}, in memory`,
    '',
    'Point a Truto client at it, e.g.:',
    `  TRUTO_API_BASE_URL=${url} TRUTO_API_KEY=${sandbox.apiKey}`,
    `  new TrutoToolManager({ baseUrl: '${url}', apiKey: '${sandbox.apiKey}' })`,
    '',
    'Press Ctrl+C to stop.',
  ]
  if (!isLoopback(options.host)) {
    const names = WILDCARDS.has(options.host)
      ? '; by IP address, or by a name given with --allow-host'
      : ''
    lines.splice(1, 0, `  (bound to ${options.host}: other machines can reach it${names})`)
  }
  return `${lines.join('\n')}\n`
}

// the CLI serves Truto's tiers at the sandbox's defaults
function tiers(): string {
  const { perToken, perAccount } = SANDBOX_TRUTO_LIMITS
  if (!perToken || !perAccount) return 'none'
  return `${perToken.limit} requests per ${perToken.windowMs} ms per API key, ${perAccount.limit} per ${perAccount.windowMs} ms per account`
}

const WILDCARDS = new Set(['0.0.0.0', '::'])

const isLoopback = (host: string) =>
  host === 'localhost' || host === '::1' || host.startsWith('127.')

function listenFailure(error: unknown, options: CliOptions): string {
  const code = (error as { code?: unknown } | undefined)?.code
  if (code === 'EADDRINUSE') {
    return `port ${options.port} on ${options.host} is in use; pass --port <another> or --port 0 for a free one`
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return `cannot listen on ${options.host}: no such address on this machine`
  }
  return `cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}`
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `truto-sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exitCode = 1
})
