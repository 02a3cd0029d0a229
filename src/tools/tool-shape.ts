import { isRecord } from '../basics/is-record.js'
import { methodTraits } from '../basics/methods.js'
import { setOwn } from '../basics/own-property.js'
import { plainObject } from '../basics/plain-object.js'
import type { ToolDefinition } from '../definitions/tool-definition.js'
import { isAccountParam } from '../safety/account-param.js'
import type { JsonSchema } from '../schema/json-schema.js'
import { normaliseSchema } from '../schema/normalise-schema.js'
import { assertWithinBudget } from '../schema/schema-budget.js'

/** Where a flat argument goes. */
export type Placement = { readonly place: 'query' | 'body'; readonly name: string }

/** How a tool's flat arguments map back to path, query and body. */
export type ArgumentRoute = {
  readonly resource: string
  readonly method: string
  /** True when `id` is a path segment (get, update, delete). */
  readonly pathId: boolean
  /** Where each argument goes that does not go to `extras` under its own name. */
  readonly placements: ReadonlyMap<string, Placement>
  /** Where arguments go that are not in `placements`: most of them, and any no schema names. */
  readonly extras: 'query' | 'body'
}

export type ToolShape = { readonly schema: JsonSchema; readonly route: ArgumentRoute }

// a class, not a literal: a tool keeps its route (see plainObject for why that matters)
class Route implements ArgumentRoute {
  constructor(
    readonly resource: string,
    readonly method: string,
    readonly pathId: boolean,
    readonly placements: ReadonlyMap<string, Placement>,
    readonly extras: 'query' | 'body',
  ) {}
}

const PAGING = {
  limit: { type: 'integer', minimum: 1, description: 'Most items to return in one page.' },
  next_cursor: {
    type: 'string',
    description: 'Cursor from the previous page, to fetch the page after it.',
  },
}
const PAGING_NAMES = Object.keys(PAGING) as (keyof typeof PAGING)[]
const NONE: ReadonlySet<unknown> = new Set()
const NONE_REQUIRED: readonly string[] = []
const NO_PLACEMENTS: ReadonlyMap<string, Placement> = new Map()
// what this function adds around the normalised schemas: paging, a default id, the wrapper
const SHAPE_CHARS = JSON.stringify(PAGING).length + 200

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
  const hasBody = traits.sendsBody
  const shaping: Shaping = {
    properties: plainObject(),
    placements: undefined,
    required: undefined,
    sourceRequired: definition.required?.length ? new Set(definition.required) : NONE,
    extras: hasBody ? 'body' : 'query',
    pathId,
    custom: traits.kind === 'custom',
    bodyProps: hasBody && isRecord(body?.properties) ? body.properties : undefined,
    queryProps: isRecord(query?.properties) ? query.properties : undefined,
    cost,
  }
  const { properties } = shaping
  if (hasBody) addProperties(shaping, body, 'body')
  addProperties(shaping, query, 'query')
  if (!hasBody) addProperties(shaping, body, 'query')
  for (const name of shaping.required ?? NONE_REQUIRED) cost.chars += name.length * 6 + 3

  if (method === 'list') {
    // every list pages, whether or not the server's schema says so
    for (const name of PAGING_NAMES) {
      if (Object.hasOwn(properties, name)) continue
      properties[name] = PAGING[name]
      placeAt(shaping, name, 'query', name)
    }
  }
  if (pathId) {
    const declared = findId(query) ?? findId(body)
    properties.id = declared ?? { type: 'string', description: 'The id of the record.' }
    requireArg(shaping, 'id')
  } else if (shaping.sourceRequired.has('id') && !Object.hasOwn(properties, 'id')) {
    // custom methods take a required id in the query even when no schema declares it
    properties.id = { type: 'string', description: 'The id of the record.' }
    placeAt(shaping, 'id', 'query', 'id')
    requireArg(shaping, 'id')
  }

  // built up rather than written as literals: the tool keeps them (see plainObject)
  const schema = plainObject<JsonSchema>()
  schema.type = 'object'
  schema.properties = pathId ? idFirst(properties) : properties
  if (shaping.required) schema.required = Array.from(shaping.required)
  // arguments no schema names go to the extras' place, so that schema decides whether they may
  const others = (hasBody ? body : query)?.additionalProperties
  if (others !== undefined && others !== true) schema.additionalProperties = others
  // shared $ref targets count at every place they appear, as JSON will write them
  assertWithinBudget(schema, cost.chars)

  const placements = shaping.placements ?? NO_PLACEMENTS
  return {
    schema,
    route: new Route(definition.resource, method, pathId, placements, shaping.extras),
  }
}

