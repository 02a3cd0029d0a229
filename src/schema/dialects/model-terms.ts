import { isRecord } from '../../basics/is-record.js'
import type { TrutoValidationIssue } from '../../errors/errors.js'
import type { Codec, FieldCodec } from './codec.js'
import { describeShapes, ENTRIES, entryPath } from './model-words.js'

/** Where an API field path leads in the model's view of a schema. */
type Place = {
  /** The path as the model saw it, e.g. `labels[key="env"].value`. */
  readonly path: string
  /** The mapping at the end of the path, when the walk got there. */
  readonly codec: Codec | undefined
  /** The model's schema at the end of the path, when the walk got there. */
  readonly schema: unknown
  /** The API's keys along the path, to read the value there. */
  readonly keys: readonly string[]
  /** Set when the last step was an entry of a `{ key, value }` list. */
  readonly entry?: { readonly list: string; readonly key: string } | undefined
  /** Set when the last step was a declared field. */
  readonly field?: FieldCodec | undefined
}

/**
 * An issue found by validating the API's shape, told as the model saw it: the field by the path
 * it wrote, and the shape expected by the schema it was shown (a map as a list of entries, a
 * union by the model's branches, a missing map key as a missing entry).
 */
export function inModelTerms(
  codec: Codec,
  schema: unknown,
  apiArgs: unknown,
  issue: TrutoValidationIssue,
): TrutoValidationIssue {
  const place = locate(codec, schema, issue.path)
  const { path, entry, field } = place
  let message = issue.message
  if (entry && message === 'is required') {
    return { path: entry.list, message: `needs an entry with key ${JSON.stringify(entry.key)}` }
  }
  const union = /^must match (exactly )?one of: /.exec(message)
  if (union && place.schema !== undefined) {
    message = `must match ${union[1] ?? ''}one of: ${describeShapes([place.schema])}`
  }
  if (place.codec?.kind === 'map') {
    message = message.replace(/^must be object/, `must be ${ENTRIES}`)
    const bound = /^does not have at least (\d+) properties$/.exec(message)
    if (bound) {
      // the validator words both bounds alike; the count says which one was crossed
      const count = Object.keys(valueAt(apiArgs, place.keys) ?? {}).length
      const most = count > Number(bound[1])
      message = `must have ${most ? 'at most' : 'at least'} ${bound[1]} entries`
    }
  }
  if (field?.nullMarker !== undefined) {
    // null leaves the field out: the marker is how the model sends null itself
    const marker = `{${JSON.stringify(field.nullMarker)}: true}`
    message = message.replace(/^must be (.+?) or null\b/, `must be $1 or ${marker}`)
  }
  return { path, message }
}

/**
 * The path the model saw for an API field path such as `metadata.owner` or `filters.0.value`.
 * Field names may themselves hold dots, so the longest declared name that fits is taken.
 */
export function modelPath(codec: Codec, apiPath: string): string {
  return locate(codec, undefined, apiPath).path
}

// a path this long comes from hostile keys; naming it as it is beats spending time on it
const MAX_PATH_CHARS = 2_000

function locate(codec: Codec, schema: unknown, apiPath: string): Place {
  if (apiPath === '' || apiPath.length > MAX_PATH_CHARS) {
    return { path: apiPath, codec: apiPath ? undefined : codec, schema, keys: [] }
  }
  const parts = apiPath.split('.')
  const keys: string[] = []
  let path = ''
  let here = codec
  let model = schema
  let entry: Place['entry']
  let field: FieldCodec | undefined
  let i = 0
  while (i < parts.length) {
    const step = stepInto(here, model, parts, i)
    if (!step) break
    entry = step.entry && {
      list: step.entry.list ? `${path}${path ? '.' : ''}${step.entry.list}` : path,
      key: step.entry.key,
    }
    field = step.field
    path += step.text(path === '')
    keys.push(step.key)
    here = step.next
    model = step.schema
    i += step.taken
  }
  if (i === parts.length) return { path, codec: here, schema: model, keys, entry, field }
  // beyond the mapped fields the model's names are the API's: the schema is followed by name
  for (const part of parts.slice(i)) {
    model = /^\d+$/.test(part) ? itemsOf(model) : propertyOf(model, part)
    keys.push(part)
  }
  const rest = parts.slice(i).join('.')
  return { path: `${path}${path ? '.' : ''}${rest}`, codec: undefined, schema: model, keys }
}

