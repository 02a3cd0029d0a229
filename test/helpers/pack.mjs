// Shared by the scripts that test the package as it is published (test/runtimes, test/consumers):
// `npm pack` the repo and read the versions its lock file pins.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))

/** Runs a command to its end and returns its trimmed stdout; throws with its stderr on failure. */
export const run = (command, args, cwd, env = process.env) =>
  execFileSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim()

/** Packs the repo into `dir` (`prepack` builds dist/ first) and returns the tarball's file name. */
export const pack = (dir) =>
  run('npm', ['pack', '--silent', '--pack-destination', dir], root).split('\n').at(-1)

/** `name@version` of each package, at the version the repo's package-lock.json installs. */
export function locked(names) {
  const { packages } = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
  return names.map((name) => {
    const version = packages[`node_modules/${name}`]?.version
    if (!version) throw new Error(`${name} is not in package-lock.json`)
    return `${name}@${version}`
  })
}
