import type { JsonSchema, ToolDefinition } from './definitions.js'
import { isRecord } from './is-record.js'
import { methodTraits } from './methods.js'
import { setOwn } from './own-property.js'
import { normaliseSchema } from './schema.js'
import { assertWithinBudget } from './schema-budget.js'

/** Where a flat argument goes. */
export type Placement = { readonly place: 'query' | 'body'; readonly name: string }

/** How a tool's flat arguments map back to path, query and body. */
export type ArgumentRoute = {
  readonly resource: string
  readonly method: string
  /** True when `id` is a path segment (get, update, delete). */
  readonly pathId: boolean
  readonly placements: ReadonlyMap<string, Placement>
  /** Where arguments that no schema names go, when the schemas allow them. */
  readonly extras: 'query' | 'body'
}

export type ToolShape = { readonly schema: JsonSchema; readonly route: ArgumentRoute }

const PAGING = {
  limit: { type: 'integer', minimum: 1, description: 'Most items to return in one page.' },
  next_cursor: {
    type: 'string',
    description: 'Cursor from the previous page, to fetch the page after it.',
  },
}
// what this function adds around the normalised schemas: paging, a default id, the wrapper
const SHAPE_CHARS = JSON.stringify(PAGING).length + 200
/** The query parameter naming the account; the toolset sets it, a model never may. */
export const ACCOUNT_PARAM = 'integrated_account_id'

/**
 * Flattens a definition's query and body schemas into the one object a model fills in.
 * Rule for a name in both schemas: the body keeps the name, the query field is offered as
 * `query_<name>`; each value reaches only its own place. `id` is the path segment for
 * get, update and delete, and a query parameter for custom methods. Methods that send no
 * body (list, get, delete) take a body schema's fields in the query.
 */
export function buildToolShape(definition: ToolDefinition): ToolShape {
  const { method } = definition
  // the JSON length of the schema at most; what is added here is counted as it is added
  const cost = { chars: SHAPE_CHARS }
  const query = definition.query_schema ? normaliseSchema(definition.query_schema, cost) : undefined
  const body = definition.body_schema ? normaliseSchema(definition.body_schema, cost) : undefined
  const traits = methodTraits(method)
  const pathId = traits.idInPath
  const custom = traits.kind === 'custom'
  const hasBody = traits.sendsBody
  const bodyNames = new Set(
    hasBody && isRecord(body?.properties) ? Object.keys(body.properties) : [],
  )
  // a renamed query twin must not take the name of a real parameter
  const realNames = new Set([
    ...bodyNames,
    ...(isRecord(query?.properties) ? Object.keys(query.properties) : []),
  ])

  const properties: Record<string, unknown> = {}
  const placements = new Map<string, Placement>()
  const required = new Set<string>()
  const sourceRequired = new Set(definition.required ?? [])

  const add = (schema: JsonSchema | undefined, place: 'query' | 'body') => {
    const props = isRecord(schema?.properties) ? schema.properties : {}
    const ownRequired = new Set(Array.isArray(schema?.required) ? schema.required : [])
    for (const [name, sub] of Object.entries(props)) {
      // a custom method's id always travels in the query, whichever schema declares it
      const customId = custom && name === 'id'
      const where = customId ? 'query' : place
      if (
        (pathId && name === 'id') ||
        (where === 'query' && name === ACCOUNT_PARAM) ||
        (place === 'query' && Object.hasOwn(properties, name) && (!bodyNames.has(name) || customId))
      )
        continue
      const inBoth = place === 'query' && bodyNames.has(name) && !customId
      const flat = inBoth ? freeName(`query_${name}`, properties, realNames) : name
      const note = `Query parameter \`${name}\`.`
      setOwn(properties, flat, inBoth ? withNote(sub, note) : sub)
      if (inBoth) cost.chars += (flat.length + note.length) * 6 + 8
      placements.set(flat, { place: where, name })
      // Truto's top-level required spans both schemas; for a name in both it means the body's
      if (ownRequired.has(name) || (sourceRequired.has(name) && !inBoth)) required.add(flat)
    }
  }
  if (hasBody) add(body, 'body')
  add(query, 'query')
  if (!hasBody) add(body, 'query')
  for (const name of required) cost.chars += name.length * 6 + 3

  if (method === 'list') {
    // every list pages, whether or not the server's schema says so
    for (const [name, schema] of Object.entries(PAGING)) {
      if (Object.hasOwn(properties, name)) continue
      properties[name] = schema
      placements.set(name, { place: 'query', name })
    }
  }
  if (pathId) {
    const declared = findId(query) ?? findId(body)
    properties.id = declared ?? { type: 'string', description: 'The id of the record.' }
    required.add('id')
  } else if (sourceRequired.has('id') && !Object.hasOwn(properties, 'id')) {
    // custom methods take a required id in the query even when no schema declares it
    properties.id = { type: 'string', description: 'The id of the record.' }
    placements.set('id', { place: 'query', name: 'id' })
    required.add('id')
  }

  const schema: JsonSchema = {
    type: 'object',
    properties: pathId ? { id: properties.id, ...withoutId(properties) } : properties,
    ...(required.size ? { required: [...required] } : {}),
  }
  // arguments no schema names go to the extras' place, so that schema decides whether they may
  const extras = (hasBody ? body : query)?.additionalProperties
  if (extras !== undefined && extras !== true) schema.additionalProperties = extras
  // shared $ref targets count at every place they appear, as JSON will write them
  assertWithinBudget(schema, cost.chars)

  return {
    schema,
    route: {
      resource: definition.resource,
      method,
      pathId,
      placements,
      extras: hasBody ? 'body' : 'query',
    },
  }
}

function findId(schema: JsonSchema | undefined): unknown {
  return isRecord(schema?.properties) ? schema.properties.id : undefined
}

function withoutId(properties: Record<string, unknown>): Record<string, unknown> {
  const { id: _, ...rest } = properties
  return rest
}

function withNote(schema: unknown, note: string): unknown {
  if (!isRecord(schema)) return schema
  const text = typeof schema.description === 'string' ? `${note} ${schema.description}` : note
  return { ...schema, description: text }
}

function freeName(base: string, taken: Record<string, unknown>, real: Set<string>): string {
  let name = base
  while (Object.hasOwn(taken, name) || real.has(name)) name = `_${name}`
  return name
}
