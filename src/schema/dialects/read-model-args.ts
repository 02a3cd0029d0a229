import { isRecord } from '../../basics/is-record.js'
import { setOwn } from '../../basics/own-property.js'
import type { TrutoValidationIssue } from '../../errors/errors.js'
import type { Codec, FieldCodec } from './codec.js'
import { describeShapes, ENTRIES, entryPath, fieldPath, typeName } from './model-words.js'
import { jsonEqual, shapeMatches } from './shape-matches.js'

type Issues = TrutoValidationIssue[]

/**
 * The model's arguments in the API's shape, and what keeps them from being read: the problems
 * only the dialect's own forms can have (an entry list with a duplicate or missing key or value,
 * an entry naming a declared field, a value no union branch takes), named by the path and shape
 * the model saw. What the API's schema judges (types, bounds, patterns) is left for validation;
 * a value already in the API's own shape (a map as an object) is taken as it is. Where a problem
 * was found, the value stays as the model wrote it, so it can never be sent as something else.
 * Pure: never changes `args`.
 */
export function readModelArgs(
  codec: Codec,
  args: Record<string, unknown>,
): { args: Record<string, unknown>; issues: Issues } {
  const issues: Issues = []
  const value = read(codec, args, '', issues)
  return { args: isRecord(value) ? value : args, issues }
}

function read(codec: Codec, value: unknown, at: string, issues: Issues): unknown {
  switch (codec.kind) {
    case 'same':
      return value
    case 'json':
      return typeof value === 'string' ? parseJson(value) : value
    case 'enum-text': {
      if (typeof value === 'string' && codec.values.has(value)) return codec.values.get(value)
      // null, or the API's own value rather than its text: validation judges it
      if (value === null || [...codec.values.values()].some((v) => jsonEqual(v, value))) {
        return value
      }
      issues.push({
        path: at,
        message: `must be one of ${JSON.stringify([...codec.values.keys()])}`,
      })
      return value
    }
    case 'array':
      return Array.isArray(value)
        ? value.map((item, i) => read(codec.items, item, fieldPath(at, String(i)), issues))
        : value
    case 'map': {
      // a map written as the API's object: its values may still be in the model's shape
      if (isRecord(value)) return readValues(codec.value, value, at, issues)
      if (value === null) return value
      return readEntries(codec.value, value, at, issues) ?? value
    }
    case 'union': {
      if (value === null) return value
      const branch = codec.branches.find((b) => shapeMatches(b.model, value))
      if (branch) return read(branch.codec, value, at, issues)
      if (codec.branches.some((b) => shapeMatches(b.api, value))) return value
      const shapes = describeShapes(codec.branches.map((b) => b.model))
      issues.push({ path: at, message: `must match one of: ${shapes}` })
      return value
    }
    case 'record':
      return readRecord(codec, value, at, issues)
  }
}

function readRecord(
  codec: Extract<Codec, { kind: 'record' }>,
  value: unknown,
  at: string,
  issues: Issues,
): unknown {
  if (!isRecord(value)) return value
  const fields = new Map(codec.fields.map((field) => [field.model, field]))
  const out: Record<string, unknown> = {}
  let extras: { given: unknown } | undefined
  for (const key of Object.keys(value)) {
    const item = value[key]
    const field = fields.get(key)
    if (field) {
      readField(field, item, fieldPath(at, key), out, issues)
    } else if (codec.extras && key === codec.extras.model) {
      if (item !== null || !codec.extrasNullIsAbsent) extras = { given: item }
    } else {
      // not a field the model was shown: kept, so validation names it
      setOwn(out, key, item)
    }
  }
  if (!extras || !codec.extras) return out
  const listAt = fieldPath(at, codec.extras.model)
  const before = issues.length
  // the API's object is not taken here: the entry list is no field of the API's
  const entries = isRecord(extras.given)
    ? notAList(extras.given, listAt, issues)
    : readEntries(codec.extras.value, extras.given, listAt, issues)
  for (const key of Object.keys(entries ?? {})) {
    const declared = codec.fields.find((f) => f.api === key)
    if (declared) {
      const there = fieldPath(at, declared.model)
      issues.push({
        path: entryPath(listAt, key),
        message: `names a declared field: give it as \`${there}\`, not as an entry`,
      })
    } else if (Object.hasOwn(out, key)) {
      issues.push({
        path: entryPath(listAt, key),
        message: `gives \`${fieldPath(at, key)}\` a second time: give it once`,
      })
    }
  }
  // a list that cannot be read adds nothing: its issues keep the call from being sent
  if (!entries || issues.length > before) return out
  for (const key of Object.keys(entries)) setOwn(out, key, entries[key])
  return out
}

function readField(
  field: FieldCodec,
  item: unknown,
  at: string,
  out: Record<string, unknown>,
  issues: Issues,
): void {
  if (item === null && field.nullIsAbsent) return // the dialect's "left out"
  if (field.nullMarker !== undefined && isMarker(item, field.nullMarker)) {
    setOwn(out, field.api, null)
  } else {
    setOwn(out, field.api, read(field.codec, item, at, issues))
  }
}

/** A list of `{ key, value }` entries as an object, or undefined (with issues) when it is not one. */
function readEntries(
  value: Codec,
  given: unknown,
  at: string,
  issues: Issues,
): Record<string, unknown> | undefined {
  if (!Array.isArray(given)) return notAList(given, at, issues)
  const before = issues.length
  const counts = new Map<string, number>()
  given.forEach((entry, i) => {
    const here = fieldPath(at, String(i))
    if (!isRecord(entry)) {
      issues.push({ path: here, message: `must be a {key, value} entry, not ${typeName(entry)}` })
    } else if (typeof entry.key !== 'string') {
      issues.push(
        entry.key === undefined
          ? { path: here, message: 'has no `key` (each entry is {key, value})' }
          : { path: fieldPath(here, 'key'), message: `must be string, not ${typeName(entry.key)}` },
      )
    } else {
      counts.set(entry.key, (counts.get(entry.key) ?? 0) + 1)
      if (!Object.hasOwn(entry, 'value')) {
        issues.push({
          path: entryPath(at, entry.key),
          message: 'has no `value` (each entry is {key, value})',
        })
      }
    }
  })
  for (const [key, count] of counts) {
    // which of them was meant is not ours to guess
    if (count > 1) {
      issues.push({
        path: at,
        message: `has ${count} entries with key ${JSON.stringify(key)}: give each key once`,
      })
    }
  }
  if (issues.length > before) return undefined
  const out: Record<string, unknown> = {}
  for (const entry of given as { key: string; value: unknown }[]) {
    setOwn(out, entry.key, read(value, entry.value, `${entryPath(at, entry.key)}.value`, issues))
  }
  return out
}

function readValues(
  value: Codec,
  given: Record<string, unknown>,
  at: string,
  issues: Issues,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(given)) {
    setOwn(out, key, read(value, given[key], `${entryPath(at, key)}.value`, issues))
  }
  return out
}

function notAList(given: unknown, at: string, issues: Issues): undefined {
  issues.push({ path: at, message: `must be ${ENTRIES}, not ${typeName(given)}` })
  return undefined
}

const isMarker = (value: unknown, key: string) =>
  isRecord(value) && value[key] === true && Object.keys(value).length === 1

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    // not JSON text: most likely the string itself was meant
    return text
  }
}
