// import() and require() of each entry: the same package directory, the same export names, and
// errors of one build recognised by the guards of the other.
import { createRequire } from 'node:module'
import { dirname, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const name = 'truto-langchainjs-toolset'
const entries = ['.', './testing', './redis']
let failed = false
const report = (ok, label, detail) => {
  if (!ok) failed = true
  console.log(`${ok ? 'ok' : 'not ok'} dual: ${label}${detail ? ` (${detail})` : ''}`)
}

const packageRoot = dirname(require.resolve(`${name}/package.json`))
const loaded = {}
for (const entry of entries) {
  const specifier = entry === '.' ? name : `${name}/${entry.slice(2)}`
  const esmFile = fileURLToPath(import.meta.resolve(specifier))
  const cjsFile = require.resolve(specifier)
  const esm = await import(specifier)
  const cjs = require(specifier)
  loaded[entry] = { esm, cjs }

  const files = [esmFile, cjsFile].map((file) => relative(packageRoot, file))
  report(
    files.every((file) => !file.startsWith('..')) &&
      /\.js$/.test(esmFile) &&
      /\.cjs$/.test(cjsFile),
    `${entry} resolves into one install`,
    `import ${files[0]}, require ${files[1]}`,
  )

  const esmNames = new Set(Object.keys(esm))
  const cjsNames = new Set(Object.keys(cjs))
  const onlyEsm = [...esmNames].filter((n) => !cjsNames.has(n))
  const onlyCjs = [...cjsNames].filter((n) => !esmNames.has(n))
  report(
    esmNames.size > 0 && onlyEsm.length === 0 && onlyCjs.length === 0,
    `${entry} exports the same names to import() and require()`,
    onlyEsm.length || onlyCjs.length
      ? `only import(): [${onlyEsm.join(', ')}]; only require(): [${onlyCjs.join(', ')}]`
      : `${esmNames.size} names`,
  )
  const kinds = [...esmNames].filter((n) => n in cjs && typeof esm[n] !== typeof cjs[n])
  report(
    kinds.length === 0,
    `${entry} exports of the same kinds`,
    kinds.map((n) => `${n}: ${typeof esm[n]} / ${typeof cjs[n]}`).join(', '),
  )
}

// one project may load both builds (a CommonJS dependency of an ES module app): they interoperate
const interop = async (label, body) => {
  try {
    report(true, label, await body())
  } catch (error) {
    report(false, label, String(error?.message ?? error))
  }
}
const { esm, cjs } = loaded['.']
const { createSandbox } = loaded['./testing'].cjs

await interop("each build's guards recognise the other build's errors", () => {
  const configErrorOf = (build) => {
    try {
      new build.TrutoToolManager({ baseUrl: 'http://127.0.0.1:9' })
    } catch (error) {
      return error
    }
  }
  const fromCjs = configErrorOf(cjs)
  const fromEsm = configErrorOf(esm)
  if (!(esm.isTrutoConfigError(fromCjs) && esm.isTrutoError(fromCjs))) {
    throw new Error(`import()'s guards miss ${fromCjs}`)
  }
  if (!(cjs.isTrutoConfigError(fromEsm) && cjs.isTrutoError(fromEsm))) {
    throw new Error(`require()'s guards miss ${fromEsm}`)
  }
})

await interop('the ES module manager works against the CommonJS sandbox', async () => {
  const sandbox = createSandbox()
  const manager = new esm.TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
  })
  try {
    const tools = await manager.getTools(sandbox.accounts.happyfox)
    if (tools.length === 0) throw new Error('no tools')
    return `${tools.length} tools`
  } finally {
    await manager.close()
  }
})

process.exitCode = failed ? 1 : 0
