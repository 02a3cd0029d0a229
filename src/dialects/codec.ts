import type { JsonSchema } from '../definitions.js'
import { isRecord } from '../is-record.js'
import { setOwn } from '../own-property.js'
import { shapeMatches } from './shape-matches.js'

/** One field of an object as the model sees it, and where it goes in the API's object. */
export type FieldCodec = {
  /** The API's name for the field. */
  readonly api: string
  /** The name the model sees (differs when the provider refuses the API's name). */
  readonly model: string
  readonly codec: Codec
  /** The model sends `null` for "left out" (all fields are required in the dialect). */
  readonly nullIsAbsent: boolean
  /** The key of `{ [key]: true }`, which the model sends for an explicit `null`. */
  readonly nullMarker?: string | undefined
}

/** How a value in the model's shape maps to the API's shape and back. */
export type Codec =
  /** The same value in both shapes. */
  | { readonly kind: 'same' }
  /** Any JSON value, written by the model as JSON text. */
  | { readonly kind: 'json' }
  /** Enum values the provider only takes as strings, written as their JSON text. */
  | { readonly kind: 'enum-text'; readonly values: ReadonlyMap<string, unknown> }
  | {
      readonly kind: 'record'
      readonly fields: readonly FieldCodec[]
      /** Fields beyond the declared ones, as `{ key, value }` entries under this name. */
      readonly extras?: { readonly model: string; readonly value: Codec } | undefined
      /** The dialect has no "left out" for the extras field: it takes `null`. */
      readonly extrasNullIsAbsent: boolean
    }
  /** An object of any keys, as an array of `{ key, value }` entries. */
  | { readonly kind: 'map'; readonly value: Codec }
  | { readonly kind: 'array'; readonly items: Codec }
  | { readonly kind: 'union'; readonly branches: readonly UnionBranch[] }

/** A branch of a union: its API and model schemas pick the branch a value belongs to. */
export type UnionBranch = {
  readonly api: unknown
  readonly model: JsonSchema
  readonly codec: Codec
}

export const SAME: Codec = { kind: 'same' }

export const isSame = (codec: Codec) => codec.kind === 'same'

const isMarker = (value: unknown, key: string) =>
  isRecord(value) && value[key] === true && Object.keys(value).length === 1

const isEntry = (value: unknown): value is { key: string; value: unknown } =>
  isRecord(value) && typeof value.key === 'string' && Object.hasOwn(value, 'value')

/** The model's value in the API's shape; anything unexpected is returned as it is. */
export function toApi(codec: Codec, value: unknown): unknown {
  switch (codec.kind) {
    case 'same':
      return value
    case 'json':
      return typeof value === 'string' ? parseJson(value) : value
    case 'enum-text':
      return typeof value === 'string' && codec.values.has(value) ? codec.values.get(value) : value
    case 'array':
      return Array.isArray(value) ? value.map((item) => toApi(codec.items, item)) : value
    case 'map': {
      if (!Array.isArray(value) || !value.every(isEntry)) return value
      // two entries of one key: which was meant is not ours to guess, so validation names the field
      if (new Set(value.map((entry) => entry.key)).size !== value.length) return value
      const out: Record<string, unknown> = {}
      for (const entry of value) setOwn(out, entry.key, toApi(codec.value, entry.value))
      return out
    }
    case 'union': {
      if (value === null) return value
      const branch = codec.branches.find((b) => shapeMatches(b.model, value))
      return branch ? toApi(branch.codec, value) : value
    }
    case 'record':
      return recordToApi(codec, value)
  }
}

function recordToApi(codec: Extract<Codec, { kind: 'record' }>, value: unknown): unknown {
  if (!isRecord(value)) return value
  const fields = new Map(codec.fields.map((field) => [field.model, field]))
  const out: Record<string, unknown> = {}
  let extras: unknown[] | undefined
  for (const key of Object.keys(value)) {
    const item = value[key]
    const field = fields.get(key)
    if (codec.extras && key === codec.extras.model && !field) {
      if (item === null && codec.extrasNullIsAbsent) continue
      if (Array.isArray(item) && item.every(isEntry)) {
        extras = item
        continue
      }
    }
    if (!field) {
      // not a field the model was shown: kept, so validation names it
      setOwn(out, key, item)
    } else if (item === null && field.nullIsAbsent) {
      // the dialect's "left out"
    } else if (field.nullMarker !== undefined && isMarker(item, field.nullMarker)) {
      setOwn(out, field.api, null)
    } else {
      setOwn(out, field.api, toApi(field.codec, item))
    }
  }
  if (!extras || !codec.extras) return out
  const entries = extras as { key: string; value: unknown }[]
  // an entry naming a field already given is not sent twice: the entries stay as they came
  if (entries.some((entry) => Object.hasOwn(out, entry.key))) {
    setOwn(out, codec.extras.model, extras)
    return out
  }
  for (const entry of entries) setOwn(out, entry.key, toApi(codec.extras.value, entry.value))
  return out
}

