import { isRecord } from '../../basics/is-record.js'

/**
 * True when a value has the shape a schema describes: types, enums, required and closed
 * fields, items and unions. String and number constraints are not checked; the shape is only
 * used to tell the branches of a union apart, and validation checks the rest.
 */
export function shapeMatches(schema: unknown, value: unknown): boolean {
  if (schema === false) return false
  if (!isRecord(schema)) return true
  if (value === null && schema.nullable === true) return true
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => jsonEqual(option, value))) {
    return false
  }
  if (Object.hasOwn(schema, 'const') && !jsonEqual(schema.const, value)) return false
  if (schema.type !== undefined && !typeMatches(schema.type, value)) return false
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key]
    if (Array.isArray(branches) && !branches.some((branch) => shapeMatches(branch, value))) {
      return false
    }
  }
  const allOf = schema.allOf
  if (Array.isArray(allOf) && !allOf.every((part) => shapeMatches(part, value))) return false
  if (isRecord(value)) return objectMatches(schema, value)
  if (Array.isArray(value) && (isRecord(schema.items) || typeof schema.items === 'boolean')) {
    return value.every((item) => shapeMatches(schema.items, item))
  }
  return true
}

function objectMatches(schema: Record<string, unknown>, value: Record<string, unknown>): boolean {
  const required = Array.isArray(schema.required) ? schema.required : []
  if (!required.every((name) => typeof name === 'string' && Object.hasOwn(value, name))) {
    return false
  }
  const properties = isRecord(schema.properties) ? schema.properties : {}
  // names matching a pattern are beyond a structural check: such objects are taken as open
  const patterned = isRecord(schema.patternProperties)
  for (const name of Object.keys(value)) {
    if (Object.hasOwn(properties, name)) {
      if (!shapeMatches(properties[name], value[name])) return false
    } else if (!patterned && schema.additionalProperties !== undefined) {
      if (!shapeMatches(schema.additionalProperties, value[name])) return false
    }
  }
  return true
}

function typeMatches(type: unknown, value: unknown): boolean {
  const types = Array.isArray(type) ? type : [type]
  return types.some((name) => {
    switch (name) {
      case 'null':
        return value === null
      case 'boolean':
        return typeof value === 'boolean'
      case 'string':
        return typeof value === 'string'
      case 'number':
        return typeof value === 'number'
      case 'integer':
        return Number.isInteger(value)
      case 'array':
        return Array.isArray(value)
      case 'object':
        return isRecord(value)
      default:
        return true
    }
  })
}

/** Equality of JSON values: key order does not matter, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]))
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a)
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]))
    )
  }
  return false
}
