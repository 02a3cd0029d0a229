import { isCrudMethod } from '../basics/methods.js'

/** A path segment that could change where a request goes: empty, a dot segment, or a slash. */
export class UnsafePathError extends Error {
  override name = 'UnsafePathError'
}

const SEPARATOR = /[/\\]/
const CONTROL = /\p{Cc}/u
const PERCENT = /%([0-9a-fA-F]{2})/g
// what encodeURIComponent leaves as it is, bar `!*'()`
const UNRESERVED = /^[A-Za-z0-9._~-]+$/
const DOT_SEGMENT = 'is "." or ".." (also when percent-encoded)'
// a server or gateway may decode more than once; each round could reveal a hidden "..", "/" or "\"
const DECODE_ROUNDS = 3

/** Why `segment` is unsafe as one path segment, or undefined when it is a plain segment. */
export function segmentProblem(segment: string): string | undefined {
  if (segment === '') return 'is empty'
  // the usual segment (ASCII letters, digits, `-`, `_`, `.`, `~`) has nothing to decode or normalise
  if (UNRESERVED.test(segment)) return segment === '.' || segment === '..' ? DOT_SEGMENT : undefined
  let text = segment
  for (let round = 0; round <= DECODE_ROUNDS; round++) {
    for (const form of [text, text.normalize('NFKC')]) {
      if (form === '.' || form === '..') return DOT_SEGMENT
      if (SEPARATOR.test(form)) return 'holds "/" or "\\" (also when percent-encoded)'
      if (CONTROL.test(form)) return 'holds a control character'
    }
    const decoded = text.replace(PERCENT, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    )
    if (decoded === text) return undefined
    text = decoded
  }
  return undefined
}

function encodeSegment(segment: string, what: string): string {
  const problem = segmentProblem(segment)
  if (problem) throw new UnsafePathError(`${what} ${JSON.stringify(clip(segment))} ${problem}`)
  return UNRESERVED.test(segment) ? segment : encodeURIComponent(segment)
}

/**
 * The proxy path of a tool, without its record id: `/proxy/<resource…>[/<custom method>]`.
 * Throws {@link UnsafePathError} when the resource or method could leave `/proxy/`.
 */
export function proxyPath(resource: string, method: string): string {
  // the usual resource, one plain segment of a CRUD method, needs no splitting or encoding
  if (isCrudMethod(method) && UNRESERVED.test(resource) && resource !== '.' && resource !== '..')
    return `/proxy/${resource}`
  // a leading or trailing slash is a harmless spelling; any other "/" separates our segments
  const parts = trimSlashes(resource).split('/')
  const segments = parts.map((part) => encodeSegment(part, 'the resource segment'))
  if (!isCrudMethod(method)) segments.push(encodeSegment(method, 'the custom method'))
  return `/proxy/${segments.join('/')}`
}

/** A record id as one encoded path segment; throws {@link UnsafePathError} for a hostile id. */
export const idSegment = (id: string): string => encodeSegment(id, 'the id')

/** `/integrated-account/<account>/<rest…>`, every part checked. */
export function accountPath(accountId: string, ...rest: readonly string[]): string {
  const segments = [accountId, ...rest].map((part) => encodeSegment(part, 'the account id'))
  return `/integrated-account/${segments.join('/')}`
}

/**
 * Resolves `path` under `baseUrl` and checks the URL is exactly that: same origin, the base's
 * own path, then `/proxy/…` or `/integrated-account/<one segment>/…`. Throws otherwise.
 */
export function urlWithin(baseUrl: URL, path: string): URL {
  const basePath = trimSlashes(baseUrl.pathname, 'end')
  const url = new URL(`${basePath}${path}`, baseUrl.origin)
  const rest = url.pathname.slice(basePath.length)
  const allowed =
    url.origin === baseUrl.origin &&
    url.pathname === `${basePath}${path}` &&
    (rest.startsWith('/proxy/') || /^\/integrated-account\/[^/]+\/./.test(rest))
  if (!allowed) throw new UnsafePathError(`the path ${JSON.stringify(clip(path))} leaves the API`)
  return url
}

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text)

// a loop, not /^\/+|\/+$/: that regex is quadratic on a hostile run of slashes
function trimSlashes(text: string, side: 'both' | 'end' = 'both'): string {
  let start = 0
  let end = text.length
  if (side === 'both') while (start < end && text.charAt(start) === '/') start++
  while (end > start && text.charAt(end - 1) === '/') end--
  return text.slice(start, end)
}
