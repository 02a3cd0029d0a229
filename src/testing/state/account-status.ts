import { SandboxHttpError } from '../http-error.js'

/**
 * How an integrated account answers: `active` normally, `blocked` 503 to everything, `sandbox`
 * read-only (writes 405), `needs-reauth` a provider 401 until it is set back to `active`.
 */
export type SandboxAccountStatus = 'active' | 'blocked' | 'sandbox' | 'needs-reauth'

export const ACCOUNT_STATUSES: readonly SandboxAccountStatus[] = [
  'active',
  'blocked',
  'sandbox',
  'needs-reauth',
]

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The error a proxy request or MCP tool call gets from an account in this status, if any. */
export function accountRefusal(
  status: SandboxAccountStatus,
  httpMethod: string,
): SandboxHttpError | undefined {
  switch (status) {
    case 'blocked':
      return new SandboxHttpError(503, 'Integrated account is blocked')
    case 'sandbox':
      return WRITES.has(httpMethod)
        ? new SandboxHttpError(
            405,
            `Sandbox integrated accounts are read-only: ${httpMethod} is not allowed`,
          )
        : undefined
    case 'needs-reauth':
      // the provider refused the stored credentials; Truto passes its body on
      return new SandboxHttpError(401, 'invalid_grant', { error: 'invalid_grant' })
    case 'active':
      return undefined
  }
}
