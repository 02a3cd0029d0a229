const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

export const reasonPhrase = (status: number): string => REASONS[status] ?? 'Error'

/** Truto's error body; `raw_response` carries the upstream body when the integration answered. */
export type TrutoErrorBody = {
  statusCode: number
  error: string
  message: string
  truto_is_remote_error?: true
  raw_response?: unknown
}

/** Thrown by route handlers; the router turns it into Truto's error shape. */
export class SandboxHttpError extends Error {
  override name = 'SandboxHttpError' as const
  readonly status: number
  /** The upstream body, for errors the integration itself raised. */
  readonly rawResponse: unknown

  constructor(status: number, message: string, rawResponse?: unknown) {
    super(message)
    this.status = status
    this.rawResponse = rawResponse
  }

  toBody(): TrutoErrorBody {
    return {
      statusCode: this.status,
      error: reasonPhrase(this.status),
      message: this.message,
      ...(this.rawResponse === undefined
        ? {}
        : { truto_is_remote_error: true as const, raw_response: this.rawResponse }),
    }
  }
}

export function jsonResponse(status: number, body: unknown, headers?: HeadersInit): Response {
  const merged = new Headers(headers)
  merged.set('content-type', 'application/json; charset=utf-8')
  return new Response(JSON.stringify(body), { status, headers: merged })
}
