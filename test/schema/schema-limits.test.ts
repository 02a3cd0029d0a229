import { convertToOpenAITool } from '@langchain/core/utils/function_calling'
import { describe, expect, test, vi } from 'vitest'
import { definition, testManager, toolCall, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()

// the library's output budget for one tool's schema, in JSON characters
const OUTPUT_BUDGET = 200_000

const good = [
  definition({ name: 'list_all_cards' }),
  definition({
    name: 'create_a_note',
    method: 'create',
    resource: 'notes',
    body_schema: { type: 'object', properties: { text: { type: 'string' } } },
  }),
]

const bodyTool = (name: string, body_schema: unknown) =>
  definition({ name, method: 'create', resource: 'records', body_schema })

/** Serves the good definitions around this one and loads the account. */
async function loadWith(hostile: Record<string, unknown>) {
  api.definitions([good[0]!, hostile, good[1]!])
  const onWarning = vi.fn()
  const tools = await testManager({ onWarning }).getTools()
  const warnings = onWarning.mock.calls.map(([message]) => String(message))
  return { tools, warnings, names: tools.map((t) => t.name) }
}

/** As {@link loadWith}, for a body schema given as JSON text too deep to serialise here. */
async function loadWithBodyText(name: string, bodyText: string) {
  const hostile = JSON.stringify(bodyTool(name, null)).replace(
    '"body_schema":null',
    `"body_schema":${bodyText}`,
  )
  const page = `{"result":[${JSON.stringify(good[0])},${hostile},${JSON.stringify(good[1])}]}`
  api.toolsReply(() => new Response(page, { headers: { 'content-type': 'application/json' } }))
  const onWarning = vi.fn()
  const tools = await testManager({ onWarning }).getTools()
  const warnings = onWarning.mock.calls.map(([message]) => String(message))
  return { warnings, names: tools.map((t) => t.name) }
}

const parametersText = (tool: Parameters<typeof convertToOpenAITool>[0]) =>
  JSON.stringify(convertToOpenAITool(tool).function.parameters)

describe('$ref expansion is bounded', () => {
  test('22 $defs each referring to the next twice: the tool is skipped, the others load', async () => {
    const $defs: Record<string, unknown> = { d22: { type: 'string' } }
    for (let i = 0; i < 22; i++) {
      const next = { $ref: `#/$defs/d${i + 1}` }
      $defs[`d${i}`] = { type: 'object', properties: { left: next, right: next } }
    }
    const { names, warnings } = await loadWith(
      bodyTool('create_a_chain', {
        type: 'object',
        properties: { root: { $ref: '#/$defs/d0' } },
        $defs,
      }),
    )
    expect(names).toEqual(['list_all_cards', 'create_a_note'])
    expect(warnings).toEqual([
      expect.stringMatching(/^Skipped Truto tool create_a_chain: .*output budget of 200000/),
    ])
  })

  test('9 mutually referring $defs: the tool loads within the output budget and validates', async () => {
    const $defs: Record<string, unknown> = {}
    for (let i = 1; i <= 9; i++) {
      const properties: Record<string, unknown> = { name: { type: 'string' } }
      for (let j = 1; j <= 9; j++) properties[`to${j}`] = { $ref: `#/$defs/d${j}` }
      $defs[`d${i}`] = { type: 'object', properties, required: ['name'] }
    }
    const { tools, names, warnings } = await loadWith(
      bodyTool('create_a_mesh', {
        type: 'object',
        properties: { root: { $ref: '#/$defs/d1' } },
        $defs,
      }),
    )
    expect(warnings).toEqual([])
    expect(names).toEqual(['list_all_cards', 'create_a_mesh', 'create_a_note'])
    const mesh = tools[1]!
    expect(parametersText(mesh).length).toBeLessThanOrEqual(OUTPUT_BUDGET)
    const ok = await mesh.invoke(toolCall(mesh.name, { root: { name: 'a', to2: { name: 'b' } } }))
    expect(ok.status).toBe('success')
    const bad = await mesh.invoke(toolCall(mesh.name, { root: { name: 'a', to2: {} } }))
    expect(bad.content).toMatch(/`root\.to2\.name` is required/)
  })
})

describe('one broken definition costs only its own tool, with the reason', () => {
  test('a schema nested 8,000 levels deep is refused by the depth budget', async () => {
    // written as text: serialising 8,000 levels would overflow the test's own stack
    const open = '{"type":"object","properties":{"next":'.repeat(8000)
    const deep = `${open}{"type":"string"}${'}}'.repeat(8000)}`
    const { names, warnings } = await loadWithBodyText('create_a_deep_record', deep)
    expect(names).toEqual(['list_all_cards', 'create_a_note'])
    expect(warnings).toEqual([
      expect.stringMatching(/^Skipped Truto tool create_a_deep_record: .*depth budget of 64/),
    ])
  })

  test('an extension value nested 5,000 levels deep is refused before the validator walks it', async () => {
    const value = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`
    const body = `{"type":"object","properties":{"a":{"type":"string","x-meta":${value}}}}`
    const { names, warnings } = await loadWithBodyText('create_a_deep_record', body)
    expect(names).toEqual(['list_all_cards', 'create_a_note'])
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Skipped Truto tool create_a_deep_record: .*value nested deeper than the depth budget of 64/,
      ),
    ])
  })

  test('a $ref with malformed percent-encoding is named, not a URIError', async () => {
    const { names, warnings } = await loadWith(
      bodyTool('create_a_garbled_record', {
        type: 'object',
        properties: { a: { $ref: '#/%E0%A4%A' } },
      }),
    )
    expect(names).toEqual(['list_all_cards', 'create_a_note'])
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Skipped Truto tool create_a_garbled_record: the reference "#\/%E0%A4%A" has malformed percent-encoding/,
      ),
    ])
  })

  test('a $ref into __proto__ or constructor does not reach Object.prototype', async () => {
    for (const ref of ['#/__proto__', '#/$defs/constructor', '#/properties/a/toString']) {
      const { names, warnings } = await loadWith(
        bodyTool('create_a_prototype_record', {
          type: 'object',
          properties: { a: { type: 'string' }, b: { $ref: ref } },
          $defs: {},
        }),
      )
      expect(names).toEqual(['list_all_cards', 'create_a_note'])
      expect(warnings.join('\n')).toMatch(/points nowhere/)
    }
  })
})

describe('odd property names are ordinary names', () => {
  test('a property named __proto__ is shown with its constraint and validated by it', async () => {
    const body = JSON.parse(`{
      "type": "object",
      "properties": {
        "__proto__": { "type": "string", "minLength": 3 },
        "meta": { "type": "object", "properties": { "__proto__": { "type": "integer" } } }
      }
    }`)
    const { tools, warnings } = await loadWith(bodyTool('create_a_record', body))
    expect(warnings).toEqual([])
    const tool = tools.find((t) => t.name === 'create_a_record')!
    const shown = JSON.parse(parametersText(tool))
    expect(Object.keys(shown.properties)).toEqual(['__proto__', 'meta'])
    expect(Object.getOwnPropertyDescriptor(shown.properties, '__proto__')?.value).toEqual({
      type: 'string',
      minLength: 3,
    })
    expect(Object.keys(shown.properties.meta.properties)).toEqual(['__proto__'])

    const short = await tool.invoke(toolCall(tool.name, JSON.parse('{"__proto__": "ab"}')))
    expect(short.status).toBe('error')
    expect(short.content).toMatch(/`__proto__`/)
    const nested = JSON.parse('{"__proto__": "abc", "meta": {"__proto__": "x"}}')
    const wrongType = await tool.invoke(toolCall(tool.name, nested))
    expect(wrongType.content).toMatch(/`meta\.__proto__` must be integer/)
    const ok = await tool.invoke(toolCall(tool.name, JSON.parse('{"__proto__": "abc"}')))
    expect(ok.status).toBe('success')
  })

  test('query parameters named constructor and toString are offered and routed', async () => {
    const { tools, warnings } = await loadWith(
      definition({
        name: 'list_all_widgets',
        resource: 'widgets',
        query_schema: {
          type: 'object',
          properties: {
            constructor: { type: 'string' },
            toString: { type: 'string' },
            hasOwnProperty: { type: 'string' },
          },
          required: ['constructor'],
        },
      }),
    )
    expect(warnings).toEqual([])
    const tool = tools.find((t) => t.name === 'list_all_widgets')!
    const shown = JSON.parse(parametersText(tool))
    expect(Object.keys(shown.properties)).toEqual([
      'constructor',
      'toString',
      'hasOwnProperty',
      'limit',
      'next_cursor',
    ])
    expect(shown.required).toEqual(['constructor'])

    const message = await tool.invoke(
      toolCall(tool.name, { constructor: 'c', toString: 't', hasOwnProperty: 'h' }),
    )
    expect(message.status).toBe('success')
    const query = api.proxyCalls[0]!.query
    expect([query.get('constructor'), query.get('toString'), query.get('hasOwnProperty')]).toEqual([
      'c',
      't',
      'h',
    ])
    const missing = await tool.invoke(toolCall(tool.name, { toString: 't' }))
    expect(missing.content).toMatch(/`constructor` is required/)
  })
})