/** One tool's flattening in progress. */
type Shaping = {
  readonly properties: Record<string, unknown>
  // only the exceptions: an argument sent to `extras` under its own name needs no entry
  placements: Map<string, Placement> | undefined
  // made at the first required argument: many tools have none
  required: Set<string> | undefined
  readonly sourceRequired: ReadonlySet<unknown>
  readonly extras: 'query' | 'body'
  readonly pathId: boolean
  readonly custom: boolean
  readonly bodyProps: Record<string, unknown> | undefined
  readonly queryProps: Record<string, unknown> | undefined
  readonly cost: { chars: number }
}

function addProperties(shaping: Shaping, schema: JsonSchema | undefined, place: 'query' | 'body') {
  if (!isRecord(schema?.properties)) return
  const props = schema.properties
  const { properties, custom, pathId } = shaping
  const ownRequired =
    Array.isArray(schema.required) && schema.required.length ? new Set(schema.required) : NONE
  for (const name in props) {
    if (!Object.hasOwn(props, name)) continue
    // a custom method's id always travels in the query, whichever schema declares it
    const customId = custom && name === 'id'
    const where = customId ? 'query' : place
    if (
      (pathId && name === 'id') ||
      (where === 'query' && isAccountParam(name)) ||
      (place === 'query' && Object.hasOwn(properties, name) && (!inBody(shaping, name) || customId))
    )
      continue
    const sub = props[name]
    if (place === 'query' && !customId && inBody(shaping, name)) {
      // in both schemas: the body keeps the name, the query's field is renamed
      const flat = freeName(`query_${name}`, shaping)
      const note = `Query parameter \`${name}\`.`
      setOwn(properties, flat, withNote(sub, note))
      shaping.cost.chars += (flat.length + note.length) * 6 + 8
      placeAt(shaping, flat, where, name)
      // Truto's top-level required spans both schemas; for a name in both it means the body's
      if (ownRequired.has(name)) requireArg(shaping, flat)
    } else {
      setOwn(properties, name, sub)
      placeAt(shaping, name, where, name)
      if (ownRequired.has(name) || shaping.sourceRequired.has(name)) requireArg(shaping, name)
    }
  }
}

function requireArg(shaping: Shaping, name: string): void {
  shaping.required ??= new Set()
  shaping.required.add(name)
}

function placeAt(shaping: Shaping, flat: string, where: 'query' | 'body', name: string): void {
  if (where === shaping.extras && name === flat) return
  shaping.placements ??= new Map()
  shaping.placements.set(flat, { place: where, name })
}

const inBody = (shaping: Shaping, name: string) =>
  shaping.bodyProps !== undefined && Object.hasOwn(shaping.bodyProps, name)

function findId(schema: JsonSchema | undefined): unknown {
  return isRecord(schema?.properties) ? schema.properties.id : undefined
}

// the same properties with `id` first, where a model reads it first
function idFirst(properties: Record<string, unknown>): Record<string, unknown> {
  const out = plainObject()
  out.id = properties.id
  for (const name in properties) {
    if (name !== 'id' && Object.hasOwn(properties, name)) setOwn(out, name, properties[name])
  }
  return out
}

function withNote(schema: unknown, note: string): unknown {
  if (!isRecord(schema)) return schema
  const text = typeof schema.description === 'string' ? `${note} ${schema.description}` : note
  return { ...schema, description: text }
}

// a renamed query twin must not take the name of a real parameter, nor of one already taken
function freeName(base: string, shaping: Shaping): string {
  let name = base
  while (
    Object.hasOwn(shaping.properties, name) ||
    inBody(shaping, name) ||
    (shaping.queryProps !== undefined && Object.hasOwn(shaping.queryProps, name))
  )
    name = `_${name}`
  return name
}
