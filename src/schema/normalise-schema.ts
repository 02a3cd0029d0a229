import { isRecord } from '../basics/is-record.js'
import { measureJson } from '../basics/json-measure.js'
import { setOwn } from '../basics/own-property.js'
import { plainObject } from '../basics/plain-object.js'
import type { JsonSchema } from './json-schema.js'
import { linearPattern } from './linear-pattern.js'
import { assertWithinBudget, SCHEMA_BUDGET } from './schema-budget.js'
import { SchemaShapeError } from './schema-shape-error.js'

export { SchemaShapeError }

const DROPPED = new Set(['$schema', '$id', 'id', '$comment', '$defs', 'definitions', 'nullable'])
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas'])
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
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'])
const SCHEMA_VALUES = new Set([
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
])
// each key's part in the walk, as bits: a key may be a list of subschemas or one (`items`)
const DROP = 1
const MAP = 2
const LIST = 4
const VALUE = 8
// keys looked at again once the node is walked: noted as seen, the many nodes without them are
// spared a lookup each (lookups of keys a node lacks, on nodes of many shapes, are slow in V8)
const PATTERN = 16
const PROPERTIES = 32
const TYPE = 64
const REQUIRED = 128
const BOUND = 256
const NULLABLE = 512
const KEY_KINDS = new Map<string, number>()
for (const key of [...DROPPED, 'pattern']) KEY_KINDS.set(key, DROP)
for (const key of SCHEMA_MAPS) KEY_KINDS.set(key, MAP)
for (const key of SCHEMA_LISTS) KEY_KINDS.set(key, LIST)
for (const key of SCHEMA_VALUES) KEY_KINDS.set(key, (KEY_KINDS.get(key) ?? 0) | VALUE)
const SEEN: [string, number][] = [
  ['pattern', PATTERN],
  ['properties', PROPERTIES],
  ['type', TYPE],
  ['required', REQUIRED],
  ['exclusiveMinimum', BOUND],
  ['exclusiveMaximum', BOUND],
  ['nullable', NULLABLE],
]
for (const [key, bit] of SEEN) KEY_KINDS.set(key, (KEY_KINDS.get(key) ?? 0) | bit)
const ROOT_REFUSED = ['anyOf', 'oneOf', 'allOf', 'not', 'if']
// marks a $ref target being expanded, so a reference back to it is a cycle
const EXPANDING = Symbol('expanding')
// per node, what normalising may add: braces, `type`, a null union, an allOf, a numeric bound
const NODE_SLACK = 100

/** What normalised schemas may cost once written as JSON, summed over one tool. */
export type SchemaCost = { chars: number }

// a $ref target normalised once: the result, its JSON length at most, and how deep it nests
type Expansion = { readonly schema: unknown; readonly chars: number; readonly height: number }

// one schema's walk: its root, what it has cost, and each $ref target normalised once
type Walk = {
  readonly root: JsonSchema
  // made at the first $ref: most schemas have none
  refs: Map<unknown, Expansion | typeof EXPANDING> | undefined
  visits: number
  deepest: number
  chars: number
}

/**
 * Normalises a server schema into what a model and the validator both read: root object,
 * local `$ref` inlined, OpenAPI `nullable` as a null union, ids and `$schema` dropped.
 * Descriptions, enums, defaults, formats and required lists are kept as they are.
 * Throws a {@link SchemaShapeError} past any of the {@link SCHEMA_BUDGET}s, and adds to
 * `cost.chars` at least the length of the result written as JSON.
 */
export function normaliseSchema(schema: JsonSchema, cost: SchemaCost = { chars: 0 }): JsonSchema {
  // a nullable root still takes an object: a model always sends one (normaliseNode drops
  // `nullable` at depth 0)
  const walk: Walk = { root: schema, refs: undefined, visits: 0, deepest: 0, chars: 0 }
  const root = normaliseNode(schema, walk, 0)
  cost.chars += walk.chars
  if (!isRecord(root)) throw new SchemaShapeError('the schema is not an object')
  if (root.type !== undefined && root.type !== 'object') {
    throw new SchemaShapeError(`the root type is ${brief(root.type)}, not "object"`)
  }
  for (const key of ROOT_REFUSED) {
    if (Object.hasOwn(root, key)) {
      throw new SchemaShapeError(`the root uses \`${key}\`, which providers reject`)
    }
  }
  // the root as it is when it already says so: most do
  const normalised =
    root.type === 'object' && isRecord(root.properties)
      ? root
      : { ...root, type: 'object', properties: isRecord(root.properties) ? root.properties : {} }
  assertWithinBudget(normalised, walk.chars)
  return normalised
}

