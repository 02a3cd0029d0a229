import fc from 'fast-check'
import { expect, test } from 'vitest'
import { proxyPath, segmentProblem } from '../../src/safety/request-path.js'

// the full check: each decoding round, as it is and in NFKC, for dots, slashes and controls
function problemOf(segment: string): string | undefined {
  if (segment === '') return 'is empty'
  let text = segment
  for (let round = 0; round <= 3; round++) {
    for (const form of [text, text.normalize('NFKC')]) {
      if (form === '.' || form === '..') return 'is "." or ".." (also when percent-encoded)'
      if (/[/\\]/.test(form)) return 'holds "/" or "\\" (also when percent-encoded)'
      if (/\p{Cc}/u.test(form)) return 'holds a control character'
    }
    const decoded = text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    )
    if (decoded === text) return undefined
    text = decoded
  }
  return undefined
}

test('plain segments and hostile ones are judged alike', () => {
  const segment = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/),
    fc.constantFrom(
      '.',
      '..',
      '...',
      '.%2e',
      '%2E%2E',
      'a%2fb',
      '%252e%252e',
      '．．',
      'a\u0000b',
      '~',
    ),
    fc.string({ maxLength: 12 }),
  )
  fc.assert(
    fc.property(segment, (s) => {
      expect(segmentProblem(s)).toBe(problemOf(s))
    }),
    { numRuns: 2000 },
  )
})

test('a plain resource path is the same segments, encoded as encodeURIComponent would', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,10}$/), (resource) => {
      expect(proxyPath(resource, 'list')).toBe(`/proxy/${encodeURIComponent(resource)}`)
    }),
  )
  expect(() => proxyPath('cards/..', 'list')).toThrow(/"\.\."/)
})
