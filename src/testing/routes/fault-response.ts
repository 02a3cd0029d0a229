import { errorBody, jsonResponse } from '../http-error.js'
import type { FaultOptions } from '../state/faults.js'

/** Marks a request whose connection the sandbox drops instead of answering. */
export const DROP = Symbol('drop')

const GATEWAY_PAGE = `<!DOCTYPE html>
<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>cloudflare</center>
</body>
</html>
`

/** The answer a fault gives in place of the real one (`slow` has none: it only delays). */
export function faultResponse(fault: FaultOptions): Response | typeof DROP | undefined {
  switch (fault.kind) {
    case 'drop':
      return DROP
    case 'slow':
      return undefined
    case '429':
      return rateLimited(fault)
    case '403':
      return forbidden(fault)
    case '5xx': {
      const status = fault.status ?? 503
      return fault.from === 'truto'
        ? jsonResponse(status, errorBody(status, 'Truto failed to process the request.'))
        : jsonResponse(
            status,
            errorBody(status, 'The upstream service is temporarily unavailable.', {
              message: 'upstream connect error or disconnect/reset before headers',
            }),
          )
    }
    case 'malformed-json':
      return new Response('{"result": [{"id": "1", "name": "trunc', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    case 'html':
      return new Response(GATEWAY_PAGE, { status: 502, headers: { 'content-type': 'text/html' } })
  }
}

// Truto's own limit sends Retry-After alone; the provider's comes with its headers forwarded
function rateLimited(fault: FaultOptions): Response {
  const seconds = String(fault.retryAfterSeconds ?? 1)
  if (fault.from === 'truto') {
    return jsonResponse(429, errorBody(429, 'Rate limit exceeded. Try again later.'), {
      'retry-after': seconds,
    })
  }
  return jsonResponse(
    429,
    errorBody(429, 'Rate limit exceeded. Try again later.', { message: 'Too many requests' }),
    { 'retry-after': seconds, 'ratelimit-remaining': '0', 'ratelimit-reset': seconds },
  )
}

function forbidden(fault: FaultOptions): Response {
  const body = errorBody(403, 'The access token does not have the required scopes.', {
    error: 'insufficient_scope',
    message: 'The access token does not have the required scopes.',
  })
  if (fault.missingScopes) {
    body.truto_error_insight = {
      forbidden_error: {
        description:
          'The integrated account lacks OAuth scopes this request needs; reconnect it granting them.',
        value: { missing_scopes: [...fault.missingScopes] },
      },
    }
  }
  return jsonResponse(403, body)
}
