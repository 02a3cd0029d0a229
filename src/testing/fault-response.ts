import type { FaultOptions } from './faults.js'
import { jsonResponse, reasonPhrase } from './http-error.js'

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
    case '429': {
      const seconds = String(fault.retryAfterSeconds ?? 1)
      return jsonResponse(
        429,
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message: 'Rate limit exceeded. Try again later.',
          truto_is_remote_error: true,
          raw_response: { message: 'Too many requests' },
        },
        { 'retry-after': seconds, 'ratelimit-remaining': '0', 'ratelimit-reset': seconds },
      )
    }
    case '5xx': {
      const status = fault.status ?? 503
      return jsonResponse(status, {
        statusCode: status,
        error: reasonPhrase(status),
        message: 'The upstream service is temporarily unavailable.',
        truto_is_remote_error: true,
        raw_response: { message: 'upstream connect error or disconnect/reset before headers' },
      })
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
