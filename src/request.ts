import type { HttpMethod, TrutoRequest } from './client.js'
import { isRecord } from './client.js'
import { TrutoValidationError } from './errors.js'
import { ACCOUNT_PARAM, type ArgumentRoute } from './tool-shape.js'

const VERBS: Readonly<Record<string, HttpMethod>> = {
  list: 'GET',
  get: 'GET',
  create: 'POST',
  update: 'PATCH',
  delete: 'DELETE',
}

/** Turns a tool's flat arguments into the proxy request for its method. */
export function buildRequest(
  route: ArgumentRoute,
  args: Readonly<Record<string, unknown>>,
  accountId: string,
): TrutoRequest {
  const query: Record<string, string> = {}
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(args)) {
    if (route.pathId && key === 'id') continue
    const placement = route.placements.get(key) ?? { place: route.extras, name: key }
    if (placement.place === 'query' && isAccountParam(placement.name)) {
      // the token reaches every account of the team; the tool's own account is the only one
      throw new TrutoValidationError([
        { path: key, message: 'is set by the toolset to the connected account; leave it out' },
      ])
    }
    if (placement.place === 'body') body[placement.name] = value
    else appendQuery(query, placement.name, value)
  }
  query[ACCOUNT_PARAM] = accountId

  const verb = VERBS[route.method] ?? 'POST'
  const segments = ['proxy', ...route.resource.split('/').filter(Boolean)]
  if (!(route.method in VERBS)) segments.push(route.method)
  const path = `/${segments.map(encodeURIComponent).join('/')}`
  const idPath = route.pathId ? `/${encodeId(args.id)}` : ''
  return {
    method: verb,
    path: `${path}${idPath}`,
    query,
    ...(verb === 'GET' || verb === 'DELETE' ? {} : { body }),
  }
}

const isAccountParam = (name: string) =>
  name === ACCOUNT_PARAM || name.startsWith(`${ACCOUNT_PARAM}[`)

// "." and ".." survive encodeURIComponent and URL parsers collapse them, so they are refused
function encodeId(id: unknown): string {
  const text = typeof id === 'number' ? String(id) : id
  if (typeof text !== 'string' || text === '' || text === '.' || text === '..') {
    throw new TrutoValidationError([
      { path: 'id', message: 'must be a non-empty record id (not "." or "..")' },
    ])
  }
  return encodeURIComponent(text)
}

// nested values use the bracket form (`filter[status]=open`, `ids[0]=a`) that Truto's proxy reads
function appendQuery(query: Record<string, string>, key: string, value: unknown): void {
  if (value === undefined || value === null) return
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) appendQuery(query, `${key}[${index}]`, item)
  } else if (isRecord(value)) {
    for (const [name, item] of Object.entries(value)) appendQuery(query, `${key}[${name}]`, item)
  } else {
    query[key] = String(value)
  }
}
