/** The query parameter naming the account; the toolset sets it, a model never may. */
export const ACCOUNT_PARAM = 'integrated_account_id'

// a server or gateway may decode more than once; each round could reveal a bracket
const DECODE_ROUNDS = 3
// what a `qs`-style parser skips before a key's root, and what ends the root
const LEADING = new Set(['[', ']', '.', ' ', '\t'])
const ROOT_END = new Set(['[', ']', '.'])
// ASCII only: NFKC and lower-casing change no such name beyond its case
const PLAIN = /^[A-Za-z0-9_-]*$/

/**
 * True when a server could read `name` as the account parameter: the name as a `qs`-style parser
 * sees it (percent-decoded, leading brackets and dots dropped, the root before `[` or `.`), in any
 * case or Unicode compatibility form. `[integrated_account_id]`, `integrated_account_id[0]` and
 * `.Integrated_Account_Id` all are; `integrated_account_ids` is not.
 */
export function isAccountParam(name: string): boolean {
  // the usual name (letters, digits, `_` and `-`) has nothing to decode, normalise or strip
  if (PLAIN.test(name))
    return name.length === ACCOUNT_PARAM.length && name.toLowerCase() === ACCOUNT_PARAM
  let text = name
  for (let round = 0; round < DECODE_ROUNDS && text.includes('%'); round++) {
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
  while (start < text.length && LEADING.has(text.charAt(start))) start++
  let end = start
  while (end < text.length && !ROOT_END.has(text.charAt(end))) end++
  return text.slice(start, end).trim() === ACCOUNT_PARAM
}
