import { stem } from 'porter2'
import { STOP_WORDS } from './stop-words.js'

// stems repeat across a catalogue; a hostile one could still grow the cache, so it is bounded
const MAX_CACHED_STEMS = 50_000
const stems = new Map<string, string>()

/** The Porter2 (Snowball English) stem of a lowercase word, cached. */
export function stemOf(word: string): string {
  let stemmed = stems.get(word)
  if (stemmed === undefined) {
    // digits and ids stay as they are; the stemmer knows only English words
    stemmed = /^[a-z]+$/.test(word) ? stem(word) : word
    if (stems.size >= MAX_CACHED_STEMS) stems.clear()
    stems.set(word, stemmed)
  }
  return stemmed
}

const CAMEL = /[a-z0-9][A-Z]|[A-Z][A-Z][a-z]/
const isWordChar = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)

/** Calls `visit` with each run of letters and digits in a text longer than one character. */
export function forEachToken(text: string, visit: (token: string) => void): void {
  let start = -1
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && isWordChar(text.charCodeAt(i))) {
      if (start < 0) start = i
      continue
    }
    if (start >= 0 && i - start > 1) visit(text.slice(start, i))
    start = -1
  }
}

/**
 * The lowercase words of one token: the token whole, and split when it is camelCase
 * (`QuickBooks` gives `quickbooks`, `quick`, `books`; `listRecords` gives `listrecords`, `list`,
 * `records`); one-letter parts dropped.
 */
export function tokenWords(token: string): string[] {
  const words = [token.toLowerCase()]
  if (!CAMEL.test(token)) return words
  for (const part of token
    .replaceAll(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replaceAll(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')) {
    if (part.length > 1) words.push(part.toLowerCase())
  }
  return words
}

/**
 * The lowercase words of a text: snake_case, kebab-case and punctuation split, camelCase both
 * whole and split (see {@link tokenWords}).
 */
export function wordsOf(text: string): string[] {
  const words: string[] = []
  forEachToken(text, (token) => {
    for (const word of tokenWords(token)) words.push(word)
  })
  return words
}

/** The words of a text that say what it is about: {@link wordsOf} without stop words. */
export const contentWords = (text: string): string[] =>
  wordsOf(text).filter((word) => !STOP_WORDS.has(word))
