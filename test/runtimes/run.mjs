// Packs the library, installs it in a scratch project and runs smoke.mjs on Node, Bun and Deno.
// npm run smoke:runtimes   (Bun and Deno come from the npm registry through npx)
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pack, run } from '../helpers/pack.mjs'

const scratch = mkdtempSync(join(tmpdir(), 'truto-runtimes-'))

try {
  const tarball = pack(scratch)
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ type: 'module', private: true }))
  run(
    'npm',
    ['install', '--silent', '--no-audit', '--no-fund', `./${tarball}`, '@langchain/core', 'zod'],
    scratch,
  )
  copyFileSync(new URL('smoke.mjs', import.meta.url), join(scratch, 'smoke.mjs'))

  const runtimes = {
    node: ['node', ['smoke.mjs']],
    bun: ['npx', ['-y', 'bun@1', 'smoke.mjs']],
    deno: ['npx', ['-y', 'deno@2', 'run', '-A', 'smoke.mjs']],
  }
  let failed = false
  for (const [name, [command, args]] of Object.entries(runtimes)) {
    try {
      console.log(`${name.padEnd(5)} ${run(command, args, scratch).split('\n').at(-1)}`)
    } catch (error) {
      failed = true
      console.log(`${name.padEnd(5)} FAILED: ${String(error.stderr ?? error).split('\n')[0]}`)
    }
  }
  process.exitCode = failed ? 1 : 0
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
