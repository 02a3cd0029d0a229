/**
 * True when `text` names a header whose value is a credential: `authorization`, `cookie`,
 * `api-key`, `api_key`, `auth-token` or `auth_token`, in any ASCII case (as the regex
 * `/authorization|cookie|api[-_]key|auth[-_]token/i` finds them). Each name holds a `k` or a `z`:
 * rare letters, which `indexOf` finds at memory speed, so a long body costs a fraction of a scan
 * that starts at every `a` or `c`; the letters around each one found are then compared.
 */
export function namesSecretHeader(text: string): boolean {
  for (const letter of RARE_LETTERS) {
    for (let at = text.indexOf(letter); at !== -1; at = text.indexOf(letter, at + 1)) {
      if (nameAround(text, at)) return true
    }
  }
  return false
}

const RARE_LETTERS = ['k', 'K', 'z', 'Z']

// the name the `k` or `z` at `at` may be part of
function nameAround(text: string, at: number): boolean {
  if ((text.charCodeAt(at) | 0x20) === 0x7a) {
    return spells(text, at - 7, 'authori') && spells(text, at + 1, 'ation')
  }
  return (
    (spells(text, at + 1, 'ie') && spells(text, at - 3, 'coo')) ||
    (spells(text, at + 1, 'ey') && isDash(text, at - 1) && spells(text, at - 4, 'api')) ||
    (spells(text, at + 1, 'en') &&
      spells(text, at - 2, 'to') &&
      isDash(text, at - 3) &&
      spells(text, at - 7, 'auth'))
  )
}

// `word` (lower-case ASCII letters) at `from`, in any case: `| 0x20` folds A–Z onto a–z alone
function spells(text: string, from: number, word: string): boolean {
  if (from < 0 || from + word.length > text.length) return false
  for (let i = 0; i < word.length; i++) {
    if ((text.charCodeAt(from + i) | 0x20) !== word.charCodeAt(i)) return false
  }
  return true
}

const isDash = (text: string, at: number) => {
  const code = text.charCodeAt(at)
  return code === 0x2d || code === 0x5f
}
