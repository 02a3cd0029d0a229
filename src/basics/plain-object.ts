/**
 * A new empty plain object, made without an object literal, for objects a tool or a listing keeps.
 * V8 (Node 20) pretenures a literal's allocation site once nearly all its objects outlive a young
 * collection, as those of a loading listing do; a pretenured object then keeps every young object
 * it points to alive until a full collection, and with them every dropped listing and tool.
 * Objects made by a constructor have no allocation site.
 */
export function plainObject<T extends object = Record<string, unknown>>(): T {
  return new Object() as T
}
