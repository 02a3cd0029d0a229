import type { RouterContext, SandboxRequestRecord } from './context.js'
import { errorBody, jsonResponse, SandboxHttpError } from './http-error.js'
import { artifactRoute } from './routes/artifact-route.js'
import { DROP, faultResponse } from './routes/fault-response.js'
import { refuseForbiddenKeys } from './routes/forbidden-keys.js'
import { mcpAdminRoute } from './routes/mcp-admin-route.js'
import { isMcpPath, mcpRoute } from './routes/mcp-route.js'
import { proxyRoute } from './routes/proxy-route.js'
import { parseQuery } from './routes/query.js'
import { toolsRoute } from './routes/tools-route.js'
import { accountRefusal } from './state/account-status.js'

/** A response, or DROP when the connection should die without one. */
export type Outcome = Response | typeof DROP

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Answers one request like Truto would, logging it in `context.log`. */
export async function route(
  context: RouterContext,
  request: Request,
  signal?: AbortSignal,
): Promise<Outcome> {
  const url = new URL(request.url)
  const entry: Mutable<SandboxRequestRecord> = {
    method: request.method,
    path: url.pathname,
    query: Object.create(null),
    body: undefined,
    status: 0,
    account: undefined,
    fault: undefined,
    at: context.clock.now(),
  }
  context.log.push(entry)
  const outcome = await answer(context, request, url, entry, signal)
  entry.status = outcome === DROP ? 0 : outcome.status
  return outcome
}

async function answer(
  context: RouterContext,
  request: Request,
  url: URL,
  entry: Mutable<SandboxRequestRecord>,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  const segments = url.pathname.split('/').filter(Boolean)
  const isArtifact = segments[0] === '_sandbox' && segments[1] === 'artifacts'
  // artifact links carry a signature instead of the bearer token
  const admitted = isArtifact || request.headers.get('authorization') === `Bearer ${context.apiKey}`
  try {
    // faults strike first, like a gateway or network in front of the API would
    const fault = context.faults.strike(request.method, url.pathname)
    if (fault) {
      entry.fault = fault.kind
      if (fault.kind === 'slow') await sleep(fault.delayMs ?? 1000, signal)
      const response = faultResponse(fault)
      if (response) {
        // the log still shows what an admitted client sent; a refused key leaves the fault's answer
        if (admitted) await readRequest(request, url, entry).catch(() => undefined)
        return response
      }
    }
    // an MCP server's URL carries its own credential, checked before anything is parsed
    if (isMcpPath(segments)) {
      return await mcpRoute(context, {
        request,
        token: segments[1] ?? '',
        origin: url.origin,
        entry,
        read: () => readRequest(request, url, entry),
      })
    }
    if (!admitted) throw new SandboxHttpError(401, 'Invalid or missing API token')
    if (!isArtifact) {
      // Truto's own tiers come first, before anything is read: every request with the token
      // counts against the token's tier, a proxy request against its account's tier too
      const tierAccount = proxyAccount(context, segments, url)
      entry.account = tierAccount
      const refused = context.tiers?.admit({ token: context.apiKey, account: tierAccount })
      if (refused) return refused
    }
    const { query, body } = await readRequest(request, url, entry)
    const decoded = segments.map(decodeSegment)
    if (isArtifact && decoded.length === 3) return artifactRoute(context, decoded[2] ?? '', query)

    const account = accountOf(decoded, query)
    entry.account = account
    const integration = account === undefined ? undefined : context.integrationOf(account)
    // Truto refuses for the account's status before the call reaches the provider or its limit
    if (decoded[0] === 'proxy' && decoded.length >= 2 && account && integration) {
      const refusal = accountRefusal(context.accountStatus(account), request.method)
      if (refusal) throw refusal
    }
    const limit = account && integration ? context.limiter?.take(account) : undefined
    const headers = limit?.headers ?? {}
    if (limit && !limit.allowed) {
      // the sandbox's limit stands for the provider's, so Truto forwards it as a remote error
      const body = errorBody(429, 'Rate limit exceeded for this integrated account', {
        message: 'Too many requests',
      })
      return jsonResponse(429, body, headers)
    }
    try {
      if (
        decoded[0] === 'integrated-account' &&
        decoded[2] === 'tools' &&
        decoded.length === 3 &&
        request.method === 'GET'
      ) {
        return toolsRoute(context, decoded[1] ?? '', query, headers)
      }
      if (decoded[0] === 'integrated-account' && decoded[2] === 'mcp' && decoded.length <= 4) {
        return mcpAdminRoute(
          context,
          {
            account: decoded[1] ?? '',
            mcpId: decoded[3],
            httpMethod: request.method,
            query,
            body,
            origin: url.origin,
          },
          headers,
        )
      }
      if (decoded[0] === 'proxy' && decoded.length >= 2) {
        if (account === undefined)
          throw new SandboxHttpError(400, 'integrated_account_id is required in the query')
        if (!integration)
          throw new SandboxHttpError(404, `Integrated account "${account}" not found`)
        return proxyRoute(
          context,
          {
            integration,
            account,
            httpMethod: request.method,
            segments: decoded.slice(1),
            query,
            body,
            origin: url.origin,
          },
          headers,
        )
      }
      throw new SandboxHttpError(404, `No route for ${request.method} ${url.pathname}`)
    } catch (error) {
      return errorResponse(error, headers)
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    return errorResponse(error, {})
  }
}

function errorResponse(error: unknown, headers: Record<string, string>): Response {
  const failure =
    error instanceof SandboxHttpError
      ? error
      : new SandboxHttpError(
          500,
          `Sandbox error: ${error instanceof Error ? error.message : String(error)}`,
        )
  return jsonResponse(failure.status, failure.toBody(), headers)
}

// the account a proxy request is for, read from the raw URL: an id the sandbox does not have
// (or an ambiguous one) is left to the route to refuse
function proxyAccount(
  context: RouterContext,
  segments: readonly string[],
  url: URL,
): string | undefined {
  if (segments.length < 2 || safeDecode(segments[0] ?? '') !== 'proxy') return undefined
  const ids = url.searchParams.getAll('integrated_account_id')
  const [id] = ids
  return ids.length === 1 && id !== undefined && context.integrationOf(id) ? id : undefined
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

function accountOf(
  segments: readonly string[],
  query: Record<string, unknown>,
): string | undefined {
  if (segments[0] === 'integrated-account') return segments[1]
  const id = query.integrated_account_id
  return typeof id === 'string' && id !== '' ? id : undefined
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new SandboxHttpError(400, `Malformed path segment "${segment}"`)
  }
}

// parsed only once the request is admitted, so a refused one never reaches the parsers
async function readRequest(
  request: Request,
  url: URL,
  entry: Mutable<SandboxRequestRecord>,
): Promise<{ query: Record<string, unknown>; body: unknown }> {
  const query = parseQuery(url.searchParams)
  entry.query = query
  const body = await readBody(request)
  entry.body = body
  return { query, body }
}

async function readBody(request: Request): Promise<unknown> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined
  const text = await request.text()
  if (text === '') return undefined
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return text
  }
  refuseForbiddenKeys(body)
  return body
}

/** Waits `ms` real milliseconds, or rejects with the signal's reason when it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
