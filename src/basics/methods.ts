/** The HTTP verbs the proxy API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE'

/** `read` for list/get, `write` for create/update/delete, `custom` for every other method. */
export type MethodKind = 'read' | 'write' | 'custom'

/** What a Truto method means on the wire and for safety. */
export type MethodTraits = {
  readonly verb: HttpMethod
  readonly kind: MethodKind
  /** The record id is a path segment (get, update, delete); custom methods take it in the query. */
  readonly idInPath: boolean
  /** The request carries a JSON body; bodyless methods take body fields in the query. */
  readonly sendsBody: boolean
  /** Repeating it after an unknown outcome cannot change data twice. */
  readonly idempotent: boolean
  /** Paused for a person by default: deletes and custom (bulk and other non-CRUD) methods. */
  readonly needsApproval: boolean
}

// a Map, not an object literal: a method named `constructor` or `toString` is just a custom method
const TABLE: ReadonlyMap<string, MethodTraits> = new Map<string, MethodTraits>([
  ['list', traits('GET', 'read', false, false, true, false)],
  ['get', traits('GET', 'read', true, false, true, false)],
  ['create', traits('POST', 'write', false, true, false, false)],
  ['update', traits('PATCH', 'write', true, true, false, false)],
  ['delete', traits('DELETE', 'write', true, false, true, true)],
])

const CUSTOM: MethodTraits = traits('POST', 'custom', false, true, false, true)

/** The traits of a method; any name outside list/get/create/update/delete is a custom method. */
export const methodTraits = (method: string): MethodTraits => TABLE.get(method) ?? CUSTOM

/** `read` for list/get, `write` for create/update/delete, `custom` for every other method. */
export const methodKind = (method: string): MethodKind => methodTraits(method).kind

/** True for list, get, create, update and delete; custom methods become a path segment. */
export const isCrudMethod = (method: string): boolean => TABLE.has(method)

function traits(
  verb: HttpMethod,
  kind: MethodKind,
  idInPath: boolean,
  sendsBody: boolean,
  idempotent: boolean,
  needsApproval: boolean,
): MethodTraits {
  return Object.freeze({ verb, kind, idInPath, sendsBody, idempotent, needsApproval })
}