// validators compile patterns with the `u` flag, where needless escapes such as `\-` are errors;
// a pattern is kept only when RE2 can check it, so the model sees what is validated
function unicodeSafePattern(pattern: string, description: unknown): JsonSchema {
  const checkable = [pattern, dropNeedlessEscapes(pattern)].find((source) => linearPattern(source))
  if (checkable !== undefined) return { pattern: checkable }
  const note = `Must match the pattern ${pattern} (not checked by the toolset; the API checks it).`
  return { description: typeof description === 'string' ? `${description} ${note}` : note }
}

function normaliseNode(node: unknown, walk: Walk, depth: number): unknown {
  // checked before recursing, so a hostile depth is refused long before the stack runs out
  if (depth > SCHEMA_BUDGET.depth) throw tooDeep()
  if (depth > walk.deepest) walk.deepest = depth
  if (++walk.visits > SCHEMA_BUDGET.subschemas) {
    throw new SchemaShapeError(
      `its schema has more than the budget of ${SCHEMA_BUDGET.subschemas} subschemas`,
    )
  }
  walk.chars += NODE_SLACK
  if (typeof node === 'boolean') return node
  if (!isRecord(node)) throw new SchemaShapeError(`a subschema is ${brief(node)}`)
  if (node.$ref !== undefined) return inlineRef(node, walk, depth)

  // copied at the first difference: most server schemas need none, and a catalogue's tools then
  // share the listing's subschemas instead of holding copies (nothing mutates either)
  let out: JsonSchema | undefined
  let seen = 0
  // for-in over own keys: Object.keys would allocate an array per node
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue
    const value = node[key]
    // one lookup for what the key is; most keys are none of these
    const kind = KEY_KINDS.get(key) ?? 0
    seen |= kind
    if ((kind & DROP) !== 0) {
      out ??= copyBefore(node, key)
      continue
    }
    walk.chars += keyChars(key)
    let next = value
    if ((kind & MAP) !== 0 && isRecord(value)) {
      next = normaliseMap(value, walk, depth + 1)
    } else if ((kind & LIST) !== 0 && Array.isArray(value)) {
      walk.chars += value.length + 2
      next = normaliseList(value, walk, depth + 1)
    } else if ((kind & VALUE) !== 0 && (isRecord(value) || typeof value === 'boolean')) {
      next = normaliseNode(value, walk, depth + 1)
    } else {
      walk.chars += valueChars(value)
    }
    if (next !== value) out ??= copyBefore(node, key)
    if (out) setOwn(out, key, next)
  }
  if ((seen & PATTERN) !== 0 && typeof node.pattern === 'string') {
    out ??= copyBefore(node)
    const checked = unicodeSafePattern(node.pattern, out.description)
    for (const key of Object.keys(checked)) {
      walk.chars += keyChars(key) + valueChars(checked[key])
    }
    Object.assign(out, checked)
  }
  const kept = out ?? node
  const untyped =
    (seen & PROPERTIES) !== 0 &&
    isRecord(kept.properties) &&
    ((seen & TYPE) === 0 || kept.type === undefined)
  const listed = (seen & REQUIRED) !== 0 ? kept.required : undefined
  const required = Array.isArray(listed) ? knownRequired(listed, kept.properties) : listed
  if (untyped || required !== listed || ((seen & BOUND) !== 0 && hasBooleanBound(kept))) {
    out ??= copyBefore(node)
    exclusiveBoundAsNumber(out, 'minimum', 'exclusiveMinimum')
    exclusiveBoundAsNumber(out, 'maximum', 'exclusiveMaximum')
    if (untyped) out.type = 'object'
    if (required !== listed) out.required = required
  }
  const result = out ?? node
  return (seen & NULLABLE) !== 0 && node.nullable === true && depth > 0 ? withNull(result) : result
}

/** The node's own keys before `stop` (all of them without one), unchanged, in a fresh object. */
function copyBefore(node: JsonSchema, stop?: string): JsonSchema {
  const out = plainObject<JsonSchema>()
  for (const key in node) {
    if (key === stop) break
    if (Object.hasOwn(node, key)) setOwn(out, key, node[key])
  }
  return out
}

// `required` names only properties the schema has: the same list when it already does
function knownRequired(required: unknown[], properties: unknown): unknown[] {
  if (!isRecord(properties)) return required
  const known = (name: unknown) => typeof name === 'string' && Object.hasOwn(properties, name)
  return required.every(known) ? required : required.filter(known)
}

const hasBooleanBound = (schema: JsonSchema) =>
  typeof schema.exclusiveMinimum === 'boolean' || typeof schema.exclusiveMaximum === 'boolean'

function normaliseMap(map: JsonSchema, walk: Walk, depth: number): JsonSchema {
  let out: JsonSchema | undefined
  walk.chars += 2
  for (const name in map) {
    if (!Object.hasOwn(map, name)) continue
    walk.chars += keyChars(name)
    const value = map[name]
    const next = normaliseNode(value, walk, depth)
    if (next !== value) out ??= copyBefore(map, name)
    if (out) setOwn(out, name, next)
  }
  return out ?? map
}

