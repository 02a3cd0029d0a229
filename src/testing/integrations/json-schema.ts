/** A JSON Schema object, as the tools endpoint serves it. */
export type JsonSchema = { readonly [key: string]: unknown }

const FORMATS: Readonly<Record<string, RegExp>> = {
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const typeOf = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : Number.isInteger(value)
        ? 'integer'
        : typeof value

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema
  let node: unknown = root
  for (const part of ref.slice(2).split('/')) node = isObject(node) ? node[part] : undefined
  return isObject(node) ? resolve(node, root) : {}
}

/** Checks a value against a schema; returns readable problems such as `status must be one of …`. */
export function validate(schema: JsonSchema, value: unknown, root = schema, path = ''): string[] {
  const s = resolve(schema, root)
  const at = path || 'value'
  if (value === null && s.nullable === true) return []
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const options = (s.anyOf ?? s.oneOf) as JsonSchema[]
    const passing = options.filter((o) => validate(o, value, root, path).length === 0).length
    if (passing === 0) return [`${at} does not match any allowed shape`]
    if (s.oneOf && passing > 1) return [`${at} matches more than one allowed shape`]
  }
  const types = s.type === undefined ? [] : ([] as unknown[]).concat(s.type)
  const actual = typeOf(value)
  const typeOk =
    types.length === 0 ||
    types.includes(actual) ||
    (actual === 'integer' && types.includes('number'))
  if (!typeOk) return [`${at} must be ${types.join(' or ')}, got ${actual}`]
  if (Array.isArray(s.enum) && !s.enum.includes(value)) {
    return [`${at} must be one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`]
  }
  if (typeof value === 'string') return checkString(s, value, at)
  if (typeof value === 'number') return checkNumber(s, value, at)
  if (Array.isArray(value)) {
    const issues: string[] = []
    if (typeof s.minItems === 'number' && value.length < s.minItems) {
      issues.push(`${at} must have at least ${s.minItems} item(s)`)
    }
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) {
      issues.push(`${at} must have at most ${s.maxItems} item(s)`)
    }
    if (isObject(s.items)) {
      const items = s.items
      value.forEach((item, i) => {
        issues.push(...validate(items, item, root, `${path}[${i}]`))
      })
    }
    return issues
  }
  if (isObject(value)) return checkObject(s, value, root, path)
  return []
}

function checkString(s: JsonSchema, value: string, at: string): string[] {
  const format = typeof s.format === 'string' ? FORMATS[s.format] : undefined
  if (format && !format.test(value)) return [`${at} must be a valid ${s.format}`]
  if (typeof s.pattern === 'string' && !new RegExp(s.pattern).test(value)) {
    return [`${at} must match ${s.pattern}`]
  }
  if (typeof s.minLength === 'number' && value.length < s.minLength) {
    return [`${at} must be at least ${s.minLength} character(s)`]
  }
  if (typeof s.maxLength === 'number' && value.length > s.maxLength) {
    return [`${at} must be at most ${s.maxLength} character(s)`]
  }
  return []
}

function checkNumber(s: JsonSchema, value: number, at: string): string[] {
  if (typeof s.minimum === 'number' && value < s.minimum) return [`${at} must be ≥ ${s.minimum}`]
  if (typeof s.maximum === 'number' && value > s.maximum) return [`${at} must be ≤ ${s.maximum}`]
  return []
}

function checkObject(
  s: JsonSchema,
  value: Record<string, unknown>,
  root: JsonSchema,
  path: string,
): string[] {
  const issues: string[] = []
  const properties = isObject(s.properties) ? s.properties : {}
  const prefix = path ? `${path}.` : ''
  for (const name of Array.isArray(s.required) ? (s.required as string[]) : []) {
    if (value[name] === undefined) issues.push(`${prefix}${name} is required`)
  }
  for (const [name, item] of Object.entries(value)) {
    if (item === undefined) continue
    const sub = properties[name]
    if (isObject(sub)) issues.push(...validate(sub, item, root, `${prefix}${name}`))
    else if (s.additionalProperties === false) issues.push(`${prefix}${name} is not allowed`)
    else if (isObject(s.additionalProperties)) {
      issues.push(...validate(s.additionalProperties, item, root, `${prefix}${name}`))
    }
  }
  return issues
}

/** Turns query-string leaves into the types the schema declares (`"15"` → 15, `"a,b"` → [a, b]). */
export function coerce(schema: JsonSchema, value: unknown, root = schema): unknown {
  const s = resolve(schema, root)
  const options = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined
  if (Array.isArray(options)) {
    for (const option of options) {
      const candidate = coerce(option, value, root)
      if (validate(option, candidate, root).length === 0) return candidate
    }
    return value
  }
  const types = ([] as unknown[]).concat(s.type ?? [])
  if (typeof value === 'string') {
    if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) {
      return Number(value)
    }
    if (types.includes('boolean') && (value === 'true' || value === 'false'))
      return value === 'true'
    if (types.includes('null') && value === 'null') return null
    if (types.includes('array')) return coerce(s, value.split(','), root)
    return value
  }
  if (Array.isArray(value) && isObject(s.items)) {
    const items = s.items
    return value.map((item) => coerce(items, item, root))
  }
  if (isObject(value) && isObject(s.properties)) {
    const properties = s.properties
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        isObject(properties[k]) ? coerce(properties[k] as JsonSchema, v, root) : v,
      ]),
    )
  }
  return value
}
