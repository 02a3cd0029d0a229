/** One JSON-RPC message as a client sends it. */
export type Rpc = {
  readonly jsonrpc?: string
  readonly method?: string
  readonly id?: number | string
  readonly params?: Record<string, unknown>
  readonly result?: unknown
  readonly error?: unknown
}

/** One POST the server received: where, with which credential, and what. */
export type McpPost = {
  readonly url: string
  readonly authorization: string | null
  readonly body: Rpc | Rpc[]
}

const INITIALIZED = {
  protocolVersion: '2025-06-18',
  capabilities: { tools: {} },
  serverInfo: { name: 'edge', version: '1' },
}

/**
 * An MCP server written by hand at the fetch edge, so a test can answer what a real server never
 * would: each request is answered with `answer`'s result, or with the Response it returns as is.
 */
export function mcpEdge(
  answer: (rpc: Rpc, url: URL) => unknown | Response | Promise<unknown | Response>,
) {
  const posts: McpPost[] = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    if (request.method !== 'POST') return new Response(null, { status: 405 })
    const body = (await request.json()) as Rpc | Rpc[]
    posts.push({ url: request.url, authorization: request.headers.get('authorization'), body })
    if (Array.isArray(body) || body.id === undefined || body.method === undefined) {
      return new Response(null, { status: 202 })
    }
    if (body.method === 'initialize') {
      return Response.json({ jsonrpc: '2.0', id: body.id, result: INITIALIZED })
    }
    const result = await answer(body, new URL(request.url))
    if (result instanceof Response) return result
    return Response.json({ jsonrpc: '2.0', id: body.id, result })
  }
  /** The requests of one method, e.g. `tools/call`. */
  const requests = (method: string) =>
    posts.filter((post) => !Array.isArray(post.body) && post.body.method === method)
  return { fetch, posts, requests }
}

/** A `tools/list` answer of these tools, and an empty success for every other request. */
export const listing =
  (tools: unknown[]) =>
  (rpc: Rpc): unknown =>
    rpc.method === 'tools/list' ? { tools } : { content: [{ type: 'text', text: '{"ok":true}' }] }
