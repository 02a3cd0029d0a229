import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type BenchServerOptions = {
  /** Requests allowed per window. */
  readonly limit: number
  readonly windowMs: number
}

/** What the server saw: proxy requests, and how many it refused with 429. */
export type BenchStats = { requests: number; refused: number }

/** One proxy request: when it arrived (`performance.now()`) and the status it was answered with. */
export type BenchRequest = { readonly at: number; readonly status: number }

const TOOL = {
  name: 'list_all_bench_items',
  description: 'List the bench items.',
  resource: 'items',
  method: 'list',
  query_schema: { type: 'object', properties: {} },
  body_schema: null,
  required: [],
}

/**
 * A Truto double on 127.0.0.1 for one benchmark run: a fixed-window limit (windows start at the
 * first proxy request) with the `ratelimit-*` headers Truto forwards, 429 beyond the limit.
 */
export async function startBenchServer(options: BenchServerOptions) {
  const stats: BenchStats = { requests: 0, refused: 0 }
  const log: BenchRequest[] = []
  let firstAt: number | undefined
  const used = new Map<number, number>()

  const limited = (response: ServerResponse): boolean => {
    const now = performance.now()
    firstAt ??= now
    const window = Math.floor((now - firstAt) / options.windowMs)
    const count = (used.get(window) ?? 0) + 1
    used.set(window, count)
    const endsIn = firstAt + (window + 1) * options.windowMs - now
    // whole seconds, rounded up, as real upstreams send them
    response.setHeader('ratelimit-limit', options.limit)
    response.setHeader('ratelimit-remaining', Math.max(0, options.limit - count))
    response.setHeader('ratelimit-reset', Math.ceil(endsIn / 1000))
    // the same instant the window was chosen by: bucketed from the first, the chart's windows are these
    log.push({ at: now, status: count > options.limit ? 429 : 200 })
    return count > options.limit
  }

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    if (!request.headers.authorization?.startsWith('Bearer '))
      return json(401, { message: 'No token' })
    if (/^\/integrated-account\/[^/]+\/tools$/.test(url.pathname)) {
      return json(200, { result: [TOOL], next_cursor: null })
    }
    if (url.pathname === '/proxy/items') {
      stats.requests++
      if (limited(response)) {
        stats.refused++
        return json(429, { statusCode: 429, error: 'Too Many Requests', message: 'Rate limited' })
      }
      return json(200, { result: [{ id: '1', name: 'one' }], next_cursor: null })
    }
    json(404, { statusCode: 404, error: 'Not Found', message: url.pathname })
  }

  const server = createServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stats,
    /** Every proxy request in arrival order, for the bench's chart. */
    log: log as readonly BenchRequest[],
    /** Stops the server and drops kept-alive sockets, so the process can exit. */
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
