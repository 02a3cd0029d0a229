import fc from 'fast-check'
import { expect, test } from 'vitest'
import { hasPlainStrings, measureJson } from '../../src/basics/json-measure.js'

// a string JSON writes escaped: a quote, a backslash, a control character, an unpaired surrogate
const ESCAPED =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
  /["\\\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

const height = (value: unknown): number =>
  typeof value !== 'object' || value === null
    ? 0
    : 1 + Math.max(0, ...Object.values(value).map(height))

test('measures what JSON.stringify writes, and how deep it nests', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
      expect(measureJson(value, 64)).toEqual({
        chars: JSON.stringify(value).length,
        depth: height(value),
      })
    }),
    { numRuns: 300 },
  )
})

test('an object shared at many places counts at each, and a deep sharing is walked quickly', () => {
  let node: unknown = { leaf: 'x'.repeat(10), list: [1, 2, 3, undefined, () => 1] }
  for (let i = 0; i < 40; i++) node = { a: node, b: [node, node], c: i }
  const small = { a: { b: 1 } }
  const shared = { one: small, two: [small, small] }
  expect(measureJson(shared, 64).chars).toBe(JSON.stringify(shared).length)
  const started = Date.now()
  const { chars, depth } = measureJson(node, 64)
  expect(Date.now() - started).toBeLessThan(1_000)
  expect(depth).toBe(82)
  // 3^40 copies of the leaf: far past what could be written, counted all the same
  expect(chars).toBeGreaterThan(3 ** 40)
})

test('past maxDepth the depth is reported above it', () => {
  let deep: unknown = 1
  for (let i = 0; i < 100; i++) deep = [deep]
  expect(measureJson(deep, 50).depth).toBeGreaterThan(50)
  expect(measureJson(deep, 200).depth).toBe(100)
})

test('text whose strings need no escapes is measured by their lengths, to the same count', () => {
  // any UTF-16 unit: quotes, backslashes, control characters, lone surrogates, in keys too
  const value = fc.jsonValue({ maxDepth: 5, stringUnit: 'binary' })
  fc.assert(
    fc.property(value, fc.constantFrom(undefined, 2, '\t'), (generated, indent) => {
      const text = JSON.stringify(generated, null, indent)
      const parsed: unknown = JSON.parse(text)
      const written = JSON.stringify(parsed).length

      const plain = hasPlainStrings(text)

      // the fast count is taken only where it is exact; elsewhere every string is measured
      if (plain) expect(measureJson(parsed, 64, true).chars).toBe(written)
      expect(measureJson(parsed, 64).chars).toBe(written)
      if (strings(parsed).some((s) => ESCAPED.test(s))) expect(plain).toBe(false)
    }),
    { numRuns: 500 },
  )
})

test('an escape or an unpaired surrogate anywhere in the text makes it not plain', () => {
  expect(hasPlainStrings(String.raw`{"a":"caf\u00e9"}`)).toBe(false)
  expect(hasPlainStrings(String.raw`{"a":"\/"}`)).toBe(false)
  expect(hasPlainStrings('{"a":"\ud83d"}')).toBe(false)
  expect(hasPlainStrings('{"\ude00":1}')).toBe(false)
  expect(hasPlainStrings('{"a":"😀 café"}')).toBe(true)
})

// every string of a parsed value, keys included
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, item]) =>
    Array.isArray(value) ? strings(item) : [key, ...strings(item)],
  )
}
