import { Validator } from '@langchain/core/utils/json_schema'
import { isRecord } from '../basics/is-record.js'

/**
 * True when the value surely passes the schema; false when it may not, or this cannot tell.
 * A false is no verdict: @cfworker/json-schema then judges the value and names what is wrong.
 */
export type Acceptor = (value: unknown) => boolean

// every keyword @cfworker/json-schema's validate() reads; any other key of a schema it ignores
const CFWORKER_KEYWORDS = new Set([
  '$ref',
  '$recursiveRef',
  '$recursiveAnchor',
  'type',
  'const',
  'enum',
  'required',
  'not',
  'anyOf',
  'allOf',
  'oneOf',
  'if',
  'then',
  'else',
  'format',
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'minProperties',
  'maxProperties',
  'propertyNames',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'prefixItems',
  'items',
  'additionalItems',
  'unevaluatedItems',
  'contains',
  'minContains',
  'maxContains',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  '__absolute_ref__',
  '__absolute_recursive_ref__',
])
// those judged here; a schema holding any other of them is left to cfworker whole
const HANDLED = new Set([
  'type',
  'const',
  'enum',
  'required',
  'anyOf',
  'allOf',
  'format',
  'properties',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
])
const NUMERIC = [
  'minProperties',
  'maxProperties',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
] as const
// deeper schemas are left to cfworker: the check recurses as the schema nests
const MAX_DEPTH = 64

const ANY: Acceptor = () => true
const NEVER: Acceptor = () => false
// a value cfworker cannot judge (undefined, a function, a bigint) makes it throw: it still does
const judgeable: Acceptor = (value) => {
  const kind = typeof value
  return kind === 'string' || kind === 'number' || kind === 'boolean' || kind === 'object'
}

/**
 * A check that answers true only where @cfworker/json-schema (draft 2019-09, the validator
 * LangChain core and {@link createArgumentValidator} use) finds no error, for the keywords most
 * tool schemas hold: types, enums, properties, required, items, bounds, lengths and formats.
 * Arguments that pass it (nearly every call) skip cfworker's walk, which builds a JSON pointer
 * for every field; anything else gets cfworker's own verdict and messages, as before. A node
 * with any other keyword cfworker reads (`$ref`, `pattern`, `oneOf`, `not`…) never answers
 * true. Undefined when the whole schema is such a node. The schema must not change afterwards.
 */
export function compileAcceptor(schema: unknown): Acceptor | undefined {
  const accepts = compile(schema, 0)
  return accepts === NEVER ? undefined : accepts
}

function compile(node: unknown, depth: number): Acceptor {
  if (node === true) return ANY
  if (!isRecord(node) || depth > MAX_DEPTH) return NEVER
  const get = (key: string): unknown => (node as Record<string, unknown>)[key]
  // cfworker reads a keyword as a property, inherited ones too, and skips one set to undefined
  for (const key of CFWORKER_KEYWORDS) {
    if (!HANDLED.has(key) && get(key) !== undefined) return NEVER
  }
  for (const key of NUMERIC) {
    const value = get(key)
    if (value !== undefined && typeof value !== 'number') return NEVER
  }
  const checks: Acceptor[] = []
  const type = get('type')
  if (type !== undefined) checks.push(typeCheck(type))
  const constant = get('const')
  if (constant !== undefined) checks.push(equalsOneOf([constant]))
  const options = get('enum')
  if (options !== undefined) {
    if (!Array.isArray(options)) return NEVER
    checks.push(equalsOneOf(options))
  }
  for (const key of ['anyOf', 'allOf'] as const) {
    const branches = get(key)
    if (branches === undefined) continue
    if (!Array.isArray(branches)) return NEVER
    const compiled = branches.map((branch) => compile(branch, depth + 1))
    checks.push(
      key === 'anyOf'
        ? (value) => compiled.some((accepts) => accepts(value))
        : (value) => compiled.every((accepts) => accepts(value)),
    )
  }
  const object = objectCheck(get, depth)
  const array = arrayCheck(get, depth)
  const number = numberCheck(get)
  const string = stringCheck(get)
  if (object === NEVER || array === NEVER || string === NEVER) return NEVER
  if (object || array || number || string) {
    checks.push((value) => {
      if (typeof value === 'string') return string ? string(value) : true
      if (typeof value === 'number') return number ? number(value) : true
      if (typeof value !== 'object' || value === null) return true
      if (Array.isArray(value)) return array ? array(value) : true
      return object ? object(value as Record<string, unknown>) : true
    })
  }
  if (checks.length === 0) return judgeable
  return (value) => {
    if (!judgeable(value)) return false
    for (const accepts of checks) if (!accepts(value)) return false
    return true
  }
}

const KINDS = new Set(['string', 'number', 'boolean', 'object', 'array', 'null', 'integer'])

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

