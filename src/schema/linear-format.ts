import type { LinearPattern } from './linear-pattern.js'

/**
 * The formats @cfworker/json-schema (LangChain's validator) checks, and whose checks take time
 * linear in the input: measured on adversarial 10 KB inputs (test/bench/patterns.ts), each of
 * these finishes in well under a millisecond, so the validator keeps running them itself.
 * Any other format name it would ignore, except for names of Object.prototype members, on which
 * it would call the member (`hasOwnProperty` rejects every string, `__proto__` throws).
 */
export const NATIVE_FORMATS: ReadonlySet<string> = new Set([
  'date',
  'time',
  'date-time',
  'duration',
  'uri',
  'uri-reference',
  'uri-template',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
  'json-pointer',
  'json-pointer-uri-fragment',
  'relative-json-pointer',
])

/**
 * The formats whose cfworker check blows the budget on a 10 KB input: `url` takes time
 * exponential in it, `regex` some 20 µs a character. Each is checked here in linear time (and
 * a few milliseconds at most for 10 KB) with the same verdicts.
 */
export function linearFormat(name: string): LinearPattern | undefined {
  return Object.hasOwn(LINEAR_FORMATS, name) ? LINEAR_FORMATS[name] : undefined
}

const LINEAR_FORMATS: Record<string, LinearPattern> = { url, regex }

// native expressions here are a fixed prefix or a single class: nothing to backtrack into
const URL_SCHEME = /^(?:https?|ftp):\/\//iu
const SPACES = /\s/gu

/**
 * cfworker's `url`: `^(?:https?|ftp)://(?:\S+(?::\S*)?@)?(?:<public IPv4>|<host name>)
 * (?::\d{2,5})?(?:/[^\s]*)?$` (flags `iu`), whose nested quantifiers in the host name and
 * overlapping user info explode on near misses. Each place the host can start is tried once.
 */
function url(text: string): boolean {
  const scheme = URL_SCHEME.exec(text)
  if (!scheme) return false
  const rest = text.slice(scheme[0].length)
  // user info and path are free of white space; a host name may hold some beyond U+00A0
  let firstSpace = rest.length
  let lastSpace = -1
  for (const { index } of rest.matchAll(SPACES)) {
    firstSpace = Math.min(firstSpace, index)
    lastSpace = index
  }
  // the host starts at the beginning, or after an `@` that ends a non-empty user info; it runs
  // with its port to the first `/`, or the end, and holds no `@`: each start is tried once
  let start = 0
  for (;;) {
    let end = start
    while (end < rest.length && rest[end] !== '/' && rest[end] !== '@') end++
    if (rest[end] !== '@' && end > lastSpace && hostAndPort(rest.slice(start, end))) return true
    const at = rest.indexOf('@', Math.max(end, 1))
    if (at < 0 || at > firstSpace) return false
    start = at + 1
  }
}

function hostAndPort(text: string): boolean {
  const colon = text.indexOf(':')
  const host = colon < 0 ? text : text.slice(0, colon)
  // `(?::\d{2,5})?`
  const port = colon < 0 ? undefined : text.slice(colon + 1)
  if (port !== undefined && (port.length < 2 || port.length > 5 || !isNumber(port))) return false
  return publicIpv4(host) || hostName(host)
}

const isNumber = (text: string) => [...text].every((char) => char >= '0' && char <= '9')

// `(?!10(?:\.\d{1,3}){3})(?!127…)(?!169\.254…)(?!192\.168…)(?!172\.(?:1[6-9]|2\d|3[0-1])…)`
// `(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}`
// `(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))`
function publicIpv4(host: string): boolean {
  const parts = host.split('.')
  const octets = parts.every((part) => part !== '' && part.length <= 3 && isNumber(part))
  if (parts.length !== 4 || !octets) return false
  const [a = '', b = '', c = '', d = ''] = parts
  // the lookaheads: private, loopback and link-local networks
  if (a === '10' || a === '127') return false
  if ((a === '169' && b === '254') || (a === '192' && b === '168')) return false
  if (a === '172' && b.length === 2 && +b >= 16 && +b <= 31) return false
  // a first or last part has no leading zero; a middle one of three digits is 100 to 255
  const middle = (part: string) => part.length < 3 || (+part >= 100 && +part <= 255)
  return a[0] !== '0' && +a <= 223 && middle(b) && middle(c) && d[0] !== '0' && +d <= 254
}

// `[a-z\u{00a1}-\u{ffff}0-9]` under `iu`: no code point outside it folds into it
const isLabelChar = (code: number) => isLetter(code) || (code >= 0x30 && code <= 0x39)
const isLetter = (code: number) =>
  (code >= 0x41 && code <= 0x5a) ||
  (code >= 0x61 && code <= 0x7a) ||
  (code >= 0xa1 && code <= 0xffff)

// `(?:(?:[a-z\u{00a1}-\u{ffff}0-9]+-?)*[a-z\u{00a1}-\u{ffff}0-9]+)` for each label, dot-joined,
// then `(?:\.(?:[a-z\u{00a1}-\u{ffff}]{2,}))`: single hyphens inside labels, a top level of
// two or more letters
function hostName(host: string): boolean {
  const labels = host.split('.')
  if (labels.length < 2) return false
  const top = [...(labels.at(-1) ?? '')].map((char) => char.codePointAt(0) ?? 0)
  if (top.length < 2 || !top.every(isLetter)) return false
  return labels.every(
    (label) =>
      label !== '' &&
      !label.startsWith('-') &&
      !label.endsWith('-') &&
      !label.includes('--') &&
      [...label].every((char) => char === '-' || isLabelChar(char.codePointAt(0) ?? 0)),
  )
}

// cfworker's `regex` is `new RegExp(text, 'u')` after refusing `\Z`; V8 builds the code point set
// of every `\p{…}` while parsing, so 10 KB of them take ~0.2 s. Each distinct property is
// checked once, then stands in as `\d`, which is valid exactly where a property escape is.
const Z_ANCHOR = /[^\\]\\Z/
const PROPERTIES = new Set<string>()
const PROPERTY_CACHE_LIMIT = 4096

function regex(text: string): boolean {
  if (Z_ANCHOR.test(text)) return false
  let reduced = ''
  let copied = 0
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') continue
    const kind = text[i + 1]
    if ((kind === 'p' || kind === 'P') && text[i + 2] === '{') {
      const close = text.indexOf('}', i + 3)
      // unclosed: left for RegExp to refuse
      if (close < 0) break
      if (!isProperty(text.slice(i + 3, close))) return false
      reduced += `${text.slice(copied, i)}${kind === 'p' ? '\\d' : '\\D'}`
      copied = close + 1
      i = close
    } else {
      // an escape takes the next character, so `\\p{…}` is no property
      i++
    }
  }
  reduced += text.slice(copied)
  try {
    new RegExp(reduced, 'u')
    return true
  } catch {
    return false
  }
}

function isProperty(name: string): boolean {
  if (PROPERTIES.has(name)) return true
  try {
    new RegExp(`\\p{${name}}`, 'u')
  } catch {
    return false
  }
  if (PROPERTIES.size < PROPERTY_CACHE_LIMIT) PROPERTIES.add(name)
  return true
}
