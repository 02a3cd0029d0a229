import { Validator } from '@langchain/core/utils/json_schema'
import { isRecord } from './client.js'
import type { JsonSchema } from './definitions.js'
import type { TrutoValidationIssue } from './errors.js'

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
  const validator = new Validator(schema as never, '2019-09', false)
  return (args) => {
    if (!isRecord(args)) return [{ path: '', message: 'must be an object of named arguments' }]
    const result = validator.validate(args)
    return result.valid ? [] : toIssues(result.errors, schema)
  }
}

function toIssues(errors: readonly ValidatorError[], schema: JsonSchema): TrutoValidationIssue[] {
  const unions = errors
    .filter((e) => COMBINATORS.has(e.keyword))
    .map((e) => `${e.keywordLocation}/`)
  const issues = new Map<string, TrutoValidationIssue>()
  for (const e of errors) {
    if (CONTAINERS.has(e.keyword)) continue
    // a union's branch errors are guesses; the union's own message says what would fit
    if (unions.some((prefix) => e.keywordLocation.startsWith(prefix))) continue
    const issue = describe(e, schema)
    issues.set(`${issue.path}|${issue.message}`, issue)
  }
  return [...issues.values()]
}

function describe(e: ValidatorError, schema: JsonSchema): TrutoValidationIssue {
  const path = pointerParts(e.instanceLocation)
  const node = resolvePointer(schema, e.keywordLocation)
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
