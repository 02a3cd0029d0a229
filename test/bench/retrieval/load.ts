// Loads benchmark catalogues through the public manager, as an account's tools would load.
import { type TrutoTool, TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import type { Definition } from './catalogue.js'

const PAGE = 500

/** A manager whose account lists `definitions` on the tools endpoint, paged as Truto pages. */
export function managerServing(definitions: readonly Definition[]): TrutoToolManager {
  const fetch = async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const page = Number(url.searchParams.get('next_cursor') ?? 0)
    const next = (page + 1) * PAGE < definitions.length ? String(page + 1) : null
    return Response.json({
      result: definitions.slice(page * PAGE, (page + 1) * PAGE),
      next_cursor: next,
    })
  }
  return new TrutoToolManager({
    apiKey: 'bench-token',
    baseUrl: 'https://truto.bench',
    accountId: 'bench-account',
    fetch,
    // more tools than a provider binds is the point here
    onWarning: () => {},
  })
}

// Truto's listing of one account keeps at most this many tools
const ACCOUNT_TOOLS = 5_000

/** The tools of `definitions`, loaded as accounts of at most 5,000 tools each and pooled. */
export async function loadTools(definitions: readonly Definition[]): Promise<TrutoTool[]> {
  const accounts: Promise<TrutoTool[]>[] = []
  for (let start = 0; start < definitions.length; start += ACCOUNT_TOOLS) {
    accounts.push(managerServing(definitions.slice(start, start + ACCOUNT_TOOLS)).getTools())
  }
  return (await Promise.all(accounts)).flat()
}

/** The sandbox's three accounts, their tools pooled into one catalogue. */
export async function sandboxTools(): Promise<TrutoTool[]> {
  const sandbox = createSandbox()
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
  })
  const tools = await Promise.all(Object.values(sandbox.accounts).map((id) => manager.getTools(id)))
  return tools.flat()
}
