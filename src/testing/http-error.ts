const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

export const reasonPhrase = (status: number): string => REASONS[status] ?? 'Error'

/** What `truto_error_insight` says of one cause: `forbidden_error` carries `missing_scopes`. */
export type TrutoErrorInsight = { description: string; value?: unknown }

/** Truto's error body; `raw_response` carries the upstream body when the integration answered. */
export type TrutoErrorBody = {
  statusCode: number
  error: string
  message: string
  truto_is_remote_error?: true
  raw_response?: unknown
  truto_error_insight?: Record<string, TrutoErrorInsight>
}

/**
 * Truto's error envelope: `statusCode`, `error` (the status name) and `message`; an error the
 * provider raised (`rawResponse` given) adds `truto_is_remote_error` and its body as `raw_response`.
 */
export function errorBody(status: number, message: string, rawResponse?: unknown): TrutoErrorBody {
  return {
    statusCode: status,
    error: reasonPhrase(status),
    message,
    ...(rawResponse === undefined
      ? {}
      : { truto_is_remote_error: true as const, raw_response: rawResponse }),
  }
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
    return errorBody(this.status, this.message, this.rawResponse)
  }
}

export function jsonResponse(status: number, body: unknown, headers?: HeadersInit): Response {
  const merged = new Headers(headers)
  merged.set('content-type', 'application/json; charset=utf-8')
  return new Response(JSON.stringify(body), { status, headers: merged })
}