type Step = {
  readonly text: (first: boolean) => string
  readonly next: Codec
  readonly schema: unknown
  readonly taken: number
  readonly key: string
  /** An entry of a list: `list` is the list's name below the current path ('' for a map). */
  readonly entry?: { readonly list: string; readonly key: string } | undefined
  readonly field?: FieldCodec | undefined
}

const named = (name: string) => (first: boolean) => `${first ? '' : '.'}${name}`

function stepInto(
  codec: Codec,
  schema: unknown,
  parts: readonly string[],
  at: number,
): Step | undefined {
  switch (codec.kind) {
    case 'record': {
      // the longest declared name that fits here; walking the fields, not every split, stays linear
      let best: { field: FieldCodec; taken: number } | undefined
      for (const field of codec.fields) {
        const taken = field.api.split('.').length
        if (best && taken <= best.taken) continue
        if (at + taken <= parts.length && parts.slice(at, at + taken).join('.') === field.api) {
          best = { field, taken }
        }
      }
      if (best) {
        const { field, taken } = best
        return {
          text: named(field.model),
          next: field.codec,
          schema: propertyOf(schema, field.model),
          taken,
          key: field.api,
          field,
        }
      }
      const { extras } = codec
      if (!extras) return undefined
      const taken = keyLength(extras.value, parts, at)
      const key = parts.slice(at, at + taken).join('.')
      return {
        text: (first) => `${named(extras.model)(first)}${entryPath('', key)}.value`,
        next: extras.value,
        schema: entryValueOf(propertyOf(schema, extras.model)),
        taken,
        key,
        entry: { list: extras.model, key },
      }
    }
    case 'map': {
      const taken = keyLength(codec.value, parts, at)
      const key = parts.slice(at, at + taken).join('.')
      return {
        text: () => `${entryPath('', key)}.value`,
        next: codec.value,
        schema: entryValueOf(schema),
        taken,
        key,
        entry: { list: '', key },
      }
    }
    case 'array':
      return /^\d+$/.test(parts[at] as string)
        ? {
            text: named(parts[at] as string),
            next: codec.items,
            schema: itemsOf(schema),
            taken: 1,
            key: parts[at] as string,
          }
        : undefined
    case 'union':
      for (const branch of codec.branches) {
        const step = stepInto(branch.codec, branch.model, parts, at)
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

/** The schema and, for a union or nullable form, each of its branches. */
function alternatives(schema: unknown): Record<string, unknown>[] {
  if (!isRecord(schema)) return []
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf.flatMap(alternatives) : []
  return [schema, ...branches]
}

function propertyOf(schema: unknown, name: string): unknown {
  for (const alt of alternatives(schema)) {
    if (isRecord(alt.properties) && Object.hasOwn(alt.properties, name)) {
      return alt.properties[name]
    }
  }
  return undefined
}

function itemsOf(schema: unknown): unknown {
  return alternatives(schema).find((alt) => isRecord(alt.items))?.items
}

const entryValueOf = (schema: unknown) => propertyOf(itemsOf(schema), 'value')

function valueAt(value: unknown, keys: readonly string[]): unknown {
  let here = value
  for (const key of keys) {
    if (Array.isArray(here)) here = here[Number(key)]
    else if (isRecord(here) && Object.hasOwn(here, key)) here = here[key]
    else return undefined
  }
  return here
}
