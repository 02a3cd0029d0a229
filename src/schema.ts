import { isRecord } from './client.js'
import type { JsonSchema } from './definitions.js'

/** Thrown when a schema has a shape the library cannot present to a model. */
export class SchemaShapeError extends Error {
  override name = 'SchemaShapeError'
}

const DROPPED = new Set(['$schema', '$id', 'id', '$comment', '$defs', 'definitions', 'nullable'])
const SCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas']
// keys that only describe; beside a $ref they refine the target instead of constraining it
const ANNOTATIONS = new Set([
  'description',
  'title',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
])
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems']
const SCHEMA_VALUES = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains']

/**
 * Normalises a server schema into what a model and the validator both read: root object,
 * local `$ref` inlined, OpenAPI `nullable` as a null union, ids and `$schema` dropped.
 * Descriptions, enums, defaults, formats and required lists are kept as they are.
 */
export function normaliseSchema(schema: JsonSchema): JsonSchema {
  // a nullable root still takes an object: a model always sends one
  const { nullable: _, ...rootSchema } = schema
  const root = normaliseNode(rootSchema, schema, [])
  if (!isRecord(root)) throw new SchemaShapeError('the schema is not an object')
  if (root.type !== undefined && root.type !== 'object') {
    throw new SchemaShapeError(`the root type is ${JSON.stringify(root.type)}, not "object"`)
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'not', 'if']) {
    if (key in root) throw new SchemaShapeError(`the root uses \`${key}\`, which providers reject`)
  }
  return { ...root, type: 'object', properties: isRecord(root.properties) ? root.properties : {} }
}

// validators compile patterns with the `u` flag, where needless escapes such as `\-` are errors
function unicodeSafePattern(pattern: string, description: unknown): JsonSchema {
  const compiles = (source: string) => {
    try {
      new RegExp(source, 'u')
      return true
    } catch {
      return false
    }
  }
  if (compiles(pattern)) return { pattern }
  const unescaped = dropNeedlessEscapes(pattern)
  if (compiles(unescaped)) return { pattern: unescaped }
  const note = `Must match the pattern ${pattern}.`
  return { description: typeof description === 'string' ? `${description} ${note}` : note }
}

function normaliseNode(node: unknown, root: JsonSchema, seen: readonly string[]): unknown {
  if (typeof node === 'boolean') return node
  if (!isRecord(node)) throw new SchemaShapeError(`a subschema is ${JSON.stringify(node)}`)

  if (typeof node.$ref === 'string') {
    const { $ref: ref, nullable, ...siblings } = node
    // a cycle cannot be inlined; an open object keeps the call valid and the text finite
    const target = seen.includes(ref) ? { type: 'object' } : resolveRef(ref, root)
    const inlined = normaliseNode(target, root, [...seen, ref]) as JsonSchema
    const extra = normaliseNode(siblings, root, seen) as JsonSchema
    const annotations = Object.entries(extra).filter(([key]) => ANNOTATIONS.has(key))
    const constraints = Object.entries(extra).filter(([key]) => !ANNOTATIONS.has(key))
    // constraints beside a $ref apply on top of the target, never in place of its own
    const base = constraints.length
      ? { allOf: [inlined, Object.fromEntries(constraints)] }
      : inlined
    const merged = { ...base, ...Object.fromEntries(annotations) }
    return nullable === true ? withNull(merged) : merged
  }

  const out: JsonSchema = {}
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue
    if (SCHEMA_MAPS.includes(key) && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, normaliseNode(sub, root, seen)]),
      )
    } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => normaliseNode(sub, root, seen))
    } else if (SCHEMA_VALUES.includes(key) && (isRecord(value) || typeof value === 'boolean')) {
      out[key] = normaliseNode(value, root, seen)
    } else if (key === 'items' && Array.isArray(value)) {
      out[key] = value.map((sub) => normaliseNode(sub, root, seen))
    } else if (key !== 'pattern') {
      out[key] = value
    }
  }
  if (typeof node.pattern === 'string') {
    Object.assign(out, unicodeSafePattern(node.pattern, out.description))
  }
  exclusiveBoundAsNumber(out, 'minimum', 'exclusiveMinimum')
  exclusiveBoundAsNumber(out, 'maximum', 'exclusiveMaximum')
  if (isRecord(out.properties) && out.type === undefined) out.type = 'object'
  if (Array.isArray(out.required) && isRecord(out.properties)) {
    const props = out.properties
    out.required = out.required.filter((name) => typeof name === 'string' && name in props)
  }
  return node.nullable === true ? withNull(out) : out
}

// OpenAPI 3.0 writes `exclusiveMinimum: true` beside `minimum`; JSON Schema wants the number itself
function exclusiveBoundAsNumber(schema: JsonSchema, bound: string, exclusive: string): void {
  if (typeof schema[exclusive] !== 'boolean') return
  if (schema[exclusive] === true && typeof schema[bound] === 'number') {
    schema[exclusive] = schema[bound]
    delete schema[bound]
  } else {
    delete schema[exclusive]
  }
}

function withNull(schema: JsonSchema): JsonSchema {
  const { type, enum: values } = schema
  const next: JsonSchema = { ...schema }
  if (Array.isArray(values) && !values.includes(null)) next.enum = [...values, null]
  if (typeof type === 'string') return { ...next, type: [type, 'null'] }
  if (Array.isArray(type))
    return type.includes('null') ? next : { ...next, type: [...type, 'null'] }
  if (next.enum) return next
  return { anyOf: [schema, { type: 'null' }] }
}

function resolveRef(ref: string, root: JsonSchema): unknown {
  if (!ref.startsWith('#')) throw new SchemaShapeError(`the external reference ${ref}`)
  let target: unknown = root
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~')
    target = isRecord(target) ? target[key] : undefined
  }
  if (target === undefined) throw new SchemaShapeError(`the reference ${ref} points nowhere`)
  return target
}

// outside a character class, `\-`, `\_` and the like mean the bare character
function dropNeedlessEscapes(pattern: string): string {
  let out = ''
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]
    const next = pattern[i + 1] ?? ''
    if (char === '\\') {
      const needless = !inClass && /[^a-zA-Z0-9\\^$.*+?()[\]{}|/]/.test(next)
      out += needless ? next : char + next
      i++
      continue
    }
    if (char === '[') inClass = true
    if (char === ']') inClass = false
    out += char
  }
  return out
}
