import fc from 'fast-check'
import { expect, test } from 'vitest'
import { createRedactor } from '../../src/safety/redactor.js'

// the header names whose values are credentials, as the redactor's contract names them
const NAMES = /authorization|cookie|api[-_]key|auth[-_]token/i
const HEADERS = ['authorization', 'cookie', 'api-key', 'api_key', 'auth-token', 'auth_token']
// pieces that make the names, their near misses and their neighbours, each letter in either case
const PIECES = ['auth', 'orization', 'oriz', 'ation', 'cook', 'ie', 'api', 'key', 'tok', 'en']
const anyCase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''))
const piece = fc.oneof(
  fc.constantFrom(...HEADERS, ...PIECES).chain(anyCase),
  fc.constantFrom('-', '_', ' ', '"', ':', 'x', 'k', 'z'),
  fc.string({ maxLength: 3 }),
)

test('a body may hold a secret header exactly when it names one, in any case', () => {
  const { mayHoldSecretHeaders } = createRedactor(['sk_secret_headers_token'])
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
      const text = pieces.join('')

      const may = mayHoldSecretHeaders(text)

      expect(may).toBe(NAMES.test(text))
    }),
    { numRuns: 3_000 },
  )
})

test('each secret header is found in any case, wherever it stands', () => {
  const { mayHoldSecretHeaders } = createRedactor([])
  for (const name of HEADERS) {
    for (const written of [name, name.toUpperCase(), `x-${name}`, `"Set-${name}":1`]) {
      expect(mayHoldSecretHeaders(`{"headers":{"${written}":"v"}}`), written).toBe(true)
    }
  }
  expect(mayHoldSecretHeaders('{"auth":"token","api":"key","cook":"ie"}')).toBe(false)
})
