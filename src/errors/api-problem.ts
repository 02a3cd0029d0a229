import { isRecord } from '../basics/is-record.js'

/**
 * What a Truto error answer means, read from its status and Truto's error envelope:
 * `account-blocked` (503), `api-key-refused` (401 from Truto), `reconnect-account` (401 from the
 * provider), `missing-scopes` (403 naming OAuth scopes), `read-only-account` (405 on a write to a
 * sandbox account), `method-not-allowed` (405 otherwise), `provider-refused` (409/422 from the provider).
 */
export type TrutoApiProblem =
  | 'account-blocked'
  | 'api-key-refused'
  | 'reconnect-account'
  | 'missing-scopes'
  | 'read-only-account'
  | 'method-not-allowed'
  | 'provider-refused'

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])
const MAX_SCOPES = 50

/** The problem an error answer names, or undefined for one that needs no special reading. */
export function apiProblem(
  status: number,
  method: string,
  body: unknown,
  remote: boolean,
  message: string | undefined,
): TrutoApiProblem | undefined {
  switch (status) {
    case 401:
      return remote ? 'reconnect-account' : 'api-key-refused'
    case 403:
      return missingScopes(body)?.length ? 'missing-scopes' : undefined
    case 405:
      // Truto's sandbox accounts refuse every write with 405; its message says so
      return WRITES.has(method) && /sandbox|read[- ]?only/i.test(message ?? '')
        ? 'read-only-account'
        : 'method-not-allowed'
    case 409:
    case 422:
      return remote ? 'provider-refused' : undefined
    case 503:
      // a 503 the provider sent is a flaky upstream, not a blocked account
      return remote ? undefined : 'account-blocked'
    default:
      return undefined
  }
}

/** The OAuth scopes `truto_error_insight.forbidden_error.value.missing_scopes` names, if any. */
export function missingScopes(body: unknown): string[] | undefined {
  const insight = isRecord(body) ? body.truto_error_insight : undefined
  const forbidden = isRecord(insight) ? insight.forbidden_error : undefined
  const value = isRecord(forbidden) ? forbidden.value : undefined
  const scopes = isRecord(value) ? value.missing_scopes : undefined
  if (!Array.isArray(scopes)) return undefined
  return scopes
    .filter((scope): scope is string => typeof scope === 'string' && scope.length <= 200)
    .slice(0, MAX_SCOPES)
}

/**
 * The provider's own words from `raw_response`, for a remote error whose `message` is empty:
 * its `message`, `error_description`, `error` or first `errors` entry, or the body when it is text.
 */
export function providerMessage(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim() || undefined
  if (!isRecord(raw)) return undefined
  for (const key of ['message', 'error_description', 'error', 'detail', 'title']) {
    const value = raw[key]
    if (typeof value === 'string' && value.trim()) return value
    if (isRecord(value) && typeof value.message === 'string' && value.message.trim())
      return value.message
  }
  const first = Array.isArray(raw.errors) ? raw.errors[0] : undefined
  if (typeof first === 'string' && first.trim()) return first
  if (isRecord(first) && typeof first.message === 'string' && first.message.trim())
    return first.message
  return undefined
}
