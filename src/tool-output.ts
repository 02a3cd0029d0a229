import { isRecord } from './client.js'
import type { ArgumentRoute } from './tool-shape.js'

/** The compact text a model reads for a successful call. */
export function formatResult(data: unknown, route: ArgumentRoute): string {
  if (data === undefined) return `${route.method} ${route.resource} succeeded (no content).`
  if (route.method === 'list' && isRecord(data) && Array.isArray(data.result)) {
    return JSON.stringify({ result: data.result, next_cursor: data.next_cursor ?? null })
  }
  return JSON.stringify(data)
}
