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
  // K (Kelvin sign), ſ (long s) and ı fold onto ASCII letters only under Unicode rules, and the
  // contract's regex has none
  fc.constantFrom('-', '_', ' ', '"', ':', 'x', 'k', 'z', 'K', 'Z', '\u212a', '\u017f', '\u0131'),
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

test('a name one character off is told apart from the name itself', () => {
  const { mayHoldSecretHeaders } = createRedactor([])
  const edited = fc
    .tuple(
      fc.constantFrom(...HEADERS).chain(anyCase),
      fc.nat(),
      fc.constantFrom('replace', 'insert', 'delete'),
      fc.constantFrom('x', '-', '_', 'k', 'z', 'a', 'O', ' '),
    )
    .map(([name, at, edit, char]) => {
      const i = at % (name.length + 1)
      if (edit === 'insert') return name.slice(0, i) + char + name.slice(i)
      if (edit === 'delete') return name.slice(0, i) + name.slice(i + 1)
      return name.slice(0, i) + char + name.slice(i + 1)
    })
  fc.assert(
    fc.property(fc.string({ maxLength: 3 }), edited, fc.string({ maxLength: 3 }), (a, name, b) => {
      const text = `${a}${name}${b}`

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