function normaliseList(list: unknown[], walk: Walk, depth: number): unknown[] {
  let out: unknown[] | undefined
  for (let i = 0; i < list.length; i++) {
    const value = list[i]
    const next = normaliseNode(value, walk, depth)
    if (next !== value) out ??= list.slice(0, i)
    if (out) out.push(next)
  }
  return out ?? list
}

function inlineRef(node: JsonSchema, walk: Walk, depth: number): unknown {
  const { $ref: ref, nullable, ...siblings } = node
  if (typeof ref !== 'string') throw new SchemaShapeError(`a \`$ref\` is ${brief(ref)}`)
  // the target counts as a level, so a chain of references cannot recurse unchecked
  const target = expandRef(ref, walk, depth + 1)
  // a boolean target spreads to the open object `{}`, as it always has
  const inlined = isRecord(target) ? target : {}
  let merged: JsonSchema = inlined
  if (Object.keys(siblings).length) {
    const extra = normaliseNode(siblings, walk, depth + 1) as JsonSchema
    const annotations = Object.entries(extra).filter(([key]) => ANNOTATIONS.has(key))
    const constraints = Object.entries(extra).filter(([key]) => !ANNOTATIONS.has(key))
    // constraints beside a $ref apply on top of the target, never in place of its own
    const base = constraints.length
      ? { allOf: [inlined, Object.fromEntries(constraints)] }
      : inlined
    merged = { ...base, ...Object.fromEntries(annotations) }
  }
  return nullable === true && depth > 0 ? withNull(merged) : merged
}

// each target is normalised once and the result shared, so repeated references cost no work;
// the shared result still nests and counts in full wherever it appears
function expandRef(ref: string, walk: Walk, depth: number): unknown {
  const target = resolveRef(ref, walk.root)
  walk.refs ??= new Map()
  const known = walk.refs.get(target)
  // a cycle cannot be inlined; an open object keeps the call valid and the text finite
  if (known === EXPANDING) return { type: 'object' }
  if (known !== undefined) {
    if (depth + known.height > SCHEMA_BUDGET.depth) throw tooDeep()
    walk.deepest = Math.max(walk.deepest, depth + known.height)
    walk.chars += known.chars
    return known.schema
  }
  walk.refs.set(target, EXPANDING)
  const { chars, deepest } = walk
  walk.deepest = depth
  const schema = normaliseNode(target, walk, depth)
  const height = walk.deepest - depth
  walk.refs.set(target, { schema, chars: walk.chars - chars, height })
  walk.deepest = Math.max(walk.deepest, deepest)
  return schema
}

const tooDeep = () =>
  new SchemaShapeError(
    `its schema nests deeper than the depth budget of ${SCHEMA_BUDGET.depth} levels`,
  )

const isFlat = (value: unknown) => typeof value !== 'object' || value === null

// JSON writes a UTF-16 unit as at most six characters (`\u001f`); a key adds quotes, `:` and `,`
const keyChars = (key: string) => key.length * 6 + 4

// at least the JSON length of a value kept as it is; a nested value must fit the depth budget
function valueChars(value: unknown): number {
  if (typeof value === 'string') return value.length * 6 + 2
  // a JSON number is at most 25 characters (-0.0000012345678901234567); true, false, null fewer
  if (typeof value !== 'object' || value === null) return 25
  if (Array.isArray(value) && value.every(isFlat)) {
    let chars = 2
    for (const item of value) chars += (typeof item === 'string' ? item.length * 6 + 2 : 25) + 1
    return chars
  }
  const { chars, depth } = measureJson(value, SCHEMA_BUDGET.depth)
  if (depth > SCHEMA_BUDGET.depth) {
    throw new SchemaShapeError(
      `its schema holds a value nested deeper than the depth budget of ${SCHEMA_BUDGET.depth} levels`,
    )
  }
  return chars
}

// hostile values may be huge or deep; a message names them briefly
function brief(value: unknown): string {
  if (isRecord(value)) return 'an object'
  if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null)) {
    return 'an array'
  }
  const text = String(JSON.stringify(value))
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
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
  if (!ref.startsWith('#')) throw new SchemaShapeError(`the external reference ${brief(ref)}`)
  let target: unknown = root
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodePointerPart(raw, ref).replaceAll('~1', '/').replaceAll('~0', '~')
    // own keys only: `__proto__` or `constructor` must not reach Object.prototype
    target = isRecord(target) && Object.hasOwn(target, key) ? target[key] : undefined
  }
  if (target === undefined) {
    throw new SchemaShapeError(`the reference ${brief(ref)} points nowhere`)
  }
  return target
}

function decodePointerPart(raw: string, ref: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    throw new SchemaShapeError(`the reference ${brief(ref)} has malformed percent-encoding`)
  }
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
