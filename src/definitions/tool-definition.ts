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
const fail = (label: string, reason: string) => ({ ok: false as const, label, reason })
// the listing's own array when it holds only strings, as it nearly always does
const isString = (value: unknown): value is string => typeof value === 'string'
const strings = (value: unknown): string[] | undefined =>
  !Array.isArray(value) ? undefined : value.every(isString) ? value : value.filter(isString)

/** Checks one raw definition; returns why it is unusable, or the definition. */
export function parseDefinition(
  raw: unknown,
): { ok: true; definition: ToolDefinition } | { ok: false; label: string; reason: string } {
  if (!isRecord(raw)) return { ok: false, label: '(not an object)', reason: 'not an object' }
  const label = typeof raw.name === 'string' && raw.name ? raw.name : '(unnamed)'
  if (label === '(unnamed)') return fail(label, 'it has no name')
  if (typeof raw.resource !== 'string' || !raw.resource) return fail(label, 'it has no resource')
  if (typeof raw.method !== 'string' || !raw.method) return fail(label, 'it has no method')
  for (const key of SCHEMA_KEYS) {
    const schema = raw[key]
    if (schema != null && !isRecord(schema))
      return fail(label, `its ${key} is not a JSON Schema object`)
  }
  return {
    ok: true,
    definition: {
      name: label,
      description: typeof raw.description === 'string' ? raw.description : '',
      resource: raw.resource,
      method: raw.method,
      query_schema: raw.query_schema as JsonSchema | null | undefined,
      body_schema: raw.body_schema as JsonSchema | null | undefined,
      required: strings(raw.required),
      tags: strings(raw.tags),
    },
  }
}
