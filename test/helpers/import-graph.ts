import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/** The files a source file reaches through static value imports, and the packages they name. */
export function staticImports(entry: string): { files: Set<string>; packages: string[] } {
  const files = new Set<string>()
  const packages: string[] = []
  const walk = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const source = readFileSync(file, 'utf8')
    for (const [, clause, specifier] of source.matchAll(
      /^(?:import|export)\s+([^'";]*?)\s*from\s+'([^']+)'/gm,
    )) {
      // type-only imports vanish from the emitted JavaScript
      if (!specifier || /^type\s/.test(clause ?? '')) continue
      if (specifier.startsWith('.')) walk(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
      else packages.push(specifier)
    }
  }
  walk(entry)
  return { files, packages }
}
