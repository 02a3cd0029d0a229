import { isRecord } from '../../basics/is-record.js'
import { setOwn } from '../../basics/own-property.js'
import type { JsonSchema } from '../json-schema.js'
import { SchemaShapeError } from '../schema-shape-error.js'
import { type Codec, type FieldCodec, isSame, SAME, type UnionBranch } from './codec.js'
import type { DialectRules, JsonType } from './dialect-rules.js'
import { brief, keywordWords, withWords } from './keyword-words.js'
import { mergeAllOf } from './merge-all-of.js'

/** A schema converted into a dialect, and how its values map back. */
export type Converted = { readonly schema: JsonSchema; readonly codec: Codec }

/**
 * A subschema in the dialect before `null` is added: `value` has a schema for the non-null
 * values; `any` takes any JSON value (as JSON text); `null` takes only null; `never` nothing.
 */
type Out =
  | ValueOut
  | { readonly kind: 'null'; readonly notes: JsonSchema }
  | { readonly kind: 'never' }

type ValueOut = {
  readonly kind: 'value' | 'any'
  readonly schema: JsonSchema
  readonly codec: Codec
  readonly nullable: boolean
}

const NEVER: Out = { kind: 'never' }

const KEYWORDS: Record<Exclude<JsonType, 'null'>, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format', 'contentEncoding', 'contentMediaType'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'format'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'format'],
  boolean: ['format'],
  array: [
    'items',
    'prefixItems',
    'additionalItems',
    'minItems',
    'maxItems',
    'uniqueItems',
    'contains',
    'minContains',
    'maxContains',
    'unevaluatedItems',
  ],
  object: [
    'properties',
    'required',
    'additionalProperties',
    'patternProperties',
    'propertyNames',
    'minProperties',
    'maxProperties',
    'dependentRequired',
    'dependentSchemas',
    'dependencies',
    'unevaluatedProperties',
  ],
}
const TYPED = new Set(Object.values(KEYWORDS).flat())
const ANNOTATIONS = ['description', 'title', 'default', 'examples', 'example']
const STRUCTURE = new Set(['type', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', 'then', 'else'])
// identifiers and vendor notes: nothing a model needs, nothing that constrains a value
const SILENT = new Set([
  '$schema',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$comment',
  '$defs',
  'definitions',
  'nullable',
  'writeOnly',
  'discriminator',
  'xml',
  'externalDocs',
])
const TYPE_NAMES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'])

const MAP_NOTE = 'An object, written as a list of {key, value} entries, one per key.'
const EXTRAS_NOTE = 'Fields besides those listed, as {key, value} entries.'
const JSON_NOTE = 'Any JSON value, written as JSON text.'

/**
 * Converts a normalised tool schema (root object) into a dialect. Pure: the input is never
 * changed and the same input always gives the same output. Throws a {@link SchemaShapeError}
 * when the root is not an object.
 */
export function convertSchema(schema: JsonSchema, rules: DialectRules): Converted {
  return new Converter(rules).root(schema)
}

class Converter {
  readonly #rules: DialectRules
  // each API subschema is converted once; normalised schemas share inlined $ref targets
  readonly #memo = new Map<object, Out>()

  constructor(rules: DialectRules) {
    this.#rules = rules
  }

  root(schema: JsonSchema): Converted {
    const merged = Array.isArray(schema.allOf) ? mergeAllOf(schema) : schema
    if (merged === false || (merged.type !== undefined && merged.type !== 'object')) {
      throw new SchemaShapeError('its schema is not an object')
    }
    const out = this.#record({ ...merged, properties: propertiesOf(merged) }, true, true)
    if (out.kind !== 'value') throw new SchemaShapeError('its schema is not an object')
    return { schema: out.schema, codec: out.codec }
  }

  convert(node: unknown): Out {
    if (node === false) return NEVER
    if (!isRecord(node)) return this.#any({})
    const known = this.#memo.get(node)
    if (known) return known
    const out = this.#convert(node)
    this.#memo.set(node, out)
    return out
  }

  #convert(node: JsonSchema): Out {
    const n = Array.isArray(node.allOf) ? mergeAllOf(node) : node
    if (n === false) return NEVER
    if (Array.isArray(n.anyOf) || Array.isArray(n.oneOf)) return this.#union(n)
    if (Array.isArray(n.enum) || Object.hasOwn(n, 'const')) return this.#enum(n)
    const types = typesOf(n)
    if (!types) return this.#any(n)
    const nullable = types.includes('null')
    const rest = types.filter((t): t is Exclude<JsonType, 'null'> => t !== 'null')
    if (!rest.length) return { kind: 'null', notes: this.#notes(n, [], SAME) }
    if (rest.length === 1) {
      const out = this.#typed(n, rest[0] as Exclude<JsonType, 'null'>, true)
      return nullable && out.kind === 'value' ? { ...out, nullable: true } : out
    }
    const branches = rest.map((type) => ({ api: { ...n, type }, out: this.#typed(n, type, false) }))
    return this.#assemble(n, branches, nullable, [])
  }

  #typed(n: JsonSchema, type: Exclude<JsonType, 'null'>, annotate: boolean): Out {
    switch (type) {
      case 'object':
        return this.#object(n, annotate)
      case 'array':
        return this.#array(n, annotate)
      default:
        return this.#primitive(n, type, annotate)
    }
  }

  // ---- leaves

  #any(n: JsonSchema): ValueOut {
    const notes = this.#notes(n, this.#genericWords(n), { kind: 'json' })
    const description = withWords(notes.description, [JSON_NOTE.slice(0, -1)])
    return {
      kind: 'any',
      schema: { type: 'string', ...notes, description },
      codec: { kind: 'json' },
      nullable: false,
    }
  }

  #primitive(n: JsonSchema, type: 'string' | 'number' | 'integer' | 'boolean', annotate: boolean) {
    const rules = this.#rules
    const schema: JsonSchema = { type }
    const words: string[] = []
    for (const key of KEYWORDS[type]) {
      if (!Object.hasOwn(n, key)) continue
      const value = n[key]
      const kept =
        rules.keywords[type].has(key) &&
        (key !== 'format' || rules.formats[type].has(String(value))) &&
        !(rules.inclusiveBoundsOnly && key.startsWith('exclusive'))
      if (kept) schema[key] = value
      else if (!(rules.inclusiveBoundsOnly && key.startsWith('exclusive'))) {
        words.push(keywordWords(key, value, n))
      }
    }
    if (rules.inclusiveBoundsOnly && (type === 'number' || type === 'integer')) {
      inclusiveBounds(n, type, schema, words)
    }
    const out: JsonSchema = annotate
      ? { ...schema, ...this.#notes(n, [...words, ...this.#genericWords(n)], SAME) }
      : withDescription(schema, words)
    return valueOut(out, SAME)
  }

  #enum(n: JsonSchema): Out {
    const listed = Array.isArray(n.enum) ? n.enum : [n.const]
    const allowed = listed.filter(
      (v) =>
        (!Object.hasOwn(n, 'const') || equalJson(v, n.const)) &&
        (n.type === undefined || typeAdmits(n.type, v)),
    )
    const nullable = allowed.includes(null)
    const options = unique(allowed.filter((v) => v !== null))
    const words = this.#genericWords(n)
    if (!options.length) {
      return nullable ? { kind: 'null', notes: this.#notes(n, words, SAME) } : NEVER
    }
    const structured = options.some((v) => typeof v === 'object')
    const plainStrings = options.every((v) => typeof v === 'string' && v !== '')
    if (structured || (this.#rules.stringEnums && !plainStrings)) {
      // the provider takes only strings: each value is offered as its JSON text
      const texts = new Map(options.map((v) => [JSON.stringify(v), v]))
      const codec: Codec = { kind: 'enum-text', values: texts }
      const schema = { type: 'string', enum: [...texts.keys()], ...this.#notes(n, words, codec) }
      return { kind: 'value', schema, codec, nullable }
    }
    const groups = new Map<string, unknown[]>()
    for (const v of options) {
      const type = typeof v === 'number' ? 'number' : typeof v
      groups.set(type, [...(groups.get(type) ?? []), v])
    }
    const schemas = [...groups].map(([type, values]) => ({ type, enum: values }))
    const notes = this.#notes(n, words, SAME)
    const schema = schemas.length === 1 ? { ...schemas[0], ...notes } : { anyOf: schemas, ...notes }
    return { kind: 'value', schema, codec: SAME, nullable }
  }

  // ---- arrays

  #array(n: JsonSchema, annotate: boolean): Out {
    const words: string[] = []
    const tuple = Array.isArray(n.prefixItems)
      ? { items: n.prefixItems, rest: n.items }
      : Array.isArray(n.items)
        ? { items: n.items, rest: n.additionalItems }
        : undefined
    let items: Out
    if (tuple) {
      const parts = [
        ...(tuple.items as unknown[]),
        ...(tuple.rest === false ? [] : [tuple.rest ?? true]),
      ]
      items = this.#assemble(
        {},
        parts.map((api) => ({ api, out: this.convert(api) })),
        false,
        [],
      )
      words.push(`items in order: ${(tuple.items as unknown[]).map((s) => brief(s)).join(', ')}`)
    } else {
      items = this.convert(n.items ?? true)
    }
    const schema: JsonSchema = { type: 'array' }
    if (items.kind === 'never') {
      schema.items = this.finish(this.#any({}))
      schema.maxItems = 0
    } else {
      schema.items = this.finish(items)
    }
    for (const key of KEYWORDS.array) {
      if (!Object.hasOwn(n, key) || ['items', 'prefixItems', 'additionalItems'].includes(key)) {
        continue
      }
      if (this.#rules.keywords.array.has(key) && !(key === 'maxItems' && schema.maxItems === 0)) {
        schema[key] = n[key]
      } else {
        words.push(keywordWords(key, n[key], n))
      }
    }
    const codec = items.kind === 'never' ? SAME : arrayCodec(items)
    const out = annotate
      ? { ...schema, ...this.#notes(n, [...words, ...this.#genericWords(n)], codec) }
      : withDescription(schema, words)
    return valueOut(out, codec)
  }

  // ---- objects

  #object(n: JsonSchema, annotate: boolean): Out {
    const properties = isRecord(n.properties) ? n.properties : undefined
    const count = properties ? Object.keys(properties).length : 0
    const closed = n.additionalProperties === false && !isRecord(n.patternProperties)
    // an object declaring no field is a map, unless it is closed and the provider takes `{}`
    const record = count > 0 || (closed && !this.#rules.nonEmptyObjects)
    return record ? this.#record(n, annotate) : this.#map(n, annotate)
  }

  #record(n: JsonSchema, annotate = true, root = false): Out {
    const rules = this.#rules
    const source = isRecord(n.properties) ? n.properties : {}
    const required = new Set(Array.isArray(n.required) ? n.required : [])
    const taken = new Set(Object.keys(source).filter(rules.propertyName))
    const properties: JsonSchema = {}
    const requiredOut: string[] = []
    const fields: FieldCodec[] = []
    for (const name of Object.keys(source)) {
      const out = this.convert(source[name])
      if (out.kind === 'never') continue
      const model = rules.propertyName(name) ? name : freeName(name, taken, rules.propertyName)
      const field = this.#field(name, model, out, required.has(name))
      setOwn(properties, model, field.schema)
      if (field.required) requiredOut.push(model)
      fields.push(field.codec)
    }
    const extras = this.#extras(n, taken)
    if (!root && !fields.length && !extras && rules.nonEmptyObjects) {
      // no field can be sent: the provider wants at least one, so an (empty) map stands in
      return this.#map(n, annotate)
    }
    if (extras) {
      setOwn(properties, extras.name, extras.schema)
      if (rules.allRequired) requiredOut.push(extras.name)
    }
    const schema: JsonSchema = { type: 'object', properties }
    if (requiredOut.length || rules.allRequired) schema.required = requiredOut
    if (rules.closedObjects) schema.additionalProperties = false
    const words: string[] = []
    for (const key of KEYWORDS.object) {
      if (!Object.hasOwn(n, key)) continue
      if (['properties', 'required', 'additionalProperties', 'patternProperties'].includes(key)) {
        continue
      }
      if (rules.keywords.object.has(key)) schema[key] = n[key]
      else words.push(keywordWords(key, n[key], n))
    }
    const plain =
      !extras &&
      fields.every(
        (f) =>
          f.api === f.model && isSame(f.codec) && !f.nullIsAbsent && f.nullMarker === undefined,
      )
    const codec: Codec = plain
      ? SAME
      : {
          kind: 'record',
          fields,
          extras: extras ? { model: extras.name, value: extras.codec } : undefined,
          extrasNullIsAbsent: Boolean(extras && rules.allRequired),
        }
    const notes = annotate
      ? this.#notes(n, [...words, ...this.#genericWords(n)], codec)
      : withDescription({}, words)
    return valueOut({ ...schema, ...notes }, codec)
  }

  #field(api: string, model: string, out: Exclude<Out, { kind: 'never' }>, required: boolean) {
    const rules = this.#rules
    const renamed = api === model ? [] : [`the API names this field ${JSON.stringify(api)}`]
    const codecOf = (o: Out) => (o.kind === 'value' || o.kind === 'any' ? o.codec : SAME)
    const base = { api, model, codec: codecOf(out), nullIsAbsent: false }
    if (!rules.allRequired || required) {
      return {
        schema: withDescription(this.finish(out), renamed),
        required,
        codec: base,
      }
    }
    const admitsNull = out.kind === 'null' || (out.kind === 'value' && out.nullable)
    if (!admitsNull) {
      const schema = this.finish(
        out.kind === 'value' || out.kind === 'any' ? { ...out, nullable: true } : out,
      )
      return {
        schema: withDescription(schema, renamed),
        required: true,
        codec: { ...base, nullIsAbsent: true },
      }
    }
    // null already means something to the API: it stays "left out", and a marker sends null
    const finished = this.finish(out)
    const marker = markerKey(finished)
    const { description, title, ...core } = finished
    const branches =
      Array.isArray(core.anyOf) && Object.keys(core).length === 1 ? core.anyOf : [core]
    const note = `null leaves it out; {"${marker}": true} sends null itself`
    const schema: JsonSchema = {
      anyOf: [
        ...branches,
        {
          type: 'object',
          properties: { [marker]: { type: 'boolean', enum: [true] } },
          required: [marker],
          additionalProperties: false,
        },
      ],
      ...(title === undefined ? {} : { title }),
    }
    const text = withWords(description, [...renamed, note])
    if (text !== undefined) schema.description = text
    return {
      schema,
      required: true,
      codec: { ...base, nullIsAbsent: true, nullMarker: marker },
    }
  }

  /** Fields beyond the declared ones that the API schema allows by name pattern or schema. */
  #extras(n: JsonSchema, taken: Set<string>) {
    if (!isRecord(n.patternProperties) && !isRecord(n.additionalProperties)) return undefined
    const { out, key } = this.#entryValue(n)
    const entries = this.#entries(key, out, n, false)
    const schema = this.finish({ ...entries, nullable: this.#rules.allRequired })
    return {
      name: freeName('additional_properties', taken, this.#rules.propertyName),
      schema: { ...schema, description: EXTRAS_NOTE },
      codec: entries.codec.kind === 'map' ? entries.codec.value : SAME,
    }
  }

  #map(n: JsonSchema, annotate: boolean): Out {
    const { out, key } = this.#entryValue(n)
    const entries = this.#entries(key, out, n, true)
    const schema: JsonSchema = { ...entries.schema }
    const words: string[] = []
    if (Array.isArray(n.required) && n.required.length) {
      words.push(keywordWords('required', n.required, n))
    }
    for (const k of [
      'dependentRequired',
      'dependentSchemas',
      'dependencies',
      'unevaluatedProperties',
    ]) {
      if (Object.hasOwn(n, k)) words.push(keywordWords(k, n[k], n))
    }
    const notes = annotate
      ? this.#notes(n, [...words, ...this.#genericWords(n)], entries.codec)
      : withDescription({}, words)
    const description = sentences(notes.description, MAP_NOTE)
    return valueOut({ ...schema, ...notes, description }, entries.codec)
  }

  /** The schema of an object's values by name, and the schema of its names. */
  #entryValue(n: JsonSchema): { out: Out; key: JsonSchema } {
    const patterns = isRecord(n.patternProperties) ? n.patternProperties : {}
    const sources = Object.keys(patterns).map((p) => patterns[p])
    const open = n.additionalProperties === undefined || n.additionalProperties === true
    if (isRecord(n.additionalProperties)) sources.push(n.additionalProperties)
    const values = open ? [true] : sources
    const out: Out = values.length
      ? this.#assemble(
          {},
          values.map((api) => ({ api, out: this.convert(api) })),
          false,
          [],
        )
      : NEVER
    return { out, key: this.#keySchema(n, Object.keys(patterns), open) }
  }

  #keySchema(n: JsonSchema, patterns: string[], open: boolean): JsonSchema {
    const words: string[] = []
    let key: JsonSchema = { type: 'string' }
    if (isRecord(n.propertyNames)) {
      const out = this.convert({ ...n.propertyNames, type: 'string' })
      if (out.kind === 'value' && isSame(out.codec) && out.schema.type === 'string')
        key = out.schema
      else words.push(keywordWords('propertyNames', n.propertyNames, n))
    }
    if (
      !open &&
      patterns.length === 1 &&
      !isRecord(n.additionalProperties) &&
      key.pattern === undefined
    ) {
      key = { ...key, pattern: patterns[0] }
    } else if (patterns.length) {
      const list = patterns.map((p) => JSON.stringify(p)).join(', ')
      words.push(`a key matching ${list} takes the value schema given for its pattern`)
    }
    return withDescription(key, words)
  }

  /** An array of `{ key, value }` entries standing for an object; `counted` maps its size bounds. */
  #entries(key: JsonSchema, out: Out, n: JsonSchema, counted: boolean) {
    const empty = out.kind === 'never'
    const item: JsonSchema = {
      type: 'object',
      properties: { key, value: this.finish(empty ? this.#any({}) : out) },
      required: ['key', 'value'],
    }
    if (this.#rules.closedObjects) item.additionalProperties = false
    const schema: JsonSchema = { type: 'array', items: item }
    if (counted) {
      const least = Math.max(
        typeof n.minProperties === 'number' ? n.minProperties : 0,
        Array.isArray(n.required) ? new Set(n.required).size : 0,
      )
      if (least > 0) schema.minItems = least
      if (typeof n.maxProperties === 'number') schema.maxItems = n.maxProperties
    }
    if (empty) schema.maxItems = 0
    const codec: Codec = {
      kind: 'map',
      value: out.kind === 'value' || out.kind === 'any' ? out.codec : SAME,
    }
    return valueOut(schema, codec)
  }

  // ---- unions

  #union(n: JsonSchema): Out {
    const list = (Array.isArray(n.anyOf) ? n.anyOf : n.oneOf) as unknown[]
    const words: string[] = []
    if (Array.isArray(n.anyOf) && Array.isArray(n.oneOf)) {
      words.push(`must also match one of ${JSON.stringify(n.oneOf)}`)
    }
    const siblings: JsonSchema = {}
    for (const key of Object.keys(n)) {
      if (key === 'anyOf' || key === 'oneOf' || ANNOTATIONS.includes(key)) continue
      setOwn(siblings, key, n[key])
    }
    const constrained = Object.keys(siblings).length > 0
    const branches = list.map((branch) => {
      const api = constrained ? { ...siblings, allOf: [branch] } : branch
      return { api, out: this.convert(api) }
    })
    const notes: JsonSchema = {}
    for (const key of ANNOTATIONS) if (Object.hasOwn(n, key)) notes[key] = n[key]
    return this.#assemble(notes, branches, false, words)
  }

  /** One union of converted branches; `n` gives the holder's annotations. */
  #assemble(
    n: JsonSchema,
    branches: readonly { api: unknown; out: Out }[],
    nullable: boolean,
    words: string[],
  ): Out {
    if (branches.some((b) => b.out.kind === 'any')) return this.#any({ ...n })
    let admitsNull = nullable
    const values: { api: unknown; out: ValueOut }[] = []
    for (const branch of branches) {
      const { out } = branch
      if (out.kind === 'null') admitsNull = true
      if (out.kind !== 'value') continue
      if (out.nullable) admitsNull = true
      // a branch that is itself a bare union joins this one
      const { schema } = out
      if (Array.isArray(schema.anyOf) && Object.keys(schema).length === 1) {
        const inner = out.codec.kind === 'union' ? out.codec.branches : undefined
        schema.anyOf.forEach((sub, i) => {
          const innerBranch = inner?.[i]
          values.push({
            api: innerBranch?.api ?? branch.api,
            out: {
              ...out,
              schema: sub as JsonSchema,
              codec: innerBranch?.codec ?? SAME,
              nullable: false,
            },
          })
        })
        continue
      }
      if (
        isSame(out.codec) &&
        values.some((v) => isSame(v.out.codec) && equalJson(v.out.schema, out.schema))
      ) {
        continue
      }
      values.push({ api: branch.api, out: { ...out, nullable: false } })
    }
    const notes = this.#notes(n, [...words, ...this.#genericWords(n)], SAME)
    if (!values.length) {
      return admitsNull ? { kind: 'null', notes } : NEVER
    }
    if (values.length === 1) {
      const only = values[0] as (typeof values)[number]
      const merged = { ...only.out.schema }
      if (notes.title !== undefined && merged.title === undefined) merged.title = notes.title
      const description = sentences(notes.description, merged.description)
      if (description !== undefined) merged.description = description
      return { ...only.out, schema: merged, nullable: admitsNull }
    }
    const codec: Codec = values.every((v) => isSame(v.out.codec))
      ? SAME
      : {
          kind: 'union',
          branches: values.map(
            (v): UnionBranch => ({ api: v.api, model: v.out.schema, codec: v.out.codec }),
          ),
        }
    const schema: JsonSchema = { anyOf: values.map((v) => v.out.schema), ...notes }
    return { kind: 'value', schema, codec, nullable: admitsNull }
  }

  // ---- null, annotations, words

  /** The dialect's schema for an {@link Out}, `null` included when it admits null. */
  finish(out: Out): JsonSchema {
    const gemini = this.#rules.nullStyle === 'nullable'
    if (out.kind === 'never') return gemini ? { type: 'string', nullable: true } : { type: 'null' }
    if (out.kind === 'null') {
      if (!gemini) return { type: 'null', ...out.notes }
      return {
        type: 'string',
        nullable: true,
        ...out.notes,
        description: withWords(out.notes.description, ['always null']),
      }
    }
    const { schema } = out
    if (!out.nullable) return schema
    if (gemini) {
      if (!Array.isArray(schema.anyOf)) return { ...schema, nullable: true }
      return {
        ...schema,
        anyOf: schema.anyOf.map((branch) => ({ ...(branch as JsonSchema), nullable: true })),
      }
    }
    if (Array.isArray(schema.anyOf)) {
      return { ...schema, anyOf: [...schema.anyOf, { type: 'null' }] }
    }
    if (Array.isArray(schema.enum)) {
      // an enum takes null as a branch of its own, as OpenAI's own SDKs write optional enums
      const { type, enum: options, ...notes } = schema
      return { anyOf: [{ type, enum: options }, { type: 'null' }], ...notes }
    }
    return { ...schema, type: [schema.type, 'null'] }
  }

  /** Title, description (with `words`), and the annotations the dialect keeps. */
  #notes(n: JsonSchema, words: readonly string[], codec: Codec): JsonSchema {
    const rules = this.#rules
    const notes: JsonSchema = {}
    const said = [...words]
    if (typeof n.title === 'string') notes.title = n.title
    for (const key of ['default', 'example'] as const) {
      if (!Object.hasOwn(n, key)) continue
      // a default in the API's shape misleads where the model writes another shape
      if (rules.annotations.has(key) && isSame(codec)) notes[key] = n[key]
      else said.push(keywordWords(key, n[key], n))
    }
    if (Object.hasOwn(n, 'examples')) said.push(keywordWords('examples', n.examples, n))
    const description = withWords(n.description, said)
    if (description !== undefined) notes.description = description
    return notes
  }

  /** Words for keywords that belong to no JSON type: `not`, `if`, unknown ones. */
  #genericWords(n: JsonSchema): string[] {
    const words: string[] = []
    for (const key of Object.keys(n)) {
      if (TYPED.has(key) || STRUCTURE.has(key) || SILENT.has(key) || ANNOTATIONS.includes(key)) {
        continue
      }
      if (key.startsWith('x-')) continue
      words.push(keywordWords(key, n[key], n))
    }
    return words
  }
}

