// node --import tsx test/bench/patterns.ts: worst time to validate a 10 KB argument against
// ReDoS-prone server patterns, then against every format; the target is under 50 ms each

import { Validator } from '@langchain/core/utils/json_schema'
import { TrutoToolManager } from 'truto-langchainjs-toolset'

const KB10 = 10 * 1024
const PATTERNS = [
  '^(a+)+$',
  '(a|a)*$',
  '(a*)*b',
  '(\\w+\\s?)*$',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '^\\s*(.*?)\\s*$',
  '^(a|aa)+$',
  '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
  '(.*a){20}',
  '[a-q][^u-z]{13}x',
  '^(\\w{1,30}){1,30}$',
  '^\\p{L}+(\\s\\p{L}+)*$',
  // one-pass programs, checked at any size
  '^.{1,255}$',
  '^(?:\\p{L}{0,300}\\s)*$',
  // hostile to RE2 itself: every position keeps a thread alive, near the program size limit
  'a[ab]{60}$',
  '\\p{L}[\\p{L}\\s]{60}$',
  '\\w{61}!',
  '(?:a|b|ab){15}!',
]
// a fixed seed, so runs compare
let seed = 1
const random = (alphabet: string) =>
  Array.from({ length: KB10 }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return alphabet[seed % alphabet.length]
  }).join('')
const INPUTS = [
  random('ab'),
  random('abcdefghijklmnopqrstuvwxyz'),
  random('aé😀 '),
  `${'a'.repeat(KB10)}!`,
  `${'ab'.repeat(KB10 / 2)}!`,
  `${'a '.repeat(KB10 / 2)}!`,
  `${' '.repeat(KB10)}\n!`,
  `${'aé'.repeat(KB10 / 2)}1`,
  'a'.repeat(KB10),
]

const fill = (prefix: string, unit: string, suffix = '') =>
  prefix + unit.repeat(Math.floor((KB10 - prefix.length - suffix.length) / unit.length)) + suffix
// every property name V8 knows in every spelling, each distinct one costing a set to build
const CATEGORIES =
  'L Letter LC Cased_Letter Lu Uppercase_Letter Ll Lowercase_Letter Lt Lm Lo M Mark Mn Mc Me N ' +
  'Number Nd digit Nl No P punct Pc Pd Ps Pe Pi Pf Po S Symbol Sm Sc Sk So Z Zs Zl Zp C Other ' +
  'Cc cntrl Cf Cs Co Cn Unassigned'
const BINARY =
  'Any Assigned ASCII Alphabetic Alpha ID_Continue IDC ID_Start IDS XID_Continue XIDC ' +
  'XID_Start XIDS Changes_When_NFKC_Casefolded CWKCF Changes_When_Casefolded CWCF ' +
  'Case_Ignorable CI Grapheme_Base Gr_Base Cased Lowercase Uppercase Emoji Ideographic'
const SCRIPTS = 'Latin Latn Greek Grek Han Hani Arabic Arab Common Zyyy Inherited Zinh'
const PROPERTY_NAMES = [
  ...CATEGORIES.split(' ').flatMap((v) => [v, `gc=${v}`, `General_Category=${v}`]),
  ...BINARY.split(' '),
  ...SCRIPTS.split(' ').flatMap((v) => [`sc=${v}`, `Script=${v}`, `scx=${v}`]),
  ...SCRIPTS.split(' ').map((v) => `Script_Extensions=${v}`),
]
const distinctProperties = fill(
  `[${PROPERTY_NAMES.map((name) => `\\p{${name}}`).join('')}`,
  'a',
  ']',
)

// near misses found by pumping every infix of valid examples (and fast-check samples) against
// cfworker's checks, plus generic ones; `url` backtracks exponentially on the first ones
const GENERIC = [fill('', 'a', '!'), fill('', '1'), fill('', ' ', '\n'), fill('', 'é', '\u0000')]
const FORMATS: Record<string, string[]> = {
  url: [
    fill('http://', 'a', '!'),
    fill('http://', 'a-', '!'),
    fill('http://', 'a.', '-'),
    fill('http://', 'é', '_'),
    fill('http://', ':'),
    fill('http://', '@', ' '),
    fill('https://', 'a-', 'a.com'),
    fill('ftp://', 'a@', 'a.io'),
  ],
  regex: [
    fill('[', '\\p{L}', ']'),
    fill('[^', '\\P{Cn}', ']'),
    fill('', '\\p{L}'),
    fill('[', '\\p{Lu}\\P{Ll}', ']'),
    distinctProperties,
    fill('', '('),
    fill('', '(?<m>'),
    fill('', '$(\\1'),
    fill('[', '\\p{L}', '\\Z]'),
  ],
  date: [fill('2024-', '.', '@'), fill('2024-01-3', '::', '\n')],
  time: [fill('12:34', ':', '@'), fill('12:34:56.', '0')],
  'date-time': [fill('2024-01-31T', 'T', '~'), fill('2024-01-31 12:34:56', ' ', 'Y')],
  duration: [fill('P1Y2M3DT4H5M', '0', 'é'), fill('P1', '11', '%')],
  uri: [fill('http://user:pw@e', '.a', '%'), fill('http://[::', '0', '['), fill('http:/', ':')],
  'uri-reference': [fill('http://user:pw@example.co', '0', '{'), fill('http:', '/a', '\\')],
  'uri-template': [fill('http', '0', '~'), fill('http://x/{a,b.c:3}{?q', 'a.', '{')],
  email: [fill('"a', ':0', 'é'), fill('a@[IPv6::', '1', '\n'), fill('a', '.', '@x.io')],
  hostname: [fill('a-b.c-d.exampl', '0:'), fill('a-b.', 'a-', '-')],
  ipv4: [fill('192.168.1', '0:', '\n'), fill('1.2.3.', '1')],
  ipv6: [fill('1:2::3:4', '%', '%'), fill('1:', '2:', '\\'), fill('::ffff:1.2.', '-a', '[')],
  uuid: [fill('12345678-1234-1234-1234-12345', 'P', '[')],
  'json-pointer': [fill('/a/b~0~1', '\\', '{'), fill('/a', '~0', '~')],
  'json-pointer-uri-fragment': [fill('#/a/b~0%20', 'a'), fill('#/a', '%20', '%')],
  'relative-json-pointer': [fill('0/a/b', 'ab', '~'), fill('', '1', 'é')],
  // no check in cfworker, so none here: only the cost of passing through
  iri: [],
  'iri-reference': [],
  'idn-email': [],
  'idn-hostname': [],
}
const FORMAT_NAMES = Object.keys(FORMATS)

