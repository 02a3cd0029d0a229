import { Validator } from '@langchain/core/utils/json_schema'
import { isRecord } from '../basics/is-record.js'
import type { TrutoValidationIssue } from '../errors/errors.js'
import { compileAcceptor } from './fast-accept.js'
import type { JsonSchema } from './json-schema.js'
import { linearFormat, NATIVE_FORMATS } from './linear-format.js'
import { type LinearPattern, linearPattern } from './linear-pattern.js'

type ValidatorError = {
  instanceLocation: string
  keyword: string
  keywordLocation: string
  error: string
}

// containers repeat what their children say more precisely
const CONTAINERS = new Set([
  'properties',
  'items',
  'prefixItems',
  'additionalProperties',
  'allOf',
  '$ref',
  'dependentSchemas',
  'patternProperties',
])
const COMBINATORS = new Set(['anyOf', 'oneOf'])

/** Compiles a schema once; returns a function listing what is wrong with an input, field by field. */
export function createArgumentValidator(
  schema: JsonSchema,
): (args: unknown) => TrutoValidationIssue[] {
  // the draft LangChain core validates with, so both layers agree
  const compile = (copy: JsonSchema) => new Validator(copy as never, '2019-09', false)
  // cfworker would run server patterns (and the `url` and `regex` formats) as backtracking
  // RegExp: a schema with any is checked through a copy, made per call, in which RE2 (or a
  // linear format check) has already judged every string of the call
  const probe = withVerdicts(schema, {})
  const plain = probe.rewritten ? undefined : { ...probe, validator: compile(probe.schema) }
  // most calls pass: a quick check that agrees with cfworker spares its walk; cfworker judges the rest
  const accepts = plain && compileAcceptor(plain.schema)
  return (args) => {
    if (!isRecord(args)) return [{ path: '', message: 'must be an object of named arguments' }]
    if (accepts?.(args)) return []
    const { schema: copy, checks } = plain ?? withVerdicts(schema, args)
    const result = (plain?.validator ?? compile(copy)).validate(args)
    return result.valid ? [] : toIssues(result.errors, copy, checks)
  }
}

/** What a verdict in the copy stands for: a server pattern, or a format. */
type Check = { readonly keyword: 'pattern' | 'format'; readonly source: string }

/** The check behind each verdict's location in the copy. */
type Checks = ReadonlyMap<string, Check>

type Call = {
  /** Every string value and property name in the arguments. */
  readonly texts: readonly string[]
  readonly names: readonly string[]
  readonly matches: Map<string, string[]>
  readonly checks: Map<string, Check>
  rewritten: boolean
}

// keywords whose value is a subschema or a list of them, and those holding a map of them
const SUBSCHEMAS = new Set([
  'items',
  'prefixItems',
  'additionalItems',
  'unevaluatedItems',
  'contains',
  'additionalProperties',
  'unevaluatedProperties',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'allOf',
  'anyOf',
  'oneOf',
])
const SUBSCHEMA_MAPS = new Set(['dependentSchemas', 'dependencies', '$defs', 'definitions'])

/**
 * A copy of the schema that cfworker evaluates without running any server pattern: each
 * `pattern` becomes "if a string, one of the strings of this call that RE2 found matching",
 * and `patternProperties` become `properties` for the names of this call that RE2 matched.
 * A `url` or `regex` format becomes the same kind of verdict, from a linear check; formats
 * cfworker checks in linear time stay, and any other `format` it would ignore is dropped.
 * Unions, `not` and `if` then combine these verdicts exactly as they would the keywords.
 */
function withVerdicts(schema: JsonSchema, args: Record<string, unknown>) {
  const names = new Set<string>()
  const values = new Set<string>()
  collectStrings(args, names, values)
  const call: Call = {
    texts: [...new Set([...values, ...names])],
    names: [...names],
    matches: new Map(),
    checks: new Map(),
    rewritten: false,
  }
  return { schema: rewrite(schema, '#', call) as JsonSchema, ...call }
}

