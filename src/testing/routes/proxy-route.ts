import { isCrudMethod, methodTraits } from '../../basics/methods.js'
import type { RouterContext } from '../context.js'
import { jsonResponse, SandboxHttpError } from '../http-error.js'
import { coerce, type JsonSchema, validate } from '../integrations/json-schema.js'
import type { IntegrationSpec, MethodSpec, Reply, ResourceSpec } from '../integrations/resource.js'
import { querySchemaOf } from '../integrations/tool-definitions.js'
import { INTEGRATIONS, type IntegrationName } from '../state/state.js'
import { queryText } from './query.js'

export type ProxyRequest = {
  readonly integration: IntegrationName
  /** The integrated account whose data the call reads and changes. */
  readonly account: string
  readonly httpMethod: string
  /** Decoded path segments after `/proxy/`: resource, then id or custom method. */
  readonly segments: readonly string[]
  readonly query: Readonly<Record<string, unknown>>
  readonly body: unknown
  readonly origin: string
}

/** Which method a proxy request calls: the verb and the path shape decide. */
function methodName(httpMethod: string, rest: string | undefined): string | undefined {
  if (httpMethod === 'GET') return rest === undefined ? 'list' : 'get'
  if (httpMethod === 'POST')
    return rest === undefined ? 'create' : isCrudMethod(rest) ? undefined : rest
  if (httpMethod === 'PATCH' && rest !== undefined) return 'update'
  if (httpMethod === 'DELETE' && rest !== undefined) return 'delete'
  return undefined
}

// the path carries the id of get/update/delete, so the query is checked without it
function queryForValidation(schema: JsonSchema | null, spec: MethodSpec<unknown>): JsonSchema {
  if (!schema) return { type: 'object' }
  if (!methodTraits(spec.method).idInPath) return schema
  const { id: _, ...properties } = schema.properties as Record<string, unknown>
  const required = (schema.required as string[] | undefined)?.filter((name) => name !== 'id')
  return { ...schema, properties, required: required ?? [] }
}

/** `/proxy/{resource}[/{id or method}]`: validates the call and runs the integration's handler. */
export function proxyRoute(
  context: RouterContext,
  request: ProxyRequest,
  headers: Record<string, string>,
): Response {
  const integration = INTEGRATIONS[request.integration] as IntegrationSpec<unknown>
  const [resourceName, rest, ...extra] = request.segments
  const resource = integration.resources.find((r) => r.resource === resourceName) as
    | ResourceSpec<unknown>
    | undefined
  if (!resource) {
    throw new SandboxHttpError(
      404,
      `Resource "${resourceName}" is not available for ${integration.name}`,
    )
  }
  const name = extra.length ? undefined : methodName(request.httpMethod, rest)
  const spec = resource.methods.find((m) => m.method === name)
  if (!spec) {
    const path = request.segments.map(encodeURIComponent).join('/')
    // the collection or a record of a resource Truto knows, asked with a verb it does not take
    if (!extra.length && (name === undefined || isCrudMethod(name))) {
      throw new SandboxHttpError(405, `${request.httpMethod} is not allowed on /proxy/${path}`)
    }
    throw new SandboxHttpError(
      404,
      `${request.httpMethod} ${path} is not a method of ${integration.name} ${resource.resource}`,
    )
  }

  const reply = callMethod(context, {
    integration: request.integration,
    account: request.account,
    resource,
    spec,
    pathId: rest,
    query: request.query,
    body: request.body,
    origin: request.origin,
  })
  return jsonResponse(
    reply.status,
    spec.method === 'list' ? listEnvelope(reply.body) : reply.body,
    headers,
  )
}

// Truto answers every list in one shape, whatever the provider's paging
function listEnvelope(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('result' in body)) return body
  const { result } = body as { result: unknown }
  if (!Array.isArray(result)) return body
  return {
    prev_cursor: null,
    ...body,
    result_count: result.length,
    is_partial_response: false,
  }
}

/** One call of a method, from the proxy or an MCP tool; query values may still be text. */
export type MethodCall = {
  readonly integration: IntegrationName
  /** The integrated account whose data the call reads and changes. */
  readonly account: string
  readonly resource: ResourceSpec<unknown>
  readonly spec: MethodSpec<unknown>
  /** The record id of get, update and delete. */
  readonly pathId: string | undefined
  readonly query: Readonly<Record<string, unknown>>
  readonly body: unknown
  readonly origin: string
}

/** Coerces and validates a call like the proxy does, then runs the integration's handler. */
export function callMethod(context: RouterContext, call: MethodCall): Reply {
  const integration = INTEGRATIONS[call.integration] as IntegrationSpec<unknown>
  const { resource, spec } = call
  const schema = querySchemaOf(integration, resource, spec)
  const { integrated_account_id: _, ...rawQuery } = call.query
  const query = coerce(schema ?? {}, rawQuery) as Record<string, unknown>
  const traits = methodTraits(spec.method)
  const body = traits.sendsBody ? bodyObject(call.body) : {}
  const issues = [
    ...validate(queryForValidation(schema, spec), query),
    ...(spec.body ? validate(spec.body, body) : []),
  ]
  if (issues.length) throw integration.fail(400, issues.join('; '))

  const state = context.accountState(call.integration, call.account)
  const id = traits.idInPath ? call.pathId : queryText(query.id)
  return spec.handle({
    state,
    id,
    query,
    body,
    now: context.clock.now(),
    env: context.env(call.origin, call.account),
  })
}

/** The resource and method a tool definition names, if the integration has them. */
export function findMethod(
  integration: IntegrationName,
  resourceName: string,
  method: string,
): { resource: ResourceSpec<unknown>; spec: MethodSpec<unknown> } | undefined {
  const owner = INTEGRATIONS[integration] as IntegrationSpec<unknown>
  const resource = owner.resources.find((r) => r.resource === resourceName)
  const found = resource?.methods.find((m) => m.method === method)
  return resource && found ? { resource, spec: found } : undefined
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {}
  if (typeof body === 'object' && body !== null && !Array.isArray(body))
    return body as Record<string, unknown>
  throw new SandboxHttpError(400, 'The request body must be a JSON object')
}