function valueOut(schema: JsonSchema, codec: Codec): ValueOut {
  return { kind: 'value', schema, codec, nullable: false }
}

function arrayCodec(items: Out): Codec {
  const codec = items.kind === 'value' || items.kind === 'any' ? items.codec : SAME
  return isSame(codec) ? SAME : { kind: 'array', items: codec }
}

function withDescription(schema: JsonSchema, words: readonly string[]): JsonSchema {
  const description = withWords(schema.description, words)
  return description === undefined ? schema : { ...schema, description }
}

/** Two descriptions as one text, the first ending in a full stop. */
function sentences(first: unknown, second: unknown): string | undefined {
  const a = typeof first === 'string' && first ? first : undefined
  const b = typeof second === 'string' && second ? second : undefined
  if (!a || !b) return a ?? b
  return `${a}${/[.!?:;)]$/.test(a.trimEnd()) ? '' : '.'} ${b}`
}

function propertiesOf(schema: JsonSchema): JsonSchema {
  return isRecord(schema.properties) ? schema.properties : {}
}

/** The JSON types a schema admits, from `type` or, without one, from its keywords. */
function typesOf(n: JsonSchema): JsonType[] | undefined {
  if (typeof n.type === 'string') return TYPE_NAMES.has(n.type) ? [n.type as JsonType] : undefined
  if (Array.isArray(n.type)) {
    const types = n.type.filter((t): t is JsonType => typeof t === 'string' && TYPE_NAMES.has(t))
    return types.length ? [...new Set(types)] : undefined
  }
  // a typeless schema with keywords of one kind is read as that kind
  const kinds = (Object.keys(KEYWORDS) as Exclude<JsonType, 'null'>[]).filter(
    (type) =>
      type !== 'integer' &&
      type !== 'boolean' &&
      KEYWORDS[type].some((k) => k !== 'format' && Object.hasOwn(n, k)),
  )
  return kinds.length ? kinds : undefined
}