function collectStrings(value: unknown, names: Set<string>, values: Set<string>): void {
  if (typeof value === 'string') values.add(value)
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, names, values)
  else if (isRecord(value)) {
    for (const [name, item] of Object.entries(value)) {
      names.add(name)
      collectStrings(item, names, values)
    }
  }
}

function rewrite(node: unknown, at: string, call: Call): unknown {
  if (Array.isArray(node)) return node.map((sub, i) => rewrite(sub, `${at}/${i}`, call))
  if (!isRecord(node)) return node
  // own keys only: an inherited `pattern` is no keyword, yet cfworker would read it
  const { pattern, patternProperties, properties, format, ...rest } = Object.fromEntries(
    Object.entries(node),
  )
  const copy: Record<string, unknown> = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => {
      const here = `${at}/${encodeKey(key)}`
      if (SUBSCHEMAS.has(key)) return [key, rewrite(value, here, call)]
      if (!SUBSCHEMA_MAPS.has(key) || !isRecord(value)) return [key, value]
      const entries = Object.entries(value)
      return [
        key,
        Object.fromEntries(
          entries.map(([k, v]) => [k, rewrite(v, `${here}/${encodeKey(k)}`, call)]),
        ),
      ]
    }),
  )
  if (properties !== undefined || patternProperties !== undefined) {
    copy.properties = rewriteProperties(properties, patternProperties, `${at}/properties`, call)
  }
  if (pattern !== undefined) {
    call.rewritten = true
    const test = typeof pattern === 'string' ? linearPattern(pattern) : undefined
    // a pattern RE2 cannot express is left to the API; the model was told so (schema.ts)
    if (test) addVerdict(copy, at, { keyword: 'pattern', source: pattern as string }, test, call)
  }
  if (typeof format === 'string' && NATIVE_FORMATS.has(format)) copy.format = format
  else {
    // a format cfworker would check by backtracking is judged here; any other is dropped, for
    // cfworker reads any value as a name (["url"] is "url") and calls Object.prototype members
    const test = typeof format === 'string' ? linearFormat(format) : undefined
    if (test) {
      call.rewritten = true
      addVerdict(copy, at, { keyword: 'format', source: format as string }, test, call)
    }
  }
  return copy
}

function addVerdict(
  copy: Record<string, unknown>,
  at: string,
  check: Check,
  test: LinearPattern,
  call: Call,
): void {
  const allOf = Array.isArray(copy.allOf) ? copy.allOf : []
  const verdict = `${at}/allOf/${allOf.length}`
  const key = `${check.keyword}:${check.source}`
  let matching = call.matches.get(key)
  if (!matching) {
    matching = call.texts.filter(test)
    call.matches.set(key, matching)
  }
  call.checks.set(`${verdict}/not`, check)
  // "not a string outside the matching ones": cfworker reports it as one `not` error
  copy.allOf = [...allOf, { not: { type: 'string', not: { enum: matching } } }]
}

function rewriteProperties(
  properties: unknown,
  patternProperties: unknown,
  at: string,
  call: Call,
): Record<string, unknown> {
  const own = isRecord(properties) ? Object.fromEntries(Object.entries(properties)) : {}
  const claimed = new Map<string, unknown[]>()
  const claim = (name: string, sub: unknown) =>
    claimed.set(name, [...(claimed.get(name) ?? []), sub])
  if (patternProperties !== undefined) call.rewritten = true
  for (const [source, sub] of Object.entries(
    isRecord(patternProperties) ? patternProperties : {},
  )) {
    const test = linearPattern(source)
    // a key RE2 cannot express claims every name and constrains none: looser, never stricter
    for (const name of call.names) {
      if (!test) claim(name, true)
      else if (test(name)) claim(name, sub)
    }
  }
  const names = new Set([...Object.keys(own), ...claimed.keys()])
  return Object.fromEntries(
    [...names].map((name) => {
      const here = `${at}/${encodeKey(name)}`
      const subs = claimed.get(name)
      if (!subs) return [name, rewrite(own[name], here, call)]
      const all = [Object.hasOwn(own, name) ? own[name] : true, ...subs]
      return [name, { allOf: all.map((sub, i) => rewrite(sub, `${here}/allOf/${i}`, call)) }]
    }),
  )
}

