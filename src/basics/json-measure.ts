/** What `JSON.stringify` would make of a value: its length and how deep it nests. */
export type JsonMeasure = { readonly chars: number; readonly depth: number }

// characters JSON escapes; strings without them serialise as their length plus two quotes
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/

/**
 * Measures a value as JSON would serialise it, without serialising it: an object that appears
 * in several places counts at each place, yet is walked once. Stops descending past
 * `maxDepth` and reports a depth above it, so a hostile depth cannot overflow the stack.
 */
export function measureJson(value: unknown, maxDepth: number): JsonMeasure {
  const known = new Map<object, readonly [chars: number, height: number]>()
  // the height of the value measured last, in levels of objects and arrays
  let height = 0

  const measure = (node: unknown, depth: number): number => {
    height = 0
    if (typeof node === 'string')
      return ESCAPED.test(node) ? JSON.stringify(node).length : node.length + 2
    if (typeof node === 'number') return Number.isFinite(node) ? String(node).length : 4
    if (typeof node === 'boolean') return node ? 4 : 5
    if (node === null || typeof node !== 'object') return 4
    const seen = known.get(node)
    if (seen) {
      height = seen[1]
      return seen[0]
    }
    if (depth >= maxDepth) {
      height = Number.POSITIVE_INFINITY
      return 0
    }
    let chars = 1
    let tallest = 0
    if (Array.isArray(node)) {
      for (const item of node) {
        chars += 1 + (skipped(item) ? 4 : measure(item, depth + 1))
        if (height > tallest) tallest = height
      }
    } else {
      for (const key in node) {
        if (!Object.hasOwn(node, key)) continue
        const item = (node as Record<string, unknown>)[key]
        if (skipped(item)) continue
        chars += 2 + measure(key, depth) + measure(item, depth + 1)
        if (height > tallest) tallest = height
      }
    }
    if (chars === 1) chars = 2
    height = tallest + 1
    known.set(node, [chars, height])
    return chars
  }

  const chars = measure(value, 0)
  return { chars, depth: height }
}

const skipped = (value: unknown) =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol'
