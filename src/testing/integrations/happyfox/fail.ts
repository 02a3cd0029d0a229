import { SandboxHttpError } from '../../http-error.js'

/** An error as HappyFox words it; Truto forwards the body as `raw_response`. */
export const happyfoxFail = (status: number, message: string, field?: string) =>
  new SandboxHttpError(status, message, { error: message, ...(field ? { field } : {}) })

/** The record with that numeric id, or HappyFox's 404. */
export function findOr404<T extends { id: number }>(
  items: readonly T[],
  id: unknown,
  what: string,
): T {
  const found = items.find((item) => String(item.id) === String(id))
  if (!found) throw happyfoxFail(404, `${what} ${String(id)} does not exist`)
  return found
}

/** The next free id of a collection. */
export const nextId = (items: readonly { id: number }[], floor: number): number =>
  Math.max(floor, ...items.map((item) => item.id)) + 1