// cfworker's encodePointer, so the locations in its errors can be looked up
function encodeKey(key: string): string {
  try {
    return encodeURI(key.replaceAll('~', '~0').replaceAll('/', '~1')).replaceAll('#', '%23')
  } catch {
    return key
  }
}

function toIssues(
  errors: readonly ValidatorError[],
  schema: JsonSchema,
  checks: Checks,
): TrutoValidationIssue[] {
  const unions = errors
    .filter((e) => COMBINATORS.has(e.keyword))
    .map((e) => `${e.keywordLocation}/`)
  const issues = new Map<string, TrutoValidationIssue>()
  for (const e of errors) {
    if (CONTAINERS.has(e.keyword)) continue
    // a union's branch errors are guesses; the union's own message says what would fit
    if (unions.some((prefix) => e.keywordLocation.startsWith(prefix))) continue
    const check = checks.get(e.keywordLocation)
    const issue = check
      ? describe({ ...e, keyword: check.keyword }, check.source)
      : describe(e, resolvePointer(schema, e.keywordLocation))
    issues.set(`${issue.path}|${issue.message}`, issue)
  }
  return [...issues.values()]
}

function describe(e: ValidatorError, node: unknown): TrutoValidationIssue {
  const path = pointerParts(e.instanceLocation)
  const at = (message: string, extra: string[] = []) => ({
    path: [...path, ...extra].join('.'),
    message,
  })
  switch (e.keyword) {
    case 'required':
      return at('is required', [/"([^"]+)"/.exec(e.error)?.[1] ?? '?'])
    case 'false':
      return at('is not an allowed field')
    case 'type': {
      const actual = /type "([^"]+)" is invalid/.exec(e.error)?.[1]
      const expected = Array.isArray(node) ? node.join(' or ') : String(node)
      return at(`must be ${expected}${actual ? `, not ${actual}` : ''}`)
    }
    case 'enum':
      return at(`must be one of ${JSON.stringify(node)}`)
    case 'const':
      return at(`must be ${JSON.stringify(node)}`)
    case 'format':
      return at(`must be a valid ${String(node)} string`)
    case 'pattern':
      return at(`must match the pattern ${String(node)}`)
    case 'anyOf':
    case 'oneOf':
      return at(`must match ${e.keyword === 'oneOf' ? 'exactly one' : 'one'} of: ${branches(node)}`)
    default: {
      const text = e.error.replace(/^Instance /, '').replace(/\.$/, '')
      return at(text.charAt(0).toLowerCase() + text.slice(1))
    }
  }
}

function branches(node: unknown): string {
  if (!Array.isArray(node)) return 'the allowed shapes'
  return node
    .map((branch) => {
      if (!isRecord(branch)) return JSON.stringify(branch)
      if (branch.enum) return `one of ${JSON.stringify(branch.enum)}`
      if (branch.const !== undefined) return JSON.stringify(branch.const)
      if (branch.type === 'object' && isRecord(branch.properties)) {
        return `object with ${Object.keys(branch.properties).join(', ')}`
      }
      return Array.isArray(branch.type) ? branch.type.join(' or ') : String(branch.type ?? 'any')
    })
    .join(' | ')
}

const pointerParts = (pointer: string): string[] =>
  pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~'))

function resolvePointer(schema: JsonSchema, pointer: string): unknown {
  let node: unknown = schema
  for (const part of pointerParts(pointer)) {
    node = Array.isArray(node) ? node[Number(part)] : isRecord(node) ? node[part] : undefined
  }
  return node
}
