import type { SandboxHttpError } from '../http-error.js'
import type { JsonSchema } from './json-schema.js'

/** What a handler sees of one proxy call, already decoded, coerced and validated. */
export type ProxyCall<S> = {
  readonly state: S
  /** The record id: the decoded path segment for get/update/delete, the `id` query for custom methods. */
  readonly id: string | undefined
  readonly query: Readonly<Record<string, unknown>>
  readonly body: Readonly<Record<string, unknown>>
  readonly now: number
  readonly env: SandboxEnv
}

/** Services the sandbox lends to handlers. */
export type SandboxEnv = {
  /** Origin the request arrived on, so links point back at the same server. */
  readonly origin: string
  /** 1, 2, 3… per `kind`: a deterministic sequence for ids of records created at run time. */
  next(kind: string): number
  /** A signed download URL for an artifact, valid for the configured TTL. */
  signArtifactUrl(artifactId: string): { url: string; expiresAt: number }
}

export type Reply = { readonly status: number; readonly body: unknown }

export const ok = (body: unknown): Reply => ({ status: 200, body })
export const created = (body: unknown): Reply => ({ status: 201, body })
export const accepted = (body: unknown): Reply => ({ status: 202, body })

/** One method of a resource: its schemas (the tool definition is generated from them) and handler. */
export type MethodSpec<S> = {
  /** `list`, `get`, `create`, `update`, `delete`, or a custom method name. */
  readonly method: string
  readonly description: string
  readonly query?: JsonSchema
  readonly body?: JsonSchema
  /** Custom methods that act on one record take its `id` in the query. */
  readonly takesId?: boolean
  handle(call: ProxyCall<S>): Reply
}

export type ResourceSpec<S> = {
  /** Proxy resource name, kebab-case: `pipeline-cards`. */
  readonly resource: string
  /** Singular snake_case noun for tool names: `pipeline_card`. */
  readonly singular: string
  readonly tags: readonly string[]
  /** Schema of the record id, with a description that says which tool returns it. */
  readonly id?: JsonSchema
  readonly methods: readonly MethodSpec<S>[]
}

export type IntegrationSpec<S> = {
  readonly name: string
  readonly resources: readonly ResourceSpec<S>[]
  /** Default and maximum page size of list methods. */
  readonly page: { readonly default: number; readonly max: number }
  /** An error the integration itself raised, with its own body under `raw_response`. */
  fail(status: number, message: string, field?: string): SandboxHttpError
  /** Brings time-driven state up to `now` (Gumloop sessions progress this way). */
  tick?(state: S, now: number, env: SandboxEnv): void
}
