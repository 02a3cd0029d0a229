import { isRecord } from '../basics/is-record.js'
import { methodKind } from '../basics/methods.js'
import type { JsonSchema } from '../schema/json-schema.js'

/** One tool definition from `GET /integrated-account/{id}/tools`. */
export type ToolDefinition = {
  readonly name: string
  readonly description: string
  readonly resource: string
  /** `list`, `get`, `create`, `update`, `delete`, or a custom method such as `bulk_update`. */
  readonly method: string
  readonly query_schema?: JsonSchema | null | undefined
  readonly body_schema?: JsonSchema | null | undefined
  readonly required?: readonly string[] | undefined
  readonly tags?: readonly string[] | undefined
}

/** A filter word (`read`, `write`, `custom`) or a method name (`list`, `bulk_update`, …). */
export type MethodFilter = 'read' | 'write' | 'custom' | (string & {})

/** True when the definition passes the method and tag filters (a missing filter passes all). */
export function matchesFilters(
  definition: Pick<ToolDefinition, 'method' | 'tags'>,
  methods: readonly string[] | undefined,
  tags: readonly string[] | undefined,
): boolean {
  const methodOk =
    !methods?.length ||
    methods.some((m) => m === definition.method || m === methodKind(definition.method))
  const tagOk = !tags?.length || tags.some((tag) => definition.tags?.includes(tag))
  return methodOk && tagOk
}

// module level: a catalogue parses thousands of definitions
const SCHEMA_KEYS = ['query_schema', 'body_schema'] as const
// the listing's own array when it holds only strings, as it nearly always does
const isString = (value: unknown): value is string => typeof value === 'string'
const strings = (value: unknown): string[] | undefined =>
  !Array.isArray(value) ? undefined : value.every(isString) ? value : value.filter(isString)

/** A definition that cannot be used, and why. */
export type SkippedDefinition = { readonly label: string; readonly reason: string }

// a class, not a literal: a listing keeps its definitions (see plainObject for why that matters)
class ListedDefinition implements ToolDefinition {
  readonly name: string
  readonly description: string
  readonly resource: string
  readonly method: string
  readonly query_schema: JsonSchema | null | undefined
  readonly body_schema: JsonSchema | null | undefined
  readonly required: readonly string[] | undefined
  readonly tags: readonly string[] | undefined

  constructor(raw: Record<string, unknown>, name: string, resource: string, method: string) {
    this.name = name
    this.description = typeof raw.description === 'string' ? raw.description : ''
    this.resource = resource
    this.method = method
    this.query_schema = raw.query_schema as JsonSchema | null | undefined
    this.body_schema = raw.body_schema as JsonSchema | null | undefined
    this.required = strings(raw.required)
    this.tags = strings(raw.tags)
  }
}

/** Checks one raw definition; returns the definition, or why it is unusable. */
export function parseDefinition(raw: unknown): ToolDefinition | SkippedDefinition {
  if (!isRecord(raw)) return { label: '(not an object)', reason: 'not an object' }
  const label = typeof raw.name === 'string' && raw.name ? raw.name : '(unnamed)'
  if (label === '(unnamed)') return { label, reason: 'it has no name' }
  const { resource, method } = raw
  if (typeof resource !== 'string' || !resource) return { label, reason: 'it has no resource' }
  if (typeof method !== 'string' || !method) return { label, reason: 'it has no method' }
  for (const key of SCHEMA_KEYS) {
    const schema = raw[key]
    if (schema != null && !isRecord(schema))
      return { label, reason: `its ${key} is not a JSON Schema object` }
  }
  return new ListedDefinition(raw, label, resource, method)
}

/** True when {@link parseDefinition} refused the definition. */
export const isSkipped = (
  parsed: ToolDefinition | SkippedDefinition,
): parsed is SkippedDefinition => 'reason' in parsed
