// The large benchmark catalogue as Truto's tools endpoint would list it: CRUD and custom tools of
// many integrations, with descriptions and parameter schemas, plus MCP-style tools.
import {
  type Field,
  INTEGRATIONS,
  type IntegrationSpec,
  LOOKALIKE_INTEGRATIONS,
  type ResourceSpec,
} from './integrations.js'
import { MCP_STYLE } from './mcp-style.js'

/** A tool definition in the wire form of `GET /integrated-account/{id}/tools`. */
export type Definition = {
  name: string
  description: string
  resource: string
  method: string
  query_schema: Record<string, unknown> | null
  body_schema: Record<string, unknown> | null
  required: string[]
  tags: string[]
}

// picks one phrasing per tool, the same on every run
const pick = <T>(options: readonly T[], seed: string): T => {
  let hash = 0
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return options[hash % options.length] as T
}

const snake = (text: string) => text.replaceAll(/[ -]/g, '_')
const plural = (resource: ResourceSpec) => resource.path.replaceAll('-', ' ')

const properties = (fields: readonly Field[], prefix = '') =>
  Object.fromEntries(
    fields.map(([name, description]) => [
      name,
      { type: 'string', description: prefix + description },
    ]),
  )

const PAGING: readonly Field[] = [
  ['limit', 'Number of results to return per page.'],
  ['next_cursor', 'Cursor from the previous page to fetch the next one.'],
]
const ID = (what: string): Field => ['id', `The id of the ${what}.`]

const objectSchema = (fields: readonly Field[], prefix = '') =>
  fields.length ? { type: 'object', properties: properties(fields, prefix) } : null

function crudTool(
  integration: IntegrationSpec,
  resource: ResourceSpec,
  letter: string,
): Definition | undefined {
  const { name: app, label } = integration
  const one = resource.singular
  const many = plural(resource)
  const fields = resource.fields ?? []
  const about = resource.about
  const base = {
    resource: resource.path,
    tags: [app],
  }
  const seed = `${app}:${resource.path}:${letter}`
  switch (letter) {
    case 'l':
      return {
        ...base,
        name: `list_all_${app}_${snake(resource.path)}`,
        method: 'list',
        description: pick(
          [
            `List all ${many} in ${label}. ${about}`,
            `Returns a paginated list of ${many} from ${label}. ${about} Use the filters to narrow the results.`,
            `Retrieve ${many} in ${label}, most recently updated first. ${about}`,
          ],
          seed,
        ),
        query_schema: objectSchema([...fields, ...PAGING], ''),
        body_schema: null,
        required: [],
      }
    case 'g':
      return {
        ...base,
        name: `get_single_${app}_${snake(one)}_by_id`,
        method: 'get',
        description: pick(
          [
            `Get a single ${one} from ${label} by its ID. ${about}`,
            `Retrieves the details of an existing ${one} in ${label}. Supply the unique identifier of the ${one}.`,
            `Fetch one ${one} by id from ${label}.`,
          ],
          seed,
        ),
        query_schema: objectSchema([ID(one)]),
        body_schema: null,
        required: ['id'],
      }
    case 'c':
      return {
        ...base,
        name: `create_a_${app}_${snake(one)}`,
        method: 'create',
        description: pick(
          [
            `Create a new ${one} in ${label}. ${about}`,
            `Creates a ${one} in ${label} with the given properties. ${about}`,
          ],
          seed,
        ),
        query_schema: null,
        body_schema: objectSchema(fields),
        required: fields.slice(0, 1).map(([name]) => name),
      }
    case 'u':
      return {
        ...base,
        name: `update_a_${app}_${snake(one)}_by_id`,
        method: 'update',
        description: pick(
          [
            `Update an existing ${one} in ${label} by ID. Only the fields you provide are changed.`,
            `Updates the specified ${one} in ${label} by setting the values of the parameters passed. ${about}`,
          ],
          seed,
        ),
        query_schema: objectSchema([ID(one)]),
        body_schema: objectSchema(fields),
        required: ['id'],
      }
    case 'd':
      return {
        ...base,
        name: `delete_a_${app}_${snake(one)}_by_id`,
        method: 'delete',
        description: pick(
          [
            `Delete a ${one} from ${label} by ID. This cannot be undone.`,
            `Permanently deletes a ${one} in ${label}.`,
          ],
          seed,
        ),
        query_schema: objectSchema([ID(one)]),
        body_schema: null,
        required: ['id'],
      }
    default:
      return undefined
  }
}

function integrationTools(integration: IntegrationSpec): Definition[] {
  return integration.resources.flatMap((resource) => [
    ...[...resource.methods].flatMap((letter) => crudTool(integration, resource, letter) ?? []),
    ...(resource.custom ?? []).map(([method, description, fields = []]) => ({
      name: `${integration.name}_${snake(resource.path)}_${method}`,
      description: `${description} (${integration.label})`,
      resource: resource.path,
      method,
      query_schema: objectSchema([ID(resource.singular)]),
      body_schema: objectSchema(fields),
      required: ['id'],
      tags: [integration.name],
    })),
  ])
}

function mcpStyleTools(): Definition[] {
  return Object.entries(MCP_STYLE).flatMap(([server, tools]) =>
    tools.map(([name, description, fields = []]) => ({
      name,
      description,
      resource: server,
      // the leading verb, as Truto's method word; anything else is a custom method
      method: /^(list|get|create|update|delete)/i.exec(name)?.[1]?.toLowerCase() ?? 'custom',
      query_schema: null,
      body_schema: objectSchema(fields),
      required: [],
      tags: [server],
    })),
  )
}

/** The pooled catalogue: every integration's tools, their lookalikes' and the MCP-style ones. */
export const LARGE_CATALOGUE: readonly Definition[] = [
  ...INTEGRATIONS.flatMap(integrationTools),
  ...LOOKALIKE_INTEGRATIONS.flatMap(integrationTools),
  ...mcpStyleTools(),
]

/**
 * A catalogue of `size` tools for latency runs: the large catalogue, then copies of it whose
 * integrations are renamed (`hubspot2`, `HubSpot 2`…), as an account pool of many tenants would be.
 */
export function scaledCatalogue(size: number): Definition[] {
  const tools: Definition[] = []
  for (let copy = 1; tools.length < size; copy++) {
    for (const tool of LARGE_CATALOGUE) {
      if (tools.length >= size) break
      if (copy === 1) {
        tools.push(tool)
        continue
      }
      const app = tool.tags[0] ?? ''
      tools.push({
        ...tool,
        name: tool.name.includes(app)
          ? tool.name.replace(app, `${app}${copy}`)
          : `${app}${copy}_${tool.name}`,
        description: `${tool.description} (copy ${copy})`,
        tags: [`${app}${copy}`],
      })
    }
  }
  return tools
}
