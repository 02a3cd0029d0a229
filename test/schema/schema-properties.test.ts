import { convertToOpenAITool } from '@langchain/core/utils/function_calling'
import fc from 'fast-check'
import { expect, test, vi } from 'vitest'
import { definition, testManager, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()

// the library's output budget for one tool's schema, in JSON characters
const OUTPUT_BUDGET = 200_000

const good = [
  definition({
    name: 'list_all_cards',
    query_schema: { type: 'object', properties: { stage: { type: 'string' } } },
  }),
  definition({
    name: 'create_a_note',
    method: 'create',
    resource: 'notes',
    body_schema: {
      type: 'object',
      properties: { text: { type: 'string' }, owner: { $ref: '#/$defs/user' } },
      $defs: { user: { type: 'object', properties: { email: { type: 'string' } } } },
    },
  }),
  definition({ name: 'get_single_card_by_id', method: 'get' }),
]
const GOOD_NAMES = good.map((d) => String(d.name))

const ODD_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '$ref',
  '',
  'ünïcødé',
  '名前',
  'a/b',
  'c~d',
  '~1',
  '%25',
]
const key = fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string({ maxLength: 4 }))
// Object.fromEntries makes `__proto__` an own key, as JSON.parse does
const record = <T>(entries: fc.Arbitrary<[string, T][]>) => entries.map(Object.fromEntries)
const map = <T>(value: fc.Arbitrary<T>, maxLength = 4) =>
  record(fc.array(fc.tuple(key, value), { maxLength }))

const pointerPart = (name: string) => name.replaceAll('~', '~0').replaceAll('/', '~1')
const refTo = (defs: string[]) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...defs), fc.boolean()).map(([name, encoded]) => {
      const part = pointerPart(name)
      return `#/$defs/${encoded ? encodeURIComponent(part) : part}`
    }),
    fc.constantFrom(
      '#',
      '#/%E0%A4%A',
      '#/__proto__',
      '#/constructor',
      '#/$defs/toString',
      '#/properties',
      'https://example.com/schema',
    ),
  )

// values an unknown keyword may carry; objects avoid `id`, `$id` and `$ref`, which the
// validator reads even inside unknown keywords (a separate finding, outside these files)
const annotation = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  map(fc.string({ maxLength: 4 })).filter((v) => !['id', '$id', '$ref'].some((k) => k in v)),
)

/** Schemas with odd names, unions, junk, cycles and references among `defs`. */
const schemaWith = (defs: string[]) =>
  fc.letrec<{ schema: unknown }>((tie) => ({
    schema: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom({ type: 'string', minLength: 1 }, { type: 'integer' }, true, false),
      fc.record({ type: fc.constant('object'), properties: map(tie('schema')) }),
      fc.record({ type: fc.constant('array'), items: tie('schema') }),
      fc.record({ anyOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
      fc.record(
        { $ref: refTo(defs), description: fc.string(), nullable: fc.boolean() },
        { requiredKeys: ['$ref'] },
      ),
      record(fc.array(fc.tuple(fc.constantFrom(...ODD_KEYS), annotation), { maxLength: 2 })),
      fc.constantFrom(null, 'text', 7, [], { $ref: 5 }),
    ),
  })).schema

const rootSchema = fc.uniqueArray(key, { minLength: 1, maxLength: 6 }).chain((defs) =>
  fc.record({
    type: fc.constant('object'),
    properties: map(schemaWith(defs), 6),
    required: fc.array(key, { maxLength: 3 }),
    $defs: record(fc.tuple(...defs.map((name) => fc.tuple(fc.constant(name), schemaWith(defs))))),
  }),
)

// a chain of $defs each referring to the next `fanout` times: inlined, it doubles per link
const chain = fc
  .record({ links: fc.integer({ min: 1, max: 30 }), fanout: fc.integer({ min: 1, max: 3 }) })
  .map(({ links, fanout }) => {
    const $defs: Record<string, unknown> = { [`d${links}`]: { type: 'string' } }
    for (let i = 0; i < links; i++) {
      const properties: Record<string, unknown> = {}
      for (let f = 0; f < fanout; f++) properties[`p${f}`] = { $ref: `#/$defs/d${i + 1}` }
      $defs[`d${i}`] = { type: 'object', properties }
    }
    return { type: 'object', properties: { root: { $ref: '#/$defs/d0' } }, $defs }
  })

// $defs that refer to one another along random edges, self-references included
const mesh = fc.integer({ min: 1, max: 16 }).chain((size) =>
  fc
    .array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: size * size })
    .map((edges) => {
      const $defs: Record<string, { type: string; properties: Record<string, unknown> }> = {}
      for (let i = 0; i < size; i++) $defs[`m${i}`] = { type: 'object', properties: {} }
      for (const [from, to] of edges) {
        $defs[`m${from}`]!.properties[`to${to}`] = { $ref: `#/$defs/m${to}` }
      }
      return { type: 'object', properties: { root: { $ref: '#/$defs/m0' } }, $defs }
    }),
)

