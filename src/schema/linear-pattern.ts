import { RE2JS } from 're2js'

/** Whether a string contains a match of a server pattern, decided in time linear in its length. */
export type LinearPattern = (text: string) => boolean

// server patterns are untrusted: RE2 matches in linear time by construction, where a static
// "catastrophic pattern" detector misses polynomial blowups and overlapping alternations
const cache = new Map<string, LinearPattern | null>()
const CACHE_LIMIT = 256
// the NFA spends up to ~30 ns per instruction per character: about 20 ms for 10 KB at most
const MAX_PROGRAM_SIZE = 64

/**
 * Compiles a JSON Schema `pattern` (ECMA-262 with the `u` flag) for RE2. Undefined when it is
 * not a valid pattern, RE2 cannot express it (lookaround, backreferences, modifiers) or its
 * program is too big to check 10 KB within the time budget.
 */
export function linearPattern(source: string): LinearPattern | undefined {
  let compiled = cache.get(source)
  if (compiled === undefined) {
    compiled = compile(source)
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
    cache.set(source, compiled)
  }
  return compiled ?? undefined
}

function compile(source: string): LinearPattern | null {
  // constructing a RegExp only parses it; matching is what backtracks
  try {
    new RegExp(source, 'u')
  } catch {
    return null
  }
  const translated = toRe2(source)
  if (translated === undefined) return null
  let re2: RE2JS
  try {
    re2 = RE2JS.compile(translated)
  } catch {
    // e.g. a repeat count above RE2's limit of 1000
    return null
  }
  if (re2.programSize() > MAX_PROGRAM_SIZE && !isOnePass(re2)) return null
  // find() runs the one-pass engine or the NFA, whose cost is bounded by program size times
  // length; test() runs the lazy DFA, which on hostile input builds a state per character
  return (text) => re2.matcher(text).find()
}

// a one-pass program (e.g. `^[a-z]{1,64}$`) takes constant time per character at any size;
// RE2JS does not export the flag, so a shape it no longer has reads as "not one-pass"
function isOnePass(re2: RE2JS): boolean {
  const internals = (re2 as unknown as { re2?: () => { onepass?: unknown } }).re2?.()
  return internals?.onepass !== null && internals?.onepass !== undefined
}

const hex = (code: number) => `\\x{${code.toString(16)}}`
const range = ([from, to]: readonly [number, number]) =>
  from === to ? hex(from) : `${hex(from)}-${hex(to)}`

// ECMA-262 `\s` is WhiteSpace plus LineTerminator; RE2's `\s` is ASCII only
const SPACE_RANGES: readonly (readonly [number, number])[] = [
  [0x9, 0xd],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]
const SPACE = SPACE_RANGES.map(range).join('')
// RE2 has no negated class inside a class, so `[^\s]` inside brackets is spelled out
const NOT_SPACE = [...SPACE_RANGES, [0x110000, 0x110000] as const]
  .map(([from], i, all) => [i ? (all[i - 1]?.[1] ?? 0) + 1 : 0, from - 1] as const)
  .filter(([from, to]) => from <= to)
  .map(range)
  .join('')
// ECMA-262 `.` stops at every line terminator; RE2's `.` only at `\n`
const DOT = '[^\\n\\r\\x{2028}\\x{2029}]'
const NOTHING = '[^\\x{0}-\\x{10ffff}]'
const ANYTHING = '[\\x{0}-\\x{10ffff}]'

// ECMA-262 accepts long General_Category names; RE2 only the short ones
const CATEGORIES = new Map(
  `L Letter,LC Cased_Letter,Lu Uppercase_Letter,Ll Lowercase_Letter,Lt Titlecase_Letter,
  Lm Modifier_Letter,Lo Other_Letter,M Mark,M Combining_Mark,Mn Nonspacing_Mark,Mc Spacing_Mark,
  Me Enclosing_Mark,N Number,Nd Decimal_Number,Nd digit,Nl Letter_Number,No Other_Number,
  P Punctuation,P punct,Pc Connector_Punctuation,Pd Dash_Punctuation,Ps Open_Punctuation,
  Pe Close_Punctuation,Pi Initial_Punctuation,Pf Final_Punctuation,Po Other_Punctuation,S Symbol,
  Sm Math_Symbol,Sc Currency_Symbol,Sk Modifier_Symbol,So Other_Symbol,Z Separator,
  Zs Space_Separator,Zl Line_Separator,Zp Paragraph_Separator,C Other,Cc Control,Cc cntrl,
  Cf Format,Cs Surrogate,Co Private_Use,Cn Unassigned`
    .split(',')
    .map((entry) => entry.trim().split(' ').reverse() as [string, string]),
)

