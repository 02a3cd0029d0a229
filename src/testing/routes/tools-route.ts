import type { RouterContext } from '../context.js'
import { jsonResponse, SandboxHttpError } from '../http-error.js'
import { filterTools, type SandboxTool } from '../integrations/tool-definitions.js'
import { paginate } from './paginate.js'
import { listParam, queryText } from './query.js'

const PAGE = { default: 25, max: 100 }
const trutoFail = (status: number, message: string) => new SandboxHttpError(status, message)

/**
 * `GET /integrated-account/{id}/tools`: the account's tool definitions, filtered and paged, as
 * `{ results, next_cursor }`; `has_description=false` also lists tools without a description.
 */
export function toolsRoute(
  context: RouterContext,
  account: string,
  query: Readonly<Record<string, unknown>>,
  headers: Record<string, string>,
): Response {
  const integration = context.integrationOf(account)
  if (!integration) throw trutoFail(404, `Integrated account "${account}" not found`)
  const described = hasDescription(query.has_description)
  const tools = filterTools(
    context.tools.get(integration) ?? [],
    listParam(query.methods),
    listParam(query.tags),
  ).filter((tool) => !described || isDescribed(tool))
  const limit = Number(queryText(query.limit))
  const pageQuery = { ...query, limit: Number.isInteger(limit) && limit > 0 ? limit : undefined }
  const page = paginate(tools, pageQuery, PAGE, trutoFail)
  return jsonResponse(200, { results: page.result, next_cursor: page.next_cursor }, headers)
}

const isDescribed = (tool: SandboxTool) =>
  typeof tool.description === 'string' && tool.description.trim() !== ''

function hasDescription(value: unknown): boolean {
  const text = queryText(value)
  if (text === undefined || text === 'true') return true
  if (text === 'false') return false
  throw trutoFail(400, 'has_description must be true or false')
}