function typeAdmits(type: unknown, value: unknown): boolean {
  const types = Array.isArray(type) ? type : [type]
  return types.some(
    (t) =>
      (t === 'null' && value === null) ||
      (t === 'string' && typeof value === 'string') ||
      (t === 'boolean' && typeof value === 'boolean') ||
      (t === 'number' && typeof value === 'number') ||
      (t === 'integer' && Number.isInteger(value)) ||
      (t === 'array' && Array.isArray(value)) ||
      (t === 'object' && isRecord(value)),
  )
}

function unique(values: unknown[]): unknown[] {
  const seen = new Set<string>()
  return values.filter((v) => {
    const text = JSON.stringify(v)
    if (seen.has(text)) return false
    seen.add(text)
    return true
  })
}

const equalJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Exclusive bounds as inclusive ones: exact for integers, with a note for numbers. */
function inclusiveBounds(
  n: JsonSchema,
  type: 'number' | 'integer',
  schema: JsonSchema,
  words: string[],
): void {
  const low = n.exclusiveMinimum
  const high = n.exclusiveMaximum
  if (typeof low === 'number') {
    const bound = type === 'integer' ? Math.floor(low) + 1 : low
    schema.minimum = typeof schema.minimum === 'number' ? Math.max(schema.minimum, bound) : bound
    if (type === 'number') words.push(keywordWords('exclusiveMinimum', low, n))
  }
  if (typeof high === 'number') {
    const bound = type === 'integer' ? Math.ceil(high) - 1 : high
    schema.maximum = typeof schema.maximum === 'number' ? Math.min(schema.maximum, bound) : bound
    if (type === 'number') words.push(keywordWords('exclusiveMaximum', high, n))
  }
}

/** A name for a field the provider takes, distinct from every name already taken. */
function freeName(name: string, taken: Set<string>, valid: (name: string) => boolean): string {
  let base = valid(name) ? name : name.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^(?=[0-9])/, '_')
  if (!valid(base)) base = `_${base}`
  base = base.slice(0, 56)
  let candidate = base
  for (let i = 2; taken.has(candidate) || !valid(candidate); i++) candidate = `${base}_${i}`
  taken.add(candidate)
  return candidate
}

/** The key of the explicit-null marker: `null`, unless a branch is an object with just that key. */
function markerKey(schema: JsonSchema): string {
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as unknown[]) : [schema]
  const onlyKeys = branches.flatMap((b) =>
    isRecord(b) && isRecord(b.properties) ? [Object.keys(b.properties).join('\u0000')] : [],
  )
  let key = 'null'
  while (onlyKeys.includes(key)) key = `${key}_`
  return key
}
