import { contentWords, stemOf, wordsOf } from './search-words.js'
import { STOP_WORDS } from './stop-words.js'
import { ACTION_SYNONYMS, ACTION_WORDS, RECORD_SYNONYMS } from './synonyms.js'

// Weights tuned on the benchmark's tuned requests (test/bench/retrieval), never on its held-aside ones.
// the first word of an imperative request is its verb: its method words count this much more
const VERB = 1.5
// an action word after the first is more often a noun or an adjective (`open tickets`)
const LATER_ACTION = 0.5
// after a preposition words say where or about what (`to the Trello board`), not what is acted on
const CONTEXT = 0.7
// a question (`which sprints…`, `who is…`) asks to read: list and get tools, this much
const QUESTION = 0.5
// a word as written (`contacts`, a list) beside its stem (`contact`, one record)
const AS_WRITTEN = 0.5
// a record named by its id (`ticket 4821`) is one record: tools taking an `id`
const ONE_RECORD = 1

const QUESTIONS = new Set(
  'what which who whom whose how when where is are does do did any'.split(' '),
)
const PREPOSITIONS = new Set(
  'to in on for from into onto of at with about inside within across'.split(' '),
)

/** A word of a tool's name as written, kept apart from stems. */
export const asWritten = (word: string) => `=${word}`

/**
 * The terms a query looks for, each with its weight: the stems of its first `maxWords` distinct
 * content words, those words as written, and their synonyms.
 */
export function queryTerms(query: string, maxWords: number): Map<string, number> {
  const terms = new Map<string, number>()
  const add = (term: string, weight: number) => {
    if ((terms.get(term) ?? 0) < weight) terms.set(term, weight)
  }
  const counted = countedText(query, maxWords)
  const words = wordsOf(counted)
  if (QUESTIONS.has(words[0] ?? '')) {
    add('list', QUESTION)
    add('get', QUESTION)
  }
  if (namesOneRecord(counted)) add('id', ONE_RECORD)
  const seen = new Set<string>()
  let context = false
  for (const word of words) {
    if (STOP_WORDS.has(word)) {
      context ||= PREPOSITIONS.has(word)
      continue
    }
    if (seen.has(word)) continue
    const verb = seen.size === 0
    seen.add(word)
    const base = context ? CONTEXT : 1
    const stemmed = stemOf(word)
    add(stemmed, verb && ACTION_WORDS.has(stemmed) ? VERB : base)
    add(asWritten(word), base * AS_WRITTEN)
    for (const [synonym, weight] of ACTION_SYNONYMS.get(stemmed) ?? []) {
      add(synonym, weight * (verb ? VERB : base * LATER_ACTION))
    }
    for (const [synonym, weight] of RECORD_SYNONYMS.get(stemmed) ?? []) add(synonym, weight * base)
  }
  return terms
}

// the query up to its `maxWords`th distinct content word: nothing after it counts for anything
function countedText(query: string, maxWords: number): string {
  const seen = new Set<string>()
  const kept: string[] = []
  for (const token of query.split(/\s+/)) {
    const fresh = contentWords(token).filter((word) => !seen.has(word))
    if (seen.size + new Set(fresh).size > maxWords) break
    for (const word of fresh) seen.add(word)
    kept.push(token)
  }
  return kept.join(' ')
}

// `ticket 4821`, `order #1089`, `customer 88's`: a record named by its id before any preposition
// (`the notes on card c-3` names the card only to say whose notes); `3 hours` is a quantity
function namesOneRecord(query: string): boolean {
  const tokens = query.split(/\s+/).map((t) => t.replace(/^[("'#]+|[)"',.?!:;]+$/g, ''))
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i] ?? ''
    const before = (tokens[i - 1] ?? '').toLowerCase()
    if (PREPOSITIONS.has(before)) return false
    // dates, times, percentages and amounts name no record
    if (!/\d/.test(token) || /^\d{4}-\d\d|:|%|^\$/.test(token)) continue
    if (STOP_WORDS.has(before) || !/^[a-z]+$/.test(before)) continue
    const after = (tokens[i + 1] ?? '').toLowerCase()
    const quantity = /^[a-z]+$/.test(after) && !STOP_WORDS.has(after) && !/'s$/.test(token)
    if (!quantity) return true
  }
  return false
}
