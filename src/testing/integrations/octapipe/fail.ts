import { SandboxHttpError } from '../../http-error.js'

const CODES: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
}

/** An error as Octapipe words it; Truto forwards the body as `raw_response`. */
export const octapipeFail = (status: number, message: string, field?: string) =>
  new SandboxHttpError(status, message, {
    success: false,
    error: { code: CODES[status] ?? 'ERROR', message, ...(field ? { field } : {}) },
  })

/** The record with that uuid, or Octapipe's 404. */
export function findOr404<T extends { uuid: string }>(
  items: readonly T[],
  uuid: unknown,
  what: string,
): T {
  const found = items.find((item) => item.uuid === uuid)
  if (!found) throw octapipeFail(404, `No ${what} with uuid "${String(uuid)}"`)
  return found
}