/** The API's value in the model's shape (the inverse of {@link toApi} for valid values). */
export function fromApi(codec: Codec, value: unknown): unknown {
  switch (codec.kind) {
    case 'same':
      return value
    case 'json':
      return JSON.stringify(value) ?? value
    case 'enum-text': {
      const text = JSON.stringify(value)
      return text !== undefined && codec.values.has(text) ? text : value
    }
    case 'array':
      return Array.isArray(value) ? value.map((item) => fromApi(codec.items, item)) : value
    case 'map':
      return isRecord(value)
        ? Object.keys(value).map((key) => ({ key, value: fromApi(codec.value, value[key]) }))
        : value
    case 'union': {
      if (value === null) return value
      const branch = codec.branches.find((b) => shapeMatches(b.api, value))
      return branch ? fromApi(branch.codec, value) : value
    }
    case 'record':
      return recordFromApi(codec, value)
  }
}

function recordFromApi(codec: Extract<Codec, { kind: 'record' }>, value: unknown): unknown {
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  const declared = new Set<string>()
  for (const field of codec.fields) {
    declared.add(field.api)
    if (Object.hasOwn(value, field.api)) {
      const item = value[field.api]
      const marked = item === null && field.nullMarker !== undefined
      setOwn(
        out,
        field.model,
        marked ? { [field.nullMarker as string]: true } : fromApi(field.codec, item),
      )
    } else if (field.nullIsAbsent) {
      setOwn(out, field.model, null)
    }
  }
  const rest = Object.keys(value).filter((key) => !declared.has(key))
  if (codec.extras && rest.length) {
    const value_ = codec.extras.value
    setOwn(
      out,
      codec.extras.model,
      rest.map((key) => ({ key, value: fromApi(value_, value[key]) })),
    )
  } else {
    if (codec.extras && codec.extrasNullIsAbsent) setOwn(out, codec.extras.model, null)
    // keys no field declares pass through, as toApi passes them back
    for (const key of rest) setOwn(out, key, value[key])
  }
  return out
}

/**
 * The path the model saw for an API field path such as `metadata.owner` or `filters.0.value`.
 * Field names may themselves hold dots, so the longest declared name that fits is taken.
 */
export function modelPath(codec: Codec, apiPath: string): string {
  // a path this long comes from hostile keys; naming it as it is beats spending time on it
  if (apiPath === '' || apiPath.length > MAX_PATH_CHARS) return apiPath
  const parts = apiPath.split('.')
  let path = ''
  let here: Codec = codec
  let i = 0
  while (i < parts.length) {
    const step = stepInto(here, parts, i)
    if (!step) break
    path += step.text(path === '')
    here = step.next
    i += step.taken
  }
  if (i < parts.length) path += `${path ? '.' : ''}${parts.slice(i).join('.')}`
  return path
}

const MAX_PATH_CHARS = 2_000

type Step = {
  readonly text: (first: boolean) => string
  readonly next: Codec
  readonly taken: number
}

const named = (name: string) => (first: boolean) => `${first ? '' : '.'}${name}`
const entry = (key: string) => `[key=${JSON.stringify(key)}].value`

function stepInto(codec: Codec, parts: readonly string[], at: number): Step | undefined {
  switch (codec.kind) {
    case 'record': {
      // the longest declared name that fits here; walking the fields, not every split, stays linear
      let best: { field: (typeof codec.fields)[number]; taken: number } | undefined
      for (const field of codec.fields) {
        const taken = field.api.split('.').length
        if (best && taken <= best.taken) continue
        if (at + taken <= parts.length && parts.slice(at, at + taken).join('.') === field.api) {
          best = { field, taken }
        }
      }
      if (best) return { text: named(best.field.model), next: best.field.codec, taken: best.taken }
      const { extras } = codec
      if (!extras) return undefined
      const taken = keyLength(extras.value, parts, at)
      const key = parts.slice(at, at + taken).join('.')
      return {
        text: (first) => `${named(extras.model)(first)}${entry(key)}`,
        next: extras.value,
        taken,
      }
    }
    case 'map': {
      const taken = keyLength(codec.value, parts, at)
      const key = parts.slice(at, at + taken).join('.')
      return { text: () => entry(key), next: codec.value, taken }
    }
    case 'array':
      return /^\d+$/.test(parts[at] as string)
        ? { text: named(parts[at] as string), next: codec.items, taken: 1 }
        : undefined
    case 'union':
      for (const branch of codec.branches) {
        const step = stepInto(branch.codec, parts, at)
        if (step) return step
      }
      return undefined
    default:
      return undefined
  }
}

// a key may hold dots: below a value with no structure of its own, the whole rest is the key
function keyLength(value: Codec, parts: readonly string[], at: number): number {
  const structured = value.kind === 'record' || value.kind === 'map' || value.kind === 'array'
  return structured || value.kind === 'union' ? 1 : parts.length - at
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
