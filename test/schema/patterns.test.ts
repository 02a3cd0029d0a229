import fc from 'fast-check'
import type { TrutoTool } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { definition, testManager, toolCall, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()

const KB10 = 10 * 1024
// the classic ReDoS shapes: nested quantifiers and overlapping alternations
const EVIL = [
  '^(a+)+$',
  '(a|a)*$',
  '(a*)*b',
  '(\\w+\\s?)*$',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '^\\s*(.*?)\\s*$',
]
const LONG_INPUTS = [
  `${'a'.repeat(KB10)}!`,
  `${'ab'.repeat(KB10 / 2)}!`,
  `${'a '.repeat(KB10 / 2)}!`,
  `${' '.repeat(KB10)}!`,
]

async function bodyTool(body: Record<string, unknown>): Promise<TrutoTool> {
  api.definitions([definition({ method: 'create', body_schema: body })])
  const [tool] = await testManager().getTools()
  return tool!
}

const stringTool = (pattern: string) =>
  bodyTool({ type: 'object', properties: { value: { type: 'string', pattern } } })

const accepts = (tool: TrutoTool, value: string) => tool.validateArguments({ value }).length === 0

describe('a server pattern cannot freeze the process', () => {
  test('a catastrophic pattern rejects a near miss without sending anything', async () => {
    const tool = await stringTool('^(a+)+$')
    for (const value of [`${'a'.repeat(31)}!`, `${'a'.repeat(KB10)}!`]) {
      const message = await tool.invoke(toolCall(tool.name, { value }))
      expect(message.status).toBe('error')
      expect(message.content).toContain('`value` must match the pattern ^(a+)+$')
    }
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('a value that matches only after native backtracking would explode is sent at once', async () => {
    // RE2 finds the `!` in linear time; a backtracking engine tries every split of the a's first
    const tool = await stringTool('(a+)+$|!')
    const value = `${'a'.repeat(40)}!`

    const message = await tool.invoke(toolCall(tool.name, { value }))

    expect(message.status).toBe('success')
    expect(api.proxyCalls[0]?.body).toEqual({ value })
  })

  test('a matching 10 KB value is sent', async () => {
    const tool = await stringTool('^(a+)+$')
    const value = 'a'.repeat(KB10)
    expect((await tool.invoke(toolCall(tool.name, { value }))).status).toBe('success')
    expect(api.proxyCalls[0]?.body).toEqual({ value })
  })

  test('patternProperties keys and propertyNames patterns are not run natively', async () => {
    const tool = await bodyTool({
      type: 'object',
      properties: {
        map: {
          type: 'object',
          patternProperties: { '^(a+)+$': { type: 'number' } },
          propertyNames: { pattern: '^(a|a)*$' },
        },
      },
    })
    const evilName = `${'a'.repeat(KB10)}!`
    const issues = tool.validateArguments({ map: { [evilName]: 1, aaa: 'x' } })
    expect(issues.map((issue) => issue.message)).toContain('must be number, not string')
    expect(issues.map((issue) => issue.message)).toContain('must match the pattern ^(a|a)*$')
  })
})

// a grammar of nested groups, quantifiers and alternations over a small alphabet
const generated = fc.letrec<{ node: string; group: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('a', 'b', '.', '\\w', '\\s', '\\S', '\\d', '[ab]', '[^a]', '[^\\s]', '[a-]'),
    fc.constantFrom('\\b', '\\B', '^', '$', '\\p{L}', '\\u{1F600}', '[\\s\\S]'),
    tie('group'),
    fc
      .tuple(tie('group'), fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '*?', '+?'))
      .map(([group, quantifier]) => group + quantifier),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((parts) => parts.join('')),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((parts) => parts.join('|')),
  ),
  group: tie('node').map((node) => `(${node})`),
}))
const patterns = fc.oneof(
  fc.constantFrom(...EVIL),
  fc
    .tuple(fc.boolean(), generated.node, fc.boolean())
    .map(([start, node, end]) => `${start ? '^' : ''}${node}${end ? '$' : ''}`),
)
const shortInputs = fc.array(
  fc.string({
    unit: fc.constantFrom('a', 'b', 'A', ' ', '1', '!', '-', '\n', '\u00a0', '\u2028', 'é', '😀'),
    maxLength: 12,
  }),
  { minLength: 1, maxLength: 8 },
)

