import { isRecord } from '../basics/is-record.js'
import { methodTraits } from '../basics/methods.js'
import { TrutoValidationError } from '../errors/errors.js'
import { ACCOUNT_PARAM, isAccountParam } from '../safety/account-param.js'
import { idSegment, UnsafePathError } from '../safety/request-path.js'
import type { TrutoRequest } from '../transport/client.js'
import type { ArgumentRoute } from './tool-shape.js'

/**
 * Turns a tool's flat arguments into the proxy request for its method. `path` is the tool's
 * checked proxy path ({@link proxyPath}); only the record id is added here, checked too.
 */
export function buildRequest(
  route: ArgumentRoute,
  path: string,
  args: Readonly<Record<string, unknown>>,
  accountId: string,
): TrutoRequest {
  const traits = methodTraits(route.method)
  const query: Record<string, string> = Object.create(null)
  const body: Record<string, unknown> | undefined = traits.sendsBody ? {} : undefined
  for (const key in args) {
    if (!Object.hasOwn(args, key)) continue
    if (route.pathId && key === 'id') continue
    const placement = route.placements.get(key)
    const name = placement === undefined ? key : placement.name
    // `[integrated_account_id]` and its kin parse as the account too, ahead of ours
    if (isAccountParam(name) || (name !== key && isAccountParam(key))) {
      // the token reaches every account of the team; the tool's own account is the only one
      throw new TrutoValidationError([
        { path: key, message: 'is set by the toolset to the connected account; leave it out' },
      ])
    }
    const place = placement === undefined ? route.extras : placement.place
    if (place === 'query') appendQuery(query, name, args[key])
    // a bodyless method sends no body; its shape places nothing there
    else if (body !== undefined) defineValue(body, name, args[key])
  }
  query[ACCOUNT_PARAM] = accountId

  const idPath = route.pathId ? `/${encodeId(args.id)}` : ''
  const request: { -readonly [K in keyof TrutoRequest]: TrutoRequest[K] } = {
    method: traits.verb,
    path: `${path}${idPath}`,
    query,
  }
  if (body !== undefined) request.body = body
  return request
}

function encodeId(id: unknown): string {
  const text = typeof id === 'number' ? String(id) : id
  if (typeof text !== 'string') {
    throw new TrutoValidationError([{ path: 'id', message: 'must be a record id (text)' }])
  }
  try {
    return idSegment(text)
  } catch (error) {
    if (!(error instanceof UnsafePathError)) throw error
    throw new TrutoValidationError([
      { path: 'id', message: 'must be one record id: not empty, ".", ".." or holding "/" or "\\"' },
    ])
  }
}

// `__proto__` is an ordinary field name in an API body; plain assignment would set a prototype
function defineValue(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
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
