import fc from 'fast-check'
import { expect, test } from 'vitest'
import { isAccountParam } from '../../src/safety/account-param.js'

// the full reading a `qs`-style server gives a name: decoded, normalised, its root before `[` or `.`
function readsAsAccount(name: string): boolean {
  let text = name
  for (let round = 0; round < 3 && text.includes('%'); round++) {
    try {
      const decoded = decodeURIComponent(text)
      if (decoded === text) break
      text = decoded
    } catch {
      break
    }
  }
  text = text.normalize('NFKC').toLowerCase()
  let start = 0
  while (start < text.length && '[]. \t'.includes(text.charAt(start))) start++
  let end = start
  while (end < text.length && !'[].'.includes(text.charAt(end))) end++
  return text.slice(start, end).trim() === 'integrated_account_id'
}

test('every name is judged as a server would read it, plain ASCII names too', () => {
  const recased = fc
    .array(fc.boolean(), { minLength: 21, maxLength: 21 })
    .map((cases) =>
      [...'integrated_account_id'].map((c, i) => (cases[i] ? c.toUpperCase() : c)).join(''),
    )
  const name = fc.oneof(
    recased,
    recased.map((n) => `${n}s`),
    recased.map((n) => `${n}[0]`),
    recased.map((n) => `.${n}`),
    fc.string({ maxLength: 25 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{0,25}$/),
    fc.constantFrom(
      'ｉｎｔｅｇｒａｔｅｄ_account_id',
      'integrated%5Faccount_id',
      'integrated_account_\u212Ad',
    ),
  )
  fc.assert(
    fc.property(name, (n) => {
      expect(isAccountParam(n)).toBe(readsAsAccount(n))
    }),
    { numRuns: 2000 },
  )
  expect(isAccountParam('Integrated_Account_ID')).toBe(true)
  expect(isAccountParam('integrated_account_ids')).toBe(false)
})
