import { isRecord } from '../../basics/is-record.js'
import { setOwn } from '../../basics/own-property.js'
import type { JsonSchema } from '../json-schema.js'
import { brief } from './keyword-words.js'
import { jsonEqual } from './shape-matches.js'

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties']
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties']
// subschemas that both parts constrain: kept as an allOf of the two, merged when converted
const NESTED = ['items', 'additionalProperties', 'propertyNames', 'contains']

/**
 * One schema for an `allOf` and its siblings: the parts' constraints combined (bounds tightened,
 * types and enums intersected, properties merged field by field). What cannot be combined in
 * one keyword (two patterns, two formats, a second union) is said in the description instead,
 * so the result may be looser than the `allOf`, never stricter. `false` when no value fits.
 */
export function mergeAllOf(node: JsonSchema): JsonSchema | false {
  const parts: unknown[] = []
  flatten(node, parts)
  let merged: JsonSchema = {}
  const notes: string[] = []
  for (const part of parts) {
    if (part === true || (isRecord(part) && Object.keys(part).length === 0)) continue
    if (part === false || !isRecord(part)) return false
    const next = mergeTwo(merged, part, notes)
    if (next === false) return false
    merged = next
  }
  if (notes.length) {
    const said = notes.join('; ')
    const description = typeof merged.description === 'string' ? `${merged.description} ` : ''
    merged.description = `${description}Also ${said}.`
  }
  return merged
}

function flatten(node: unknown, into: unknown[]): void {
  if (!isRecord(node) || !Array.isArray(node.allOf)) {
    into.push(node)
    return
  }
  const { allOf, ...rest } = node
  into.push(rest)
  for (const part of allOf) flatten(part, into)
}

function mergeTwo(a: JsonSchema, b: JsonSchema, notes: string[]): JsonSchema | false {
  const out: JsonSchema = { ...a }
  for (const key of Object.keys(b)) {
    const value = b[key]
    if (!Object.hasOwn(out, key)) {
      setOwn(out, key, value)
      continue
    }
    const mine = out[key]
    if (jsonEqual(mine, value)) continue
    const merged = mergeKeyword(key, mine, value, notes)
    if (merged === NEVER) return false
    setOwn(out, key, merged)
  }
  return out
}

const NEVER = Symbol('never')

function mergeKeyword(key: string, a: unknown, b: unknown, notes: string[]): unknown {
  if (LOWER_BOUNDS.includes(key) && typeof a === 'number' && typeof b === 'number') {
    return Math.max(a, b)
  }
  if (UPPER_BOUNDS.includes(key) && typeof a === 'number' && typeof b === 'number') {
    return Math.min(a, b)
  }
  switch (key) {
    case 'type':
      return intersectTypes(a, b)
    case 'enum': {
      if (!Array.isArray(a) || !Array.isArray(b)) return a
      const both = a.filter((value) => b.some((other) => jsonEqual(value, other)))
      return both.length ? both : NEVER
    }
    case 'const':
      return NEVER
    case 'required':
      return [...new Set([...(Array.isArray(a) ? a : []), ...(Array.isArray(b) ? b : [])])]
    case 'properties':
      return mergeProperties(a, b)
    case 'description':
      return `${String(a)} ${String(b)}`
    case 'title':
    case 'default':
    case 'examples':
    case 'example':
      return a
    case 'uniqueItems':
      return a === true || b === true
    case 'additionalProperties':
      if (a === false || b === false) return false
      if (a === true) return b
      if (b === true) return a
      return { allOf: [a, b] }
    default:
      if (NESTED.includes(key)) return { allOf: [a, b] }
      notes.push(noteFor(key, b))
      return a
  }
}

function mergeProperties(a: unknown, b: unknown): JsonSchema {
  const out: JsonSchema = { ...(isRecord(a) ? a : {}) }
  const more = isRecord(b) ? b : {}
  for (const name of Object.keys(more)) {
    setOwn(out, name, Object.hasOwn(out, name) ? { allOf: [out[name], more[name]] } : more[name])
  }
  return out
}

function intersectTypes(a: unknown, b: unknown): unknown {
  const list = (t: unknown) => (Array.isArray(t) ? t : [t]).filter((x) => typeof x === 'string')
  const left = list(a)
  const right = list(b)
  const both = new Set<string>()
  for (const type of left) {
    if (right.includes(type)) both.add(type)
    // every integer is a number
    else if (type === 'integer' && right.includes('number')) both.add('integer')
    else if (type === 'number' && right.includes('integer')) both.add('integer')
  }
  if (!both.size) return NEVER
  const types = [...both]
  return types.length === 1 ? types[0] : types
}

function noteFor(key: string, value: unknown): string {
  switch (key) {
    case 'pattern':
      return `must match the pattern ${String(value)}`
    case 'format':
      return `format: ${String(value)}`
    case 'anyOf':
    case 'oneOf':
      return `must match one of ${brief(value)}`
    case 'not':
      return `must not match ${brief(value)}`
    default:
      return `${key}: ${brief(value)}`
  }
}
