import { SandboxHttpError } from '../http-error.js'
import { filterTools, type SandboxTool } from '../integrations/tool-definitions.js'
import { iso } from '../state/clock.js'
import type { SandboxMcpServerConfig } from '../state/mcp-server.js'

/** The fields a create or update may set; an update leaves out what it does not change. */
export type McpServerInput = {
  name?: string
  config?: SandboxMcpServerConfig
  expires_at?: string | null
}

/** Truto refuses an `expires_at` closer to now than this. */
const MIN_EXPIRY_MS = 60_000
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Checks a create (`partial: false`) or update body the way Truto's admin API would; every
 * problem goes into one 400. `config` replaces the whole config and at least one tool must match
 * it; unknown keys (a top-level `require_api_token_auth` among them) are ignored.
 */
export function readMcpServerInput(
  body: unknown,
  tools: readonly SandboxTool[],
  now: number,
  partial: boolean,
): McpServerInput {
  if (!isObject(body)) throw new SandboxHttpError(400, 'The request body must be a JSON object')
  const issues: string[] = []
  const input: McpServerInput = {}

  if (body.name !== undefined || !partial) {
    if (typeof body.name === 'string' && body.name.trim() !== '') input.name = body.name.trim()
    else
      issues.push(body.name === undefined ? 'name is required' : 'name must be a non-empty string')
  }
  if (body.config !== undefined) {
    const config = readConfig(body.config, tools, issues)
    if (config) input.config = config
  } else if (!partial) issues.push('config is required')
  if (body.expires_at !== undefined) {
    const expiresAt = readExpiry(body.expires_at, now, issues)
    if (expiresAt !== undefined) input.expires_at = expiresAt
  }
  if (issues.length) throw new SandboxHttpError(400, issues.join('; '))
  return input
}

function readConfig(
  value: unknown,
  tools: readonly SandboxTool[],
  issues: string[],
): SandboxMcpServerConfig | undefined {
  if (!isObject(value)) {
    issues.push('config must be an object')
    return undefined
  }
  const before = issues.length
  const methods = readList(value.methods, 'config.methods', issues)
  const tags = readList(value.tags, 'config.tags', issues)
  const auth = value.require_api_token_auth
  if (auth !== undefined && typeof auth !== 'boolean')
    issues.push('config.require_api_token_auth must be a boolean')
  if (issues.length > before) return undefined
  if (filterTools(tools, methods ?? [], tags ?? []).length === 0) {
    const shown = (list: string[] | undefined, every: string) =>
      list ? JSON.stringify(list) : `(${every})`
    issues.push(
      `No tool of this integrated account matches config.methods ${shown(methods, 'every method')} and config.tags ${shown(tags, 'every tag')}; at least one tool must match`,
    )
    return undefined
  }
  return {
    ...(methods ? { methods } : {}),
    ...(tags ? { tags } : {}),
    ...(typeof auth === 'boolean' ? { require_api_token_auth: auth } : {}),
  }
}

function readList(value: unknown, field: string, issues: string[]): string[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    issues.push(`${field} must be an array of strings`)
    return undefined
  }
  // an empty list would read as "no filter"; leaving the list out says that plainly
  if (value.length === 0) {
    issues.push(`${field} must not be empty (leave it out to serve every tool)`)
    return undefined
  }
  return [...new Set(value)]
}

function readExpiry(value: unknown, now: number, issues: string[]): string | null | undefined {
  if (value === null) return null
  const time = typeof value === 'string' && DATE_TIME.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(time)) {
    issues.push('expires_at must be an ISO 8601 date-time such as 2025-07-01T00:00:00Z, or null')
    return undefined
  }
  if (time < now + MIN_EXPIRY_MS) {
    issues.push(
      `expires_at must be at least 60 seconds after sandbox time (${iso(now)}); got ${iso(time)}`,
    )
    return undefined
  }
  return iso(time)
}
