import { isRecord } from '../../basics/is-record.js'
import { setOwn } from '../../basics/own-property.js'
import type { JsonSchema } from '../json-schema.js'
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

/** The API's value in the model's shape (the inverse of `readModelArgs` for valid values). */
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
    // keys no field declares pass through, as readModelArgs passes them back
    for (const key of rest) setOwn(out, key, value[key])
  }
  return out
}