// nesting through properties, items, unions and references, up to far past the depth budget
const deep = fc
  .integer({ min: 1, max: 300 })
  .chain((levels) =>
    fc.array(fc.constantFrom('properties', 'items', 'anyOf', 'ref'), {
      minLength: levels,
      maxLength: levels,
    }),
  )
  .map((kinds) => {
    let node: unknown = { type: 'string' }
    const $defs: Record<string, unknown> = {}
    kinds.forEach((kind, i) => {
      if (kind === 'properties') node = { type: 'object', properties: { next: node } }
      else if (kind === 'items') node = { type: 'array', items: node }
      else if (kind === 'anyOf') node = { anyOf: [node, { type: 'null' }] }
      else {
        $defs[`n${i}`] = node
        node = { $ref: `#/$defs/n${i}` }
      }
    })
    return { type: 'object', properties: { root: node }, $defs }
  })

// up to past both the output budget and the budget of subschemas
const wide = fc.integer({ min: 0, max: 25_000 }).map((count) => ({
  type: 'object',
  properties: Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `field_${i}`,
      { type: 'string', description: `Field ${i}.` },
    ]),
  ),
}))

const hostileDefinition = (schema: fc.Arbitrary<unknown>) =>
  fc.record({
    method: fc.constantFrom('list', 'get', 'create', 'update', 'delete', 'bulk_update'),
    query_schema: fc.option(schema, { nil: null }),
    body_schema: fc.option(schema, { nil: null }),
    required: fc.array(key, { maxLength: 2 }),
  })

/** Loads the good definitions with these hostile ones spread among them. */
async function loadAmong(hostile: Record<string, unknown>[]) {
  const named = hostile.map((h, i) => definition({ ...h, name: `hostile_${i}`, resource: `r${i}` }))
  const served = [...good]
  for (const [i, d] of named.entries()) served.splice((i * 2) % (served.length + 1), 0, d)
  api.definitions(served)
  const onWarning = vi.fn()
  const tools = await testManager({ onWarning }).getTools()
  const warnings = onWarning.mock.calls.map(([message]) => String(message))
  return { tools, warnings, hostileNames: named.map((d) => d.name as string) }
}

async function holds(hostile: Record<string, unknown>[]) {
  const { tools, warnings, hostileNames } = await loadAmong(hostile)
  const names = tools.map((t) => t.name)
  expect(names).toEqual(expect.arrayContaining(GOOD_NAMES))
  for (const tool of tools) {
    const sent = JSON.stringify(convertToOpenAITool(tool).function.parameters)
    expect(sent.length).toBeLessThanOrEqual(OUTPUT_BUDGET)
  }
  // odd names such as `__proto__` and `constructor` are offered like any other
  for (const [i, h] of hostile.entries()) {
    const tool = tools.find((t) => t.name === hostileNames[i])
    const declared = (h.body_schema as { properties?: unknown } | null)?.properties
    if (!tool || h.method !== 'create' || typeof declared !== 'object' || !declared) continue
    const shown = JSON.parse(JSON.stringify(tool.schema)).properties
    expect(Object.keys(shown)).toEqual(expect.arrayContaining(Object.keys(declared)))
  }
  for (const name of hostileNames.filter((n) => !names.includes(n))) {
    expect(warnings.some((w) => w.startsWith(`Skipped Truto tool ${name}:`))).toBe(true)
  }
  for (const name of GOOD_NAMES) {
    expect(warnings.some((w) => w.includes(name))).toBe(false)
  }
}

const property = (schema: fc.Arbitrary<unknown>, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(fc.array(hostileDefinition(schema), { minLength: 1, maxLength: 3 }), holds),
    { numRuns },
  )

test('schemas with odd names, junk, cycles and reference meshes never cost the good tools', () =>
  property(rootSchema, 60))

test('doubling $ref chains load within the output budget or are skipped by name', () =>
  property(chain, 25))

test('random $ref meshes load within the output budget or are skipped by name', () =>
  property(mesh, 25))

test('deep nesting loads within the depth budget or is skipped by name', () => property(deep, 25))

test('wide schemas load or are skipped by name', () => property(wide, 8))

test('odd property names are offered under their own names and validated', () =>
  fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(key, { minLength: 1, maxLength: 6 }),
      fc.constantFrom('create', 'list'),
      async (names, method) => {
        const schema = {
          type: 'object',
          properties: Object.fromEntries(names.map((n) => [n, { type: 'string', minLength: 2 }])),
        }
        const place = method === 'create' ? 'body_schema' : 'query_schema'
        const { tools, warnings } = await loadAmong([{ method, [place]: schema }])
        expect(warnings).toEqual([])
        const tool = tools.find((t) => t.name === 'hostile_0')!
        const shown = JSON.parse(JSON.stringify(tool.schema)).properties
        expect(Object.keys(shown)).toEqual(expect.arrayContaining(names))
        for (const name of names) {
          expect(Object.getOwnPropertyDescriptor(shown, name)?.value).toEqual({
            type: 'string',
            minLength: 2,
          })
          const args = JSON.parse(JSON.stringify(Object.fromEntries([[name, 'x']])))
          expect(tool.validateArguments(args)).not.toEqual([])
        }
      },
    ),
    { numRuns: 30 },
  ))
