/** What `JSON.stringify` would make of a value: its length and how deep it nests. */
export type JsonMeasure = { readonly chars: number; readonly depth: number }

// characters JSON escapes; strings without them serialise as their length plus two quotes
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/

/**
 * Measures a value as JSON would serialise it, without serialising it: an object that appears
 * in several places counts at each place, yet a large one is walked once. Stops descending past
 * `maxDepth` and reports a depth above it, so a hostile depth cannot overflow the stack.
 * `plainStrings` says that no string in the value needs an escape (see {@link hasPlainStrings}).
 */
export function measureJson(value: unknown, maxDepth: number, plainStrings = false): JsonMeasure {
  const walk: Walk = { maxDepth, plainStrings, known: undefined, height: 0, size: 0 }
  const chars = measure(value, 0, walk)
  return { chars, depth: walk.height }
}

// an object of at least this many values is remembered once measured: a shared one is then not
// walked again, and one walked again is small, so no sharing makes the walk blow up. Parsed JSON
// shares nothing: most of it is walked without a map of what was seen
const REMEMBERED_SIZE = 64

type Walk = {
  readonly maxDepth: number
  readonly plainStrings: boolean
  known: Map<object, readonly [chars: number, height: number, size: number]> | undefined
  // of the value measured last: its height in levels of objects and arrays, and its count of values
  height: number
  size: number
}

function measure(node: unknown, depth: number, walk: Walk): number {
  walk.height = 0
  walk.size = 1
  if (node === null || typeof node !== 'object') return leafChars(node, walk)
  const seen = walk.known?.get(node)
  if (seen) {
    walk.height = seen[1]
    walk.size = seen[2]
    return seen[0]
  }
  if (depth >= walk.maxDepth) {
    walk.height = Number.POSITIVE_INFINITY
    return 0
  }
  let chars = 1
  let tallest = 0
  let size = 1
  // leaves are measured in place, without a call that would only set the walk's height to 0
  if (Array.isArray(node)) {
    for (const item of node) {
      if (skipped(item)) chars += 5
      else if (item === null || typeof item !== 'object') {
        chars += 1 + leafChars(item, walk)
        size++
      } else {
        chars += 1 + measure(item, depth + 1, walk)
        if (walk.height > tallest) tallest = walk.height
        size += walk.size
      }
    }
  } else {
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue
      const item = (node as Record<string, unknown>)[key]
      if (skipped(item)) continue
      chars += 2 + (walk.plainStrings ? key.length + 2 : textChars(key))
      if (item === null || typeof item !== 'object') {
        chars += leafChars(item, walk)
        size += 2
      } else {
        chars += measure(item, depth + 1, walk)
        if (walk.height > tallest) tallest = walk.height
        size += walk.size + 1
      }
    }
  }
  if (chars === 1) chars = 2
  walk.height = tallest + 1
  walk.size = size
  if (size >= REMEMBERED_SIZE) {
    walk.known ??= new Map()
    walk.known.set(node, [chars, walk.height, size])
  }
  return chars
}

const textChars = (text: string) =>
  ESCAPED.test(text) ? JSON.stringify(text).length : text.length + 2

/**
 * True when every string that parsing `text` as JSON makes, keys too, serialises as itself in
 * quotes. JSON text must escape quotes, backslashes and control characters in its strings, and
 * only an escape or an unpaired surrogate in the text makes a string that JSON escapes.
 */
export function hasPlainStrings(text: string): boolean {
  // isWellFormed is ES2024 (Node 20 has it); a runtime without it measures every string
  const wellFormed = (text as { isWellFormed?: () => boolean }).isWellFormed
  return wellFormed !== undefined && !text.includes('\\') && wellFormed.call(text)
}

// a string, number, boolean or null (anything else JSON writes as null)
function leafChars(leaf: unknown, walk: Walk): number {
  if (typeof leaf === 'string') return walk.plainStrings ? leaf.length + 2 : textChars(leaf)
  if (typeof leaf === 'number') return Number.isFinite(leaf) ? String(leaf).length : 4
  if (typeof leaf === 'boolean') return leaf ? 4 : 5
  return 4
}

const skipped = (value: unknown) =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol'
