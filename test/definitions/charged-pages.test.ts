import fc from 'fast-check'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { expect, test } from 'vitest'

// a page of more than the 1,000,000 characters one tool may take is measured tool by tool
const PADDING = 'p'.repeat(1_000_001)

type Json = Record<string, unknown>

// a schema `levels` deep, of properties, items and anyOf, with a description that may need cutting
const nested = fc
  .record({
    kinds: fc.array(fc.constantFrom('properties', 'items', 'anyOf'), { maxLength: 150 }),
    description: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('Long words. '.repeat(120))),
    values: fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }),
  })
  .map(({ kinds, description, values }) => {
    let node: unknown = values.length
      ? { type: 'string', enum: values, description }
      : { type: 'string', description }
    for (const kind of kinds) {
      if (kind === 'properties') node = { type: 'object', properties: { next: node } }
      else if (kind === 'items') node = { type: 'array', items: node }
      else node = { anyOf: [node, { type: 'null' }] }
    }
    return { type: 'object', properties: { root: node }, description } as Json
  })

const definitions = fc.array(
  fc.record({
    method: fc.constantFrom('list', 'get', 'create', 'bulk_update'),
    query_schema: fc.option(nested, { nil: null }),
    body_schema: fc.option(nested, { nil: null }),
  }),
  { minLength: 1, maxLength: 6 },
)

/** The tools and warnings of one page of these definitions, padded past one tool's budget or not. */
async function load(listed: Json[], padded: boolean) {
  const page = { result: listed, next_cursor: null, ...(padded ? { padding: PADDING } : {}) }
  const text = JSON.stringify(page)
  const warnings: string[] = []
  const manager = new TrutoToolManager({
    apiKey: 'sk_charged_pages_key',
    fetch: async () => new Response(text, { headers: { 'content-type': 'application/json' } }),
    onWarning: (message) => warnings.push(message),
    trutoLimits: false,
  })
  const tools = await manager.getTools('acct_pages')
  return {
    schemas: Object.fromEntries(tools.map((t) => [t.name, JSON.stringify(t.schema)])),
    // which tools each warning names; why a deep one was refused is worded by where it was
    skipped: warnings.flatMap((w) => /^Skipped Truto tool (\S+):/.exec(w)?.[1] ?? []).sort(),
    cut: warnings.filter((w) => w.startsWith('Cut ')),
  }
}

test('a page charged whole loads the same tools, schemas and cuts as one measured tool by tool', () =>
  fc.assert(
    fc.asyncProperty(definitions, async (drawn) => {
      const listed = drawn.map((d, i) => ({
        name: `${d.method}_tool_${i}`,
        description: `Tool ${i}.`,
        resource: `things-${i}`,
        ...d,
      }))

      const charged = await load(listed, false)
      const measured = await load(listed, true)

      expect(charged).toEqual(measured)
    }),
    { numRuns: 60 },
  ))
