// What must hold on every runtime: tools load, rate-limited parallel calls all succeed without a 429,
// invalid arguments come back as an error message, and a 404 is reported, not thrown.
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'

const sandbox = createSandbox({ rateLimit: { limit: 3, windowMs: 500 } })
const manager = new TrutoToolManager({
  apiKey: sandbox.apiKey,
  baseUrl: sandbox.baseUrl,
  fetch: sandbox.fetch,
})
const tools = await manager.getTools(sandbox.accounts.octapipe)
const byName = (name) => tools.find((t) => t.name === name)
const call = (tool, args, id = 'c') => tool.invoke({ type: 'tool_call', id, name: tool.name, args })

const list = byName('list_all_octapipe_pipelines')
const pages = await Promise.all(Array.from({ length: 8 }, (_, i) => call(list, {}, `c${i}`)))
const invalid = await call(list, { limit: 'many' })
const missing = await call(byName('get_single_octapipe_pipeline_by_id'), { id: 'nope' })

const facts = {
  tools: tools.length,
  succeeded: pages.filter((m) => m.status === 'success').length,
  http429: sandbox.requests.filter((r) => r.status === 429).length,
  invalid: invalid.status,
  missing: missing.status,
}
const ok =
  facts.tools > 0 &&
  facts.succeeded === 8 &&
  facts.http429 === 0 &&
  facts.invalid === 'error' &&
  facts.missing === 'error'
console.log(`${ok ? 'ok' : 'NOT OK'} ${JSON.stringify(facts)}`)
process.exitCode = ok ? 0 : 1
