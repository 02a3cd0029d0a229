import { isRecord } from '../../basics/is-record.js'

/** What a map or the extra fields of an object are, as the model is shown them. */
export const ENTRIES = 'a list of {key, value} entries'

/** `a.b`, or `b` at the top. */
export const fieldPath = (at: string, name: string) => (at ? `${at}.${name}` : name)

/** The entry of a list of `{ key, value }` entries with this key: `labels[key="env"]`. */
export const entryPath = (at: string, key: string) => `${at}[key=${JSON.stringify(key)}]`

/** The JSON type of a value, as validation names it. */
export const typeName = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value

/** The shapes a list of schemas of the model's view admit, for a message: `string | number | null`. */
export function describeShapes(schemas: readonly unknown[]): string {
  const all = new Set(schemas.flatMap(shapes))
  // null last, as the schemas write it
  return [...all].sort((a, b) => Number(a === 'null') - Number(b === 'null')).join(' | ')
}

function shapes(schema: unknown): string[] {
  if (!isRecord(schema)) return ['any']
  const nullable = schema.nullable === true ? ['null'] : []
  if (Array.isArray(schema.anyOf)) {
    return [...schema.anyOf.flatMap((branch) => shapes(branch)), ...nullable]
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'any']
  if (Array.isArray(schema.enum)) {
    const nulls = types.includes('null') || schema.enum.includes(null) ? ['null'] : []
    return [
      `one of ${JSON.stringify(schema.enum.filter((v) => v !== null))}`,
      ...nulls,
      ...nullable,
    ]
  }
  return [...types.map((type) => typeWords(schema, String(type))), ...nullable]
}

function typeWords(schema: Record<string, unknown>, type: string): string {
  if (type === 'array' && isEntryList(schema)) return ENTRIES
  if (type !== 'object' || !isRecord(schema.properties)) return type
  const names = Object.keys(schema.properties)
  const only = names.length === 1 ? schema.properties[names[0] as string] : undefined
  // the marker that sends an explicit null: {"null": true}
  if (isRecord(only) && Array.isArray(only.enum) && only.enum.length === 1) {
    return `{${JSON.stringify(names[0])}: ${JSON.stringify(only.enum[0])}}`
  }
  return names.length ? `object with ${names.join(', ')}` : 'object'
}

/** True for the model's form of a map: an array of `{ key, value }` objects. */
function isEntryList(schema: Record<string, unknown>): boolean {
  const item = schema.items
  return (
    isRecord(item) &&
    isRecord(item.properties) &&
    Object.keys(item.properties).join() === 'key,value' &&
    Array.isArray(item.required) &&
    item.required.includes('key')
  )
}
