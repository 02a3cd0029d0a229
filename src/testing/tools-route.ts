import type { RouterContext } from './context.js'
import { integrationOf } from './context.js'
import { jsonResponse, SandboxHttpError } from './http-error.js'
import { paginate } from './paginate.js'
import { listParam, queryText } from './query.js'
import { filterTools } from './tool-definitions.js'

const PAGE = { default: 25, max: 100 }
const trutoFail = (status: number, message: string) => new SandboxHttpError(status, message)

/** `GET /integrated-account/{id}/tools`: the account's tool definitions, filtered and paged. */
export function toolsRoute(
  context: RouterContext,
  account: string,
  query: Readonly<Record<string, unknown>>,
  headers: Record<string, string>,
): Response {
  const integration = integrationOf(context.accounts, account)
  if (!integration) throw trutoFail(404, `Integrated account "${account}" not found`)
  const tools = filterTools(
    context.tools.get(integration) ?? [],
    listParam(query.methods),
    listParam(query.tags),
  )
  const limit = Number(queryText(query.limit))
  const pageQuery = { ...query, limit: Number.isInteger(limit) && limit > 0 ? limit : undefined }
  return jsonResponse(200, paginate(tools, pageQuery, PAGE, trutoFail), headers)
}
