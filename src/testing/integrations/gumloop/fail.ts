import { SandboxHttpError } from '../../http-error.js'

/** An error as Gumloop words it (`{ detail }`); Truto forwards the body as `raw_response`. */
export const gumloopFail = (status: number, message: string) =>
  new SandboxHttpError(status, message, { detail: message })

export function findOr404<T extends { id: string }>(
  items: readonly T[],
  id: unknown,
  what: string,
): T {
  const found = items.find((item) => item.id === id)
  if (!found) throw gumloopFail(404, `${what} "${String(id)}" not found`)
  return found
}
