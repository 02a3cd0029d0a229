import { Validator } from '@langchain/core/utils/json_schema'
import fc from 'fast-check'
import type { TrutoTool } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { definition, testManager, toolCall, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()

const KB10 = 10 * 1024

async function bodyTool(body: Record<string, unknown>): Promise<TrutoTool> {
  api.definitions([definition({ method: 'create', body_schema: body })])
  const [tool] = await testManager().getTools()
  return tool!
}

const formatTool = (format: unknown) =>
  bodyTool({ type: 'object', properties: { value: { type: 'string', format } } })

const accepts = (tool: TrutoTool, value: string) => tool.validateArguments({ value }).length === 0

// what LangChain's own validator (cfworker) says, run directly
const cfworker = (format: string, value: string) =>
  new Validator({ type: 'string', format }, '2019-09', false).validate(value).valid

const fill = (prefix: string, unit: string, suffix = '') =>
  prefix + unit.repeat(Math.floor((KB10 - prefix.length - suffix.length) / unit.length)) + suffix

// near misses on which cfworker backtracks exponentially (url) or parses for ~0.2 s (regex)
const HOSTILE: [string, string[], string[]][] = [
  [
    'url',
    [fill('https://', 'a-', 'a.com'), fill('http://x.io/', 'a'), fill('ftp://', 'a@', 'a.io')],
    [
      fill('http://', 'a', '!'),
      fill('http://', 'a-', '!'),
      fill('http://', ':'),
      fill('http://', 'a.', '-'),
      fill('http://', 'é', '_'),
      fill('http://', '@', ' '),
    ],
  ],
  [
    'regex',
    [fill('[', '\\p{L}', ']'), fill('', '\\P{Cn}'), fill('[^', '\\p{Lu}\\P{Ll}', ']')],
    [fill('[', '\\p{L}', '\\Z]'), fill('[', '\\p{L}', '\\p{Bogus}]'), fill('(', '\\p{L}')],
  ],
]

describe('a format cannot freeze the process', () => {
  test.each(HOSTILE)(
    '%s: a 10 KB near miss is refused without sending anything',
    async (format, _, invalid) => {
      const tool = await formatTool(format)
      for (const value of invalid) {
        const message = await tool.invoke(toolCall(tool.name, { value }))
        expect(message.status, value.slice(0, 20)).toBe('error')
        expect(message.content).toContain(`\`value\` must be a valid ${format} string`)
      }
      expect(api.proxyCalls).toHaveLength(0)
    },
  )

  test.each(HOSTILE)('%s: a valid 10 KB value is sent', async (format, valid) => {
    const tool = await formatTool(format)
    for (const [i, value] of valid.entries()) {
      const message = await tool.invoke(toolCall(tool.name, { value }))
      expect(message.status, value.slice(0, 20)).toBe('success')
      expect(api.proxyCalls[i]?.body).toEqual({ value })
    }
  })

  test('the model still reads the format', async () => {
    const tool = await formatTool('url')
    expect((tool.schema as any).properties.value).toEqual({ type: 'string', format: 'url' })
  })

  test('formats in unions, `not` and property names are judged the same way', async () => {
    const tool = await bodyTool({
      type: 'object',
      properties: {
        link: {
          anyOf: [
            { type: 'string', format: 'url' },
            { type: 'string', format: 'email' },
          ],
        },
        label: { type: 'string', not: { format: 'url' } },
        links: { type: 'object', propertyNames: { format: 'url' } },
      },
    })
    const hostile = fill('http://', 'a', '!')
    expect(tool.validateArguments({ link: 'https://x.io', label: 'x', links: {} })).toEqual([])
    expect(tool.validateArguments({ link: 'ann@x.io', links: { 'https://x.io': 1 } })).toEqual([])
    expect(
      tool.validateArguments({ link: hostile, label: 'https://x.io', links: { 'x.io': 1 } }),
    ).toEqual([
      { path: 'link', message: 'must match one of: string | string' },
      { path: 'label', message: 'matched "not" schema' },
      { path: 'links', message: 'property name "x.io" does not match schema' },
      { path: 'links.x.io', message: 'must be a valid url string' },
    ])
    const issues = tool.validateArguments({ links: { [hostile]: 1 } })
    expect(issues.map((issue) => issue.message)).toContain('must be a valid url string')
  })

  test('a format written as a list is not run natively', async () => {
    // cfworker reads ["url"] as "url"; no linear check stands for it, so the API judges it
    const tool = await formatTool(['url'])
    const value = fill('http://', 'a', '!')
    expect(tool.validateArguments({ value })).toEqual([])
  })
})

// url-shaped strings: short, so cfworker's own check is fast on them
const urlPart = fc.constantFrom(
  ...['a', 'Z', 'é', '0', '9', '-', '--', '.', '@', ':', '/', '%20', '_', 'ſ', ' ', '\u3000'],
  ...['\u00a0', '\u2028', '😀', '\ud800', 'com', 'io', 'x', '10', '127', '172', '16', '192'],
  ...['168', '169', '254', '255', '256', '223', '224', '00', '01', ':80', ':8', ':123456'],
)
const urls = fc
  .tuple(
    fc.constantFrom('http://', 'https://', 'ftp://', 'HTTPS://', 'httpſ://', 'http:/', 'ws://'),
    fc.array(urlPart, { maxLength: 10 }),
  )
  .map(([scheme, parts]) => scheme + parts.join(''))
const regexPart = fc.constantFrom(
  ...['\\p{L}', '\\P{Lu}', '\\p{Script=Greek}', '\\p{sc=Latn}', '\\p{Bogus}', '\\p{L', '\\p'],
  ...['\\p{}', '\\p{RGI_Emoji}', '\\p{gc=L}', '-a', '\\\\', '\\\\p{L}', '[', ']', '[^', '(', ')'],
  ...['(?:', '(?<n>', '\\k<n>', '{1,2}', '{', '}', 'a', '|', '\\u{10ffff}', '😀', '\\d', '*'],
  ...['(?<=', '^', '$', '\\b', '\\Z', 'a\\Z', '\\cA', '.', 'z-a', '\\-', '\\1', '(?<a\\p{L}>'],
)
const regexes = fc.array(regexPart, { maxLength: 8 }).map((parts) => parts.join(''))

describe('the linear checks agree with cfworker', () => {
  test.each([
    ['url', urls],
    ['regex', regexes],
  ] as const)('%s, on short inputs', async (format, inputs) => {
    const tool = await formatTool(format)
    fc.assert(
      fc.property(fc.array(inputs, { minLength: 1, maxLength: 8 }), (values) => {
        for (const value of values) {
          expect(accepts(tool, value), JSON.stringify(value)).toBe(cfworker(format, value))
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('ordinary values keep their verdicts and messages', () => {
  test.each([
    [
      'url',
      [
        'https://example.com',
        'http://user:pass@sub.example.co.uk:8080/a/b?c=d#e',
        'ftp://8.8.8.8/file',
        'http://bücher.de',
        'HTTPS://EXAMPLE.COM/Path',
      ],
      [
        'example.com',
        'http://localhost:3000',
        'http://10.0.0.1',
        'http://192.168.1.1/admin',
        'http://172.16.0.1',
        'mailto:ann@example.com',
        'https://exa mple.com',
        'https://-example.com',
        'https://example.com:1',
        'https://example.c',
        // cfworker allows no double hyphen in a label, punycode's included
        'https://xn--bcher-kva.example/',
      ],
    ],
    [
      'regex',
      ['^[a-z]+$', '\\p{L}+', '(?<year>\\d{4})-\\k<year>', '[\\p{Lu}\\d]'],
      ['(', '[z-a]', '\\p{Bogus}', 'a\\Z', '\\p{Lu'],
    ],
    ['date', ['2024-02-29'], ['2023-02-29', '01/12/2026']],
    ['email', ['ann@example.com'], ['ann', 'ann@']],
    ['uri', ['urn:isbn:0451450523', 'https://x.io/a?b#c'], ['/relative', 'no scheme']],
    ['hostname', ['api.example.com'], ['-bad.example', 'a..b']],
    ['uuid', ['123e4567-e89b-12d3-a456-426614174000'], ['123e4567']],
  ])('%s', async (format, valid, invalid) => {
    const tool = await formatTool(format)
    for (const value of [...valid, ...invalid]) {
      expect(accepts(tool, value), value).toBe(cfworker(format, value))
    }
    for (const value of valid) expect(tool.validateArguments({ value }), value).toEqual([])
    for (const value of invalid) {
      expect(tool.validateArguments({ value }), value).toEqual([
        { path: 'value', message: `must be a valid ${format} string` },
      ])
    }
  })

  test('a url in a call is refused as before', async () => {
    const tool = await formatTool('url')
    const message = await tool.invoke(toolCall(tool.name, { value: 'http://localhost' }))
    expect(message.status).toBe('error')
    expect(message.content).toContain('`value` must be a valid url string')
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('formats cfworker does not know are left to the API', async () => {
    for (const format of ['iri', 'idn-email', 'int64', 'hasOwnProperty', '__proto__']) {
      // cfworker called Object.prototype members: hasOwnProperty refused all, __proto__ threw
      const tool = await formatTool(format)
      expect(tool.validateArguments({ value: 'anything' }), format).toEqual([])
    }
  })
})