// serves one create tool per pattern and per format, so each is normalised and validated as in
// real use
const body = (field: Record<string, unknown>) => ({
  type: 'object',
  properties: { value: { type: 'string', ...field } },
})
const definitions = [
  ...PATTERNS.map((pattern) => body({ pattern })),
  ...FORMAT_NAMES.map((format) => body({ format })),
].map((body_schema, i) => ({
  name: `create_a_bench_record_${i}`,
  description: 'Create a record.',
  resource: 'records',
  method: 'create',
  query_schema: null,
  body_schema,
  required: [],
}))
const fetch: typeof globalThis.fetch = async () =>
  Response.json({ result: definitions, next_cursor: null })
const manager = new TrutoToolManager({
  apiKey: 'bench',
  baseUrl: 'https://truto.bench',
  accountId: 'bench',
  fetch,
})
const tools = await manager.getTools()
const patternTools = tools.slice(0, PATTERNS.length)
const formatTools = tools.slice(PATTERNS.length)

const RUNS = 5
// CPU time as well as wall time: on a busy machine wall time also counts waiting for a core
function measure(check: (value: string) => unknown, inputs: readonly string[]) {
  const wall: number[] = []
  const cpu: number[] = []
  for (const value of inputs) {
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now()
      const startCpu = process.cpuUsage()
      check(value)
      const used = process.cpuUsage(startCpu)
      wall.push(performance.now() - start)
      cpu.push((used.user + used.system) / 1000)
    }
  }
  wall.sort((a, b) => a - b)
  return {
    'median ms': wall[wall.length >> 1] ?? 0,
    'worst ms': wall.at(-1) ?? 0,
    'worst cpu ms': Math.max(...cpu),
  }
}

const ms = (value: number) => Number(value.toFixed(2))
type Row = Record<string, unknown> & { 'worst ms': number; 'worst cpu ms': number }
function report(rows: Row[], what: string, runs: number): void {
  console.table(
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [
          key,
          typeof value === 'number' ? ms(value) : value,
        ]),
      ),
    ),
  )
  const worst = (key: 'worst ms' | 'worst cpu ms') => ms(Math.max(...rows.map((row) => row[key])))
  console.log(
    `10 KB arguments, ${runs} runs per ${what}: worst ${worst('worst ms')} ms wall, ` +
      `${worst('worst cpu ms')} ms CPU (target < 50 ms)`,
  )
}

report(
  patternTools.map((tool, i) => {
    // a pattern RE2 cannot check within budget is left to the API, as its description says
    const field = (tool.schema as { properties: { value: { pattern?: string } } }).properties.value
    return {
      pattern: PATTERNS[i],
      checked: field.pattern !== undefined,
      ...measure((value) => tool.validateArguments({ value }), INPUTS),
    }
  }),
  'pattern',
  INPUTS.length * RUNS,
)

// cfworker alone, as validation ran before: skipped where it would not finish
const native = (format: string) => {
  const validator = new Validator({ type: 'string', format }, '2019-09', false)
  return (value: string) => validator.validate(value)
}
const EXPONENTIAL = new Set(FORMATS.url?.slice(0, 4))
const nearMiss = (length: number) => `http://${'a'.repeat(length)}!`
const growth = [20, 22, 24, 26].map(
  (n) => `${n + 8} chars ${ms(measure(native('url'), [nearMiss(n)])['median ms'])} ms`,
)
console.log(`cfworker url on "http://" + "a" × n + "!": ${growth.join(', ')}`)
report(
  formatTools.map((tool, i) => {
    const format = FORMAT_NAMES[i] ?? ''
    const inputs = [...(FORMATS[format] ?? []), ...GENERIC]
    const safe = inputs.filter((input) => !EXPONENTIAL.has(input))
    const before = measure(native(format), safe)['worst ms']
    return {
      format,
      'cfworker alone worst ms':
        safe.length < inputs.length ? `${ms(before)} (+ exponential)` : before,
      ...measure((value) => tool.validateArguments({ value }), inputs),
    }
  }),
  'format',
  (Object.values(FORMATS).reduce((most, inputs) => Math.max(most, inputs.length), 0) +
    GENERIC.length) *
    RUNS,
)
