import { TrutoConfigError } from '../errors/errors.js'
import { segmentProblem } from '../safety/request-path.js'
import type { TrutoMcpServer } from './mcp-servers.js'

/**
 * The URL of an MCP server given as a server from `mcpServers.create` or its URL. On the API's
 * own origin, where MCP messages carry the API token, only `<baseUrl>/mcp/<one token segment>`
 * is accepted: any other path there (`/proxy/…`, another account's admin API) would receive the
 * team's token with bodies the model shaped. Other origins never get the token.
 */
export function mcpServerUrl(server: TrutoMcpServer | string, baseUrl: URL): URL {
  if (typeof server === 'object' && server !== null && server.url === undefined) {
    throw new TrutoConfigError(
      'server',
      'This MCP server has no URL: Truto returns it only from mcpServers.create(), not from get, list or update. Keep the server (or its url) that create() returned.',
    )
  }
  const url = parseHttpUrl(typeof server === 'string' ? server : server?.url)
  if (url.origin !== baseUrl.origin) return url
  let base = baseUrl.pathname
  // a loop, not a regex: /\/+$/ is quadratic on a run of slashes
  while (base.endsWith('/')) base = base.slice(0, -1)
  const prefix = `${base}/mcp/`
  const token = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : ''
  if (token === '' || token.includes('/') || segmentProblem(token) || url.search !== '') {
    // the URL holds a credential, so it is never quoted
    throw new TrutoConfigError(
      'server',
      `An MCP server URL on the Truto API's origin must be \`${base}/mcp/<token>\` with no query: this one points elsewhere on that origin, which would receive the API token with every MCP message. Pass the url that mcpServers.create() returned.`,
    )
  }
  return url
}

function parseHttpUrl(text: string | undefined): URL {
  try {
    const url = new URL(String(text))
    if (url.protocol === 'https:' || url.protocol === 'http:') return url
  } catch {
    // reported below, without the URL: it holds the server's token
  }
  throw new TrutoConfigError(
    'server',
    'An MCP server must be given as a server object or its http(s) URL.',
  )
}
