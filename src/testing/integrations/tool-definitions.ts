import { methodKind, methodTraits } from '../../basics/methods.js'
import type { JsonSchema } from './json-schema.js'
import type { IntegrationSpec, MethodSpec, ResourceSpec } from './resource.js'

/** A tool definition as `GET /integrated-account/{id}/tools` serves it. */
export type SandboxTool = {
  /** Truto's tool name, e.g. `list_all_octapipe_pipeline_cards`. */
  name: string
  /** What the tool does, for the model; a blank one hides the tool unless `has_description=false`. */
  description: string
  /** The resource it acts on, e.g. `pipeline-cards`. */
  resource: string
  /** `list`, `get`, `create`, `update`, `delete` or a custom method such as `bulk_update`. */
  method: string
  /** JSON Schema of the query parameters, or `null` when it takes none. */
  query_schema: JsonSchema | null
  /** JSON Schema of the body, or `null` when it takes none. */
  body_schema: JsonSchema | null
  /** Names of the required arguments. */
  required: string[]
  /** The tool's tags, which the `tags` filters match. */
  tags: string[]
}

/** Truto's tool name for a method of a resource. */
export function toolName(integration: string, resource: ResourceSpec<unknown>, method: string) {
  const plural = resource.resource.replaceAll('-', '_')
  const one = resource.singular
  switch (method) {
    case 'list':
      return `list_all_${integration}_${plural}`
    case 'get':
      return `get_single_${integration}_${one}_by_id`
    case 'create':
      return `create_a_${integration}_${one}`
    case 'update':
      return `update_a_${integration}_${one}_by_id`
    case 'delete':
      return `delete_a_${integration}_${one}_by_id`
    default:
      return `${integration}_${plural}_${method}`
  }
}

/** True when the method takes the record id (in the path, or in the query for custom methods). */
export const takesId = (spec: MethodSpec<unknown>): boolean =>
  methodTraits(spec.method).idInPath || spec.takesId === true

/** The query schema a tool advertises: the method's own, plus `id` and paging where they apply. */
export function querySchemaOf(
  integration: IntegrationSpec<unknown>,
  resource: ResourceSpec<unknown>,
  spec: MethodSpec<unknown>,
): JsonSchema | null {
  const own = spec.query ?? { type: 'object', properties: {} }
  const properties = { ...(own.properties as Record<string, unknown>) }
  const required = [...((own.required as string[] | undefined) ?? [])]
  if (takesId(spec)) {
    properties.id = resource.id ?? { type: 'string', description: 'The id of the record.' }
    required.unshift('id')
  }
  if (spec.method === 'list') {
    properties.limit = {
      type: 'integer',
      minimum: 1,
      default: integration.page.default,
      // no `maximum`: like the real APIs, a larger limit is clamped, not rejected
      description: `Records per page; at most ${integration.page.max} come back, whatever is asked.`,
    }
    properties.next_cursor = {
      type: 'string',
      description: 'The `next_cursor` of the previous page; omit it for the first page.',
    }
  }
  if (Object.keys(properties).length === 0) return null
  return { ...own, type: 'object', properties, ...(required.length ? { required } : {}) }
}

/** Every tool of an integration, generated from its resource definitions. */
export function toolDefinitions(integration: IntegrationSpec<unknown>): SandboxTool[] {
  return integration.resources.flatMap((resource) =>
    resource.methods.map((spec) => {
      const query = querySchemaOf(integration, resource, spec)
      const body = spec.body ?? null
      const required = [
        ...((query?.required as string[] | undefined) ?? []),
        ...((body?.required as string[] | undefined) ?? []),
      ]
      return {
        name: toolName(integration.name, resource, spec.method),
        description: spec.description,
        resource: resource.resource,
        method: spec.method,
        query_schema: query,
        body_schema: body,
        required: [...new Set(required)],
        tags: [...resource.tags],
      }
    }),
  )
}

/** Applies the `methods` and `tags` filters of the tools endpoint (a missing filter passes all). */
export function filterTools(
  tools: readonly SandboxTool[],
  methods: readonly string[],
  tags: readonly string[],
): SandboxTool[] {
  return tools.filter(
    (tool) =>
      (methods.length === 0 ||
        methods.some((m) => m === tool.method || m === methodKind(tool.method))) &&
      (tags.length === 0 || tags.some((tag) => tool.tags.includes(tag))),
  )
}
