import fc from 'fast-check'
import { expect, test } from 'vitest'
import { measureJson } from '../../src/basics/json-measure.js'

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
