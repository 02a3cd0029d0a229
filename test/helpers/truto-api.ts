import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { TrutoToolManager, type TrutoToolManagerOptions } from 'truto-langchainjs-toolset'
import { afterAll, afterEach, beforeAll } from 'vitest'

export const BASE_URL = 'https://truto.test'
export const API_KEY = 'secret-test-token'
export const ACCOUNT_ID = 'acct_1'

/** A manager pointed at the fake API, with these options on top. */
export const testManager = (options: Partial<TrutoToolManagerOptions> = {}) =>
  new TrutoToolManager({ apiKey: API_KEY, baseUrl: BASE_URL, accountId: ACCOUNT_ID, ...options })

/** A request the fake Truto API received. */
export type RecordedCall = {
  method: string
  path: string
  query: URLSearchParams
  headers: Headers
  body: unknown
}

type ProxyReply = (call: RecordedCall) => Response | Promise<Response>

/**
 * A fake Truto API at the network edge: tool definitions are set per test, every request is
 * recorded, and proxy answers default to an echo of what was sent.
 */
export function useTrutoApi() {
  const state = {
    pages: [[]] as unknown[][],
    calls: [] as RecordedCall[],
    proxy: undefined as ProxyReply | undefined,
    tools: undefined as (() => Response) | undefined,
  }
  const record = async (request: Request): Promise<RecordedCall> => {
    const url = new URL(request.url)
    const text = await request.text()
    const call = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    }
    state.calls.push(call)
    return call
  }
  const server = setupServer(
    http.get(`${BASE_URL}/integrated-account/:id/tools`, async ({ request }) => {
      const call = await record(request)
      if (state.tools) return state.tools()
      const index = Number(call.query.get('next_cursor') ?? 0)
      const next = index + 1 < state.pages.length ? String(index + 1) : null
      return HttpResponse.json({ result: state.pages[index] ?? [], next_cursor: next })
    }),
    http.all(`${BASE_URL}/proxy/*`, async ({ request }) => {
      const call = await record(request)
      if (state.proxy) return state.proxy(call)
      return HttpResponse.json({ echo: { method: call.method, path: call.path, body: call.body } })
    }),
  )
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    state.pages = [[]]
    state.calls = []
    state.proxy = undefined
    state.tools = undefined
  })
  afterAll(() => server.close())

  return {
    /** Serves these definitions, one array per page of the tools endpoint. */
    definitions(...pages: unknown[][]) {
      state.pages = pages
    },
    /** Answers the tools endpoint with this response instead. */
    toolsReply(handler: () => Response) {
      state.tools = handler
    },
    /** Answers proxy calls with this function. */
    reply(handler: ProxyReply) {
      state.proxy = handler
    },
    get calls() {
      return state.calls
    },
    get proxyCalls() {
      return state.calls.filter((c) => c.path.startsWith('/proxy/'))
    },
  }
}

/** A definition with sensible defaults, overridden field by field. */
export function definition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'list_all_octapipe_pipeline_cards',
    description: 'List the cards of a pipeline.',
    resource: 'pipeline-cards',
    method: 'list',
    query_schema: { type: 'object', properties: {} },
    body_schema: null,
    required: [],
    tags: ['pipelines'],
    ...overrides,
  }
}

/** A tool call as a model would send it. */
export const toolCall = (name: string, args: Record<string, unknown>, id = 'call_1') => ({
  type: 'tool_call' as const,
  id,
  name,
  args,
})