function property(body: string): string | undefined {
  const [name = '', value] = body.split('=')
  if (value === undefined) return CATEGORIES.get(name) ?? name
  if (name === 'General_Category' || name === 'gc') return CATEGORIES.get(value) ?? value
  // Script_Extensions has no RE2 spelling
  return name === 'Script' || name === 'sc' ? value : undefined
}

type Piece = { readonly text: string; readonly end: number }

/** Rewrites a valid ECMA-262 `u` pattern in RE2 syntax with the same matches, or undefined. */
function toRe2(source: string): string | undefined {
  let out = ''
  let i = 0
  while (i < source.length) {
    const piece = source[i] === '[' ? charClass(source, i) : outsideClass(source, i)
    if (!piece) return undefined
    out += piece.text
    i = piece.end
  }
  return out
}

function outsideClass(source: string, i: number): Piece | undefined {
  const char = source[i]
  if (char === '\\') return escapeAt(source, i, false)
  if (char === '.') return { text: DOT, end: i + 1 }
  if (char !== '(') return { text: char ?? '', end: i + 1 }
  // captures and group names only serve backreferences, which RE2 lacks; they cost NFA time
  if (source[i + 1] !== '?') return { text: '(?:', end: i + 1 }
  if (source.startsWith('(?:', i)) return { text: '(?:', end: i + 3 }
  if (source[i + 2] === '<' && !'=!'.includes(source[i + 3] ?? '')) {
    return { text: '(?:', end: source.indexOf('>', i) + 1 }
  }
  return undefined
}

function charClass(source: string, start: number): Piece | undefined {
  const negated = source[start + 1] === '^'
  let i = start + (negated ? 2 : 1)
  // an empty class matches nothing in ECMA-262; in RE2 a leading `]` is a literal
  if (source[i] === ']') return { text: negated ? ANYTHING : NOTHING, end: i + 1 }
  let out = negated ? '[^' : '['
  while (source[i] !== ']') {
    const from = classAtom(source, i)
    if (!from) return undefined
    if (source[from.end] === '-' && source[from.end + 1] !== ']') {
      const to = classAtom(source, from.end + 1)
      if (!to) return undefined
      out += `${from.text}-${to.text}`
      i = to.end
    } else {
      out += from.text
      i = from.end
    }
  }
  return { text: `${out}]`, end: i + 1 }
}

function classAtom(source: string, i: number): Piece | undefined {
  if (source[i] === '\\') return escapeAt(source, i, true)
  const char = String.fromCodePoint(source.codePointAt(i) ?? 0)
  // `[` could open a POSIX class and a lone `-` a range in RE2
  const text = '\\]^[-'.includes(char) ? `\\${char}` : char
  return { text, end: i + char.length }
}

function escapeAt(source: string, i: number, inClass: boolean): Piece | undefined {
  const char = source[i + 1] ?? ''
  const end = i + 2
  switch (char) {
    case 's':
      return { text: inClass ? SPACE : `[${SPACE}]`, end }
    case 'S':
      return { text: inClass ? NOT_SPACE : `[^${SPACE}]`, end }
    case 'b':
      return { text: inClass ? hex(8) : '\\b', end }
    case '0':
      return { text: hex(0), end }
    case 'c':
      return { text: hex((source.codePointAt(end) ?? 0) % 32), end: end + 1 }
    case 'x':
      return { text: hex(Number.parseInt(source.slice(end, end + 2), 16)), end: end + 2 }
    case 'u':
      return unicodeEscape(source, i)
    case 'p':
    case 'P': {
      const close = source.indexOf('}', end)
      const name = property(source.slice(end + 1, close))
      return name === undefined ? undefined : { text: `\\${char}{${name}}`, end: close + 1 }
    }
    case 'k':
      return undefined
    default:
      // \1-\9 are backreferences; \d \w \n and friends mean the same in RE2
      if ('123456789'.includes(char)) return undefined
      return { text: `\\${char}`, end }
  }
}

function unicodeEscape(source: string, i: number): Piece {
  if (source[i + 2] === '{') {
    const close = source.indexOf('}', i)
    return { text: hex(Number.parseInt(source.slice(i + 3, close), 16)), end: close + 1 }
  }
  const unit = (at: number) =>
    source.startsWith('\\u', at) ? Number.parseInt(source.slice(at + 2, at + 6), 16) : Number.NaN
  const high = unit(i)
  const low = unit(i + 6)
  // with the `u` flag an escaped surrogate pair is one code point
  if (high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
    return { text: hex((high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000), end: i + 12 }
  }
  return { text: hex(high), end: i + 6 }
}