function isKind(value: unknown, kind: string): boolean {
  if (kind === 'integer') return typeof value === 'number' && value % 1 === 0
  return kindOf(value) === kind
}

function typeCheck(type: unknown): Acceptor {
  if (typeof type === 'string') return KINDS.has(type) ? (value) => isKind(value, type) : NEVER
  if (!Array.isArray(type)) return NEVER
  const kinds = type.filter((kind): kind is string => typeof kind === 'string' && KINDS.has(kind))
  return (value) => kinds.some((kind) => isKind(value, kind))
}

// cfworker compares objects and arrays deeply; those are left to it
function equalsOneOf(options: readonly unknown[]): Acceptor {
  return (value) => {
    if (typeof value === 'object' && value !== null) return false
    for (const option of options) if (option === value) return true
    return false
  }
}

type Get = (key: string) => unknown

function objectCheck(
  get: Get,
  depth: number,
): ((value: Record<string, unknown>) => boolean) | undefined {
  const properties = get('properties')
  const required = get('required')
  const additional = get('additionalProperties')
  const min = get('minProperties') as number | undefined
  const max = get('maxProperties') as number | undefined
  if (
    properties === undefined &&
    required === undefined &&
    additional === undefined &&
    min === undefined &&
    max === undefined
  ) {
    return undefined
  }
  if (properties !== undefined && !isRecord(properties)) return NEVER
  if (required !== undefined) {
    if (!Array.isArray(required) || !required.every((name) => typeof name === 'string')) {
      return NEVER
    }
  }
  const named = Object.entries(properties ?? {}).map(
    ([name, sub]) => [name, compile(sub, depth + 1)] as const,
  )
  const names = new Set(named.map(([name]) => name))
  const others = additional === undefined ? undefined : compile(additional, depth + 1)
  const needed = (required ?? []) as readonly string[]
  return (value) => {
    for (const name of needed) if (!Object.hasOwn(value, name)) return false
    if (min !== undefined || max !== undefined) {
      const count = Object.keys(value).length
      if ((min !== undefined && count < min) || (max !== undefined && count > max)) return false
    }
    for (const [name, accepts] of named) {
      if (Object.hasOwn(value, name) && !accepts(value[name])) return false
    }
    if (others) {
      // what cfworker counts as named: a property of the schema the value has as its own
      for (const name in value) {
        if (names.has(name) && Object.hasOwn(value, name)) continue
        if (!others(value[name])) return false
      }
    }
    return true
  }
}

function arrayCheck(get: Get, depth: number): ((value: unknown[]) => boolean) | undefined {
  const items = get('items')
  const min = get('minItems') as number | undefined
  const max = get('maxItems') as number | undefined
  if (items === undefined && min === undefined && max === undefined) return undefined
  // a list of schemas is a tuple, judged by cfworker
  if (Array.isArray(items)) return NEVER
  const each = items === undefined ? undefined : compile(items, depth + 1)
  return (value) => {
    if ((min !== undefined && value.length < min) || (max !== undefined && value.length > max)) {
      return false
    }
    if (each) for (const item of value) if (!each(item)) return false
    return true
  }
}

function numberCheck(get: Get): ((value: number) => boolean) | undefined {
  const minimum = get('minimum') as number | undefined
  const maximum = get('maximum') as number | undefined
  const above = get('exclusiveMinimum') as number | undefined
  const below = get('exclusiveMaximum') as number | undefined
  if (minimum === undefined && maximum === undefined && above === undefined && below === undefined)
    return undefined
  return (value) =>
    !(minimum !== undefined && value < minimum) &&
    !(maximum !== undefined && value > maximum) &&
    !(above !== undefined && value <= above) &&
    !(below !== undefined && value >= below)
}

function stringCheck(get: Get): ((value: string) => boolean) | undefined {
  const min = get('minLength') as number | undefined
  const max = get('maxLength') as number | undefined
  const format = get('format')
  if (min === undefined && max === undefined && format === undefined) return undefined
  // cfworker looks a format up by its value, whatever it is; only a name is judged here
  if (format !== undefined && typeof format !== 'string') return NEVER
  const matches = format === undefined ? undefined : formatCheck(format)
  return (value) => {
    if (min !== undefined || max !== undefined) {
      const length = codePoints(value)
      if ((min !== undefined && length < min) || (max !== undefined && length > max)) return false
    }
    return matches ? matches(value) : true
  }
}

// cfworker's own format check, through a schema of that format alone: the same verdict
const formats = new Map<string, Validator>()
function formatCheck(name: string): (value: string) => boolean {
  return (value) => {
    let validator = formats.get(name)
    if (!validator) {
      validator = new Validator({ format: name } as never, '2019-09', true)
      formats.set(name, validator)
    }
    return validator.validate(value).valid
  }
}

// a surrogate pair counts once, as cfworker's ucs2length counts it
function codePoints(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    count++
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      if ((text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++
    }
  }
  return count
}
