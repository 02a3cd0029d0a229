// A Truto double written only from ../shared/truto-api.md (Truto's reference and truto-skills),
// never from the sandbox: where the two disagree, the contract suite shows which one the library
// was written against. Small on purpose: one account, three tools, the documented answers.

export type AccountStatus = 'active' | 'blocked' | 'sandbox' | 'needs-reauth'

type Server = {
  id: string
  name: string
  config: Record<string, unknown>
  integrated_account_id: string
  created_by: string
  expires_at: string | null
  created_at: string
  updated_at: string
  token: string
}

const TOOLS = [
  {
    name: 'list_all_octapipe_pipeline_cards',
    description: 'List the cards of a pipeline.',
    resource: 'pipeline-cards',
    method: 'list',
    query_schema: { type: 'object', properties: { limit: { type: 'string' } } },
    body_schema: null,
    required: [],
    tags: ['pipelines', 'cards'],
  },
  {
    name: 'delete_a_octapipe_pipeline_card_by_id',
    description: 'Delete a card.',
    resource: 'pipeline-cards',
    method: 'delete',
    query_schema: { type: 'object', properties: { id: { type: 'string' } } },
    body_schema: null,
    required: ['id'],
    tags: ['pipelines', 'cards'],
  },
  {
    name: 'list_all_octapipe_users',
    description: '',
    resource: 'users',
    method: 'list',
    query_schema: null,
    body_schema: null,
    required: [],
    tags: ['users'],
  },
]

const KINDS: Record<string, string> = {
  get: 'read',
  list: 'read',
  create: 'write',
  update: 'write',
}
const kindOf = (method: string) => KINDS[method] ?? (method === 'delete' ? 'write' : 'custom')

const error = (status: number, name: string, message: string, extra = {}, headers = {}) =>
  Response.json({ statusCode: status, error: name, message, ...extra }, { status, headers })

/** The documented Truto: `fetch` answers as the reference says, for one account. */
export function documentedTruto() {
  const baseUrl = 'https://documented.truto.test'
  const apiKey = 'documented-api-key'
  const accountId = 'acct_documented_1'
  const servers: Server[] = []
  let status: AccountStatus = 'active'
  let limited: 'truto' | 'provider' | undefined
  let ids = 0

  const matches = (config: Record<string, unknown>) =>
    TOOLS.filter((tool) => {
      const methods = config.methods as string[] | undefined
      const tags = config.tags as string[] | undefined
      const methodOk =
        !methods?.length || methods.some((m) => m === tool.method || m === kindOf(tool.method))
      return methodOk && (!tags?.length || tags.some((tag) => tool.tags.includes(tag)))
    })

  // get and list never return token and url
  const shown = ({ token: _, ...server }: Server) => server

  function admin(
    method: string,
    id: string | undefined,
    body: Record<string, unknown>,
    now: number,
  ) {
    const expiry = body.expires_at
    if (typeof expiry === 'string' && Date.parse(expiry) < now + 60_000)
      return error(400, 'Bad Request', 'expires_at must be at least 60 seconds in the future')
    if (id === undefined && method === 'GET')
      return Response.json({ result: servers.map(shown), next_cursor: null })
    if (id === undefined && method === 'POST') {
      if (typeof body.name !== 'string' || typeof body.config !== 'object' || !body.config)
        return error(400, 'Bad Request', 'name and config are required')
      const config = body.config as Record<string, unknown>
      if (matches(config).length === 0)
        return error(400, 'Bad Request', 'No tools match the given methods and tags')
      const at = new Date(now).toISOString()
      const server: Server = {
        id: `mcp_${++ids}`,
        name: body.name,
        config,
        integrated_account_id: accountId,
        created_by: 'user_documented',
        expires_at: typeof expiry === 'string' ? new Date(expiry).toISOString() : null,
        created_at: at,
        updated_at: at,
        token: `tok${ids}${'x'.repeat(40)}`,
      }
      servers.push(server)
      return Response.json(
        { ...shown(server), token: server.token, url: `${baseUrl}/mcp/${server.token}` },
        { status: 201 },
      )
    }
    const server = servers.find((candidate) => candidate.id === id)
    if (!server) return error(404, 'Not Found', 'MCP token not found')
    if (method === 'GET') return Response.json(shown(server))
    if (method === 'DELETE') {
      servers.splice(servers.indexOf(server), 1)
      return new Response(null, { status: 204 })
    }
    if (method === 'PATCH') {
      if (body.config !== undefined) {
        if (matches(body.config as Record<string, unknown>).length === 0)
          return error(400, 'Bad Request', 'No tools match the given methods and tags')
        server.config = body.config as Record<string, unknown>
      }
      if (typeof body.name === 'string') server.name = body.name
      if (expiry !== undefined) server.expires_at = expiry === null ? null : String(expiry)
      server.updated_at = new Date(now).toISOString()
      return Response.json(shown(server))
    }
    return error(405, 'Method Not Allowed', '')
  }

  function proxy(method: string) {
    if (status === 'blocked') return error(503, 'Service Unavailable', 'Account blocked')
    if (status === 'needs-reauth')
      return error(401, 'Unauthorized', '', {
        truto_is_remote_error: true,
        raw_response: { error: 'invalid_grant' },
      })
    if (status === 'sandbox' && method !== 'GET') return error(405, 'Method Not Allowed', '')
    const limit = limited
    limited = undefined
    if (limit === 'truto')
      return error(429, 'Too Many Requests', 'Too many requests', {}, { 'retry-after': '10' })
    if (limit === 'provider')
      return error(
        429,
        'Too Many Requests',
        '',
        { truto_is_remote_error: true, raw_response: { message: 'slow down' } },
        {
          'retry-after': '30',
          'ratelimit-limit': '10',
          'ratelimit-remaining': '0',
          'ratelimit-reset': '30',
        },
      )
    if (method === 'DELETE') return Response.json({ id: 'card_1' })
    const result = [{ id: 'card_1', title: 'Call the customer' }]
    return Response.json({
      result,
      next_cursor: null,
      prev_cursor: null,
      result_count: result.length,
      is_partial_response: false,
    })
  }

  async function fetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(String(input instanceof Request ? input.url : input))
    const method = (init.method ?? 'GET').toUpperCase()
    const auth = new Headers(init.headers).get('authorization')
    if (auth !== `Bearer ${apiKey}`) return error(401, 'Unauthorized', 'Invalid API token')
    const body =
      typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {}
    const parts = url.pathname.split('/').filter(Boolean)
    if (parts[0] === 'proxy') {
      if (url.searchParams.get('integrated_account_id') !== accountId)
        return error(404, 'Not Found', 'Integrated account not found')
      return proxy(method)
    }
    if (parts[0] !== 'integrated-account' || parts[1] !== accountId)
      return error(404, 'Not Found', 'Not found')
    if (parts[2] === 'tools' && method === 'GET') {
      const described = url.searchParams.get('has_description') !== 'false'
      const results = TOOLS.filter((tool) => !described || tool.description)
      return Response.json({ results, next_cursor: null })
    }
    if (parts[2] === 'mcp') return admin(method, parts[3], body, Date.now())
    return error(404, 'Not Found', 'Not found')
  }

  return {
    baseUrl,
    apiKey,
    accountId,
    fetch,
    /** The MCP servers the double holds. */
    serverCount: () => servers.length,
    setAccountStatus(next: AccountStatus) {
      status = next
    },
    /** The next proxy request answers Truto's own 429 or the provider's. */
    rateLimitNext(from: 'truto' | 'provider') {
      limited = from
    },
  }
}