describe('RE2 agrees with RegExp', () => {
  const tools = new Map<string, TrutoTool>()
  const toolFor = async (pattern: string) => {
    const tool = tools.get(pattern) ?? (await stringTool(pattern))
    tools.set(pattern, tool)
    return tool
  }

  test('on short inputs, and finishes on 10 KB ones', async () => {
    await fc.assert(
      fc.asyncProperty(patterns, shortInputs, async (pattern, inputs) => {
        const tool = await toolFor(pattern)
        const field = (tool.schema as any).properties.value
        // a program too big to check 10 KB in budget is left to the API, and the model told
        if (field.pattern === undefined) {
          expect(field.description).toContain('(not checked by the toolset; the API checks it)')
          return
        }
        expect(field.pattern).toBe(pattern)
        const native = new RegExp(pattern, 'u')
        for (const value of inputs) {
          expect(accepts(tool, value), JSON.stringify(value)).toBe(native.test(value))
        }
        for (const value of LONG_INPUTS) {
          expect(Array.isArray(tool.validateArguments({ value }))).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('real-world patterns behave as before', () => {
  test.each([
    ['^[a-zA-Z0-9_-]+$', ['abc_-9', 'Z'], ['a b', '', 'é']],
    ['^\\d{4}-\\d{2}-\\d{2}$', ['2024-01-31'], ['2024-1-31', '２０２４-01-31', '2024-01-31\n']],
    ['^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', ['ann@example.com'], ['ann@example', 'a\u00a0n@x.io']],
    ['^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$', ['a.b+c@d-e.co.uk'], ['a@b', 'ä@b.c']],
    ['^\\+?[1-9]\\d{1,14}$', ['+4712345678'], ['+0123', '12a']],
    ['^#?([a-fA-F0-9]{6}|[a-fA-F0-9]{3})$', ['#a1B2c3', 'fff'], ['#ff', 'ggg']],
    ['^https?:\\/\\/.+', ['https://x.io/a'], ['ftp://x.io', 'https://\n']],
    ['^\\p{L}+$', ['Ωμέγα', 'héllo', '日本'], ['abc1', '']],
    ['^\\p{Lu}\\p{Ll}*$', ['Élan'], ['élan']],
    ['^(?<year>\\d{4})-(?<month>\\d{2})$', ['2024-05'], ['2024-5']],
    ['^\\s*\\S.*$', ['  x'], ['   ', '\u3000\ufeff']],
    ['^.{1,5}$', ['😀😀😀', 'abc'], ['\u2028', 'abcdef', '']],
    ['^[A-Za-z0-9]{1,64}$', ['a'.repeat(64)], ['a'.repeat(65), 'a-b']],
    ['^.{1,255}$', ['x'.repeat(255)], ['x'.repeat(256), 'a\nb']],
    ['^[\\s\\S]{2}$', ['\n\n', '😀😀'], ['x']],
    ['\\bid\\b', ['an id here'], ['idea', 'valid']],
  ])('%s', async (pattern, valid, invalid) => {
    const tool = await stringTool(pattern)
    for (const value of [...valid, ...invalid]) {
      expect(accepts(tool, value), value).toBe(new RegExp(pattern, 'u').test(value))
    }
    for (const value of valid) expect(accepts(tool, value), value).toBe(true)
    for (const value of invalid) {
      expect(tool.validateArguments({ value })).toEqual([
        { path: 'value', message: `must match the pattern ${pattern}` },
      ])
    }
  })

  test('a pattern in a union counts only within its branch', async () => {
    const tool = await bodyTool({
      type: 'object',
      properties: {
        ref: {
          anyOf: [
            { type: 'string', pattern: '^usr_' },
            { type: 'string', pattern: '^org_' },
          ],
        },
        not_draft: { type: 'string', not: { pattern: '^draft-' } },
      },
    })
    expect(tool.validateArguments({ ref: 'usr_1', not_draft: 'final' })).toEqual([])
    expect(tool.validateArguments({ ref: 'org_1' })).toEqual([])
    expect(tool.validateArguments({ ref: 'team_1', not_draft: 'draft-2' })).toEqual([
      { path: 'ref', message: 'must match one of: string | string' },
      { path: 'not_draft', message: 'matched "not" schema' },
    ])
  })

  test('patternProperties still check the values of the names they match', async () => {
    const tool = await bodyTool({
      type: 'object',
      properties: {
        fields: {
          type: 'object',
          properties: { note: { type: 'string' } },
          patternProperties: { '^cf_\\d+$': { type: 'number' } },
          additionalProperties: false,
        },
      },
    })
    expect(tool.validateArguments({ fields: { cf_1: 5, note: 'n' } })).toEqual([])
    expect(tool.validateArguments({ fields: { cf_1: 'five', other: 1 } })).toEqual([
      { path: 'fields.cf_1', message: 'must be number, not string' },
      { path: 'fields.other', message: 'is not an allowed field' },
    ])
  })
})

describe('a pattern RE2 cannot check', () => {
  test('as a patternProperties key, loosens the object rather than reject a valid call', async () => {
    const tool = await bodyTool({
      type: 'object',
      properties: {
        fields: {
          type: 'object',
          patternProperties: { '^(?!x_)': { type: 'number' } },
          additionalProperties: false,
        },
      },
    })
    expect(tool.validateArguments({ fields: { a: 'text', x_b: 1 } })).toEqual([])
  })

  test('because its program is too big for 10 KB in budget, is left to the API', async () => {
    const pattern = '^(\\w{1,30}){1,30}$'
    const tool = await stringTool(pattern)
    expect((tool.schema as any).properties.value).toEqual({
      type: 'string',
      description: `Must match the pattern ${pattern} (not checked by the toolset; the API checks it).`,
    })
    expect(tool.validateArguments({ value: `${'a'.repeat(KB10)}!` })).toEqual([])
  })

  test('is left to the API, and the model is told', async () => {
    const pattern = '^(?!\\s*$).+'
    const tool = await bodyTool({
      type: 'object',
      properties: { name: { type: 'string', description: 'Display name.', pattern } },
    })
    const field = (tool.schema as any).properties.name
    expect(field.pattern).toBeUndefined()
    expect(field.description).toBe(
      `Display name. Must match the pattern ${pattern} (not checked by the toolset; the API checks it).`,
    )
    const message = await tool.invoke(toolCall(tool.name, { name: '   ' }))
    expect(message.status).toBe('success')
    expect(api.proxyCalls[0]?.body).toEqual({ name: '   ' })
  })
})
