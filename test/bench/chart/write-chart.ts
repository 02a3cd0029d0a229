// Where the benches' charts go: docs/images/ at the repository's root.
import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const ROOT = new URL('../../../', import.meta.url)

/** Writes `svg` to docs/images/`name` and returns that path, relative to the repository's root. */
export async function writeChart(name: string, svg: string): Promise<string> {
  const path = `docs/images/${name}`
  await mkdir(fileURLToPath(new URL('docs/images/', ROOT)), { recursive: true })
  await writeFile(fileURLToPath(new URL(path, ROOT)), svg)
  return path
}
