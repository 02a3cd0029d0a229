// Runs README snippets marked <!-- snippet: run --> as a user would, as scripts against a real
// Truto-shaped API: the sandbox served over loopback (TRUTO_API_KEY, TRUTO_API_BASE_URL,
// TRUTO_ACCOUNT_ID) and a throwaway redis-server (REDIS_URL). The README's placeholder account
// `acct_123` is the sandbox's Octapipe account. The snippets run one after another in this
// process. Prints one JSON line last: { file: error | null }.
// node --import tsx scripts/run-readme-snippets.ts <file.ts>...
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createSandbox } from '../src/testing/index.js'
import { redisServerBinary, startRedis } from '../test/redis/redis-server.js'

const source = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url))
const files = process.argv.slice(2)
const sandbox = createSandbox()
const server = await sandbox.listen()
const redis = redisServerBinary ? await startRedis() : undefined
const account = sandbox.accounts.octapipe
// what a user's environment would hold for a real account
Object.assign(process.env, {
  TRUTO_API_KEY: sandbox.apiKey,
  TRUTO_API_BASE_URL: server.url,
  TRUTO_ACCOUNT_ID: account,
  ...(redis ? { REDIS_URL: redis.url } : {}),
})
const results: Record<string, string | null> = {}
try {
  for (const file of files) {
    const code = readFileSync(file, 'utf8')
    if (code.includes('REDIS_URL') && !redis) {
      results[file] = 'redis-server is not installed (apt-get install redis-server)'
      continue
    }
    // the package's entries are this repository's sources, as the type check maps them
    const entries = code
      .replaceAll("'truto-langchainjs-toolset/testing'", JSON.stringify(source('testing/index.ts')))
      .replaceAll("'truto-langchainjs-toolset/redis'", JSON.stringify(source('redis/index.ts')))
      .replaceAll("'truto-langchainjs-toolset'", JSON.stringify(source('index.ts')))
    // a copy beside it: the snippet itself is being type-checked meanwhile
    const copy = file.replace(/(\.[cm]?ts)$/, '.run$1')
    writeFileSync(copy, entries.replaceAll("'acct_123'", JSON.stringify(account)))
    // one process for every snippet: each would otherwise load LangChain again
    results[file] = await Promise.race([
      import(pathToFileURL(copy).href).then(() => null),
      new Promise<string>((resolve) => setTimeout(resolve, 60_000, 'did not finish in 60 s')),
    ]).catch((error: unknown) =>
      `threw ${error instanceof Error ? error.stack : String(error)}`.slice(0, 2000),
    )
  }
} finally {
  await server.close()
  await redis?.kill()
}
process.stdout.write(`\n${JSON.stringify(results)}\n`)
// a snippet may leave a handle open (a Redis connection it does not close); the answer is written
process.exit(0)
