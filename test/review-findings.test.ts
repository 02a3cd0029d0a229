import { HttpResponse } from 'msw'
import { isTrutoMcpServerError, TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox, type Sandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { tieredTruto } from './helpers/tiered-truto.js'
import { sourceSetup } from './helpers/tool-sources.js'

// findings of an outside review of the MCP, tiers and redaction code, each as a user would meet it

const call = (tool: { name: string; invoke: (input: never) => Promise<unknown> }, id = 'c1') =>
  tool.invoke({ type: 'tool_call', id, name: tool.name, args: {} } as never) as Promise<{
    status?: string
    content: unknown
  }>

describe('Truto tiers', () => {
  test('a 429 from an MCP server on another origin closes no Truto tier', async () => {
    const truto = tieredTruto(1000, 1000, 10_000)
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input instanceof Request ? input.url : input))
      if (url.origin === 'https://elsewhere.example')
        return new Response('slow down', { status: 429, headers: { 'retry-after': '86400' } })
      return truto.fetch(input, init)
    }
    const manager = new TrutoToolManager({
      apiKey: 'review-api-token-0123456789abcdef',
      baseUrl: 'https://api.truto.test',
      fetch,
      totalTimeoutMs: 3_000,
    })
    const [tool] = await manager.getTools('acct_a')
    if (!tool) throw new Error('no tool')

    const refused = await manager.getMcpTools('https://elsewhere.example/mcp/abc').catch((e) => e)
    // a closed token tier would hold this call past its 3 s total deadline: a timeout, not a success
    const message = await call(tool)

    expect(String(refused)).not.toMatch(/by Truto/)
    expect(message.status).toBe('success')
  })

  test('an account that fills its own tier does not hold other accounts', async () => {
    const truto = tieredTruto(1000, 5, 250)
    const manager = new TrutoToolManager({
      apiKey: 'review-api-token-0123456789abcdef',
      baseUrl: 'https://api.truto.test',
      fetch: truto.fetch,
      trutoLimits: {
        perToken: { limit: 1000, windowMs: 1_000 },
        perAccount: { limit: 5, windowMs: 250 },
      },
    })
    const [noisy] = await manager.getTools('acct_noisy')
    const [quiet] = await manager.getTools('acct_quiet')
    if (!noisy || !quiet) throw new Error('no tool')

    const loud = Promise.all(Array.from({ length: 20 }, (_, i) => call(noisy, `n${i}`)))
    await new Promise((resolve) => setTimeout(resolve, 30))
    await Promise.all([call(quiet, 'q1'), call(quiet, 'q2')])
    const quietDone = truto.stats.finished.length
    await loud

    // the quiet calls went out in the noisy account's first window, not after its last
    expect(quietDone).toBeLessThanOrEqual(8)
    expect(truto.stats.rejected).toBe(0)
  })
})

describe('MCP admin answers', () => {
  /** The sandbox behind a fetch that rewrites admin answers or requests. */
  function rewriting(sandbox: Sandbox, rewrite: (request: Request, body: unknown) => unknown) {
    return async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      if (!/\/integrated-account\/[^/]+\/mcp/.test(new URL(request.url).pathname))
        return sandbox.fetch(request)
      const text = await request.clone().text()
      const changed = rewrite(request, text ? JSON.parse(text) : undefined)
      const body = changed === undefined ? undefined : JSON.stringify(changed)
      const answer = await sandbox.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(body === undefined ? {} : { body }),
      })
      if (request.method !== 'GET' || answer.status !== 200) return answer
      const data = (await answer.json()) as { result?: Record<string, unknown>[] }
      // a hostile list answer carries "secrets" that are ordinary words
      for (const server of data.result ?? []) {
        server.token = 'pipeline'
        server.url = `${sandbox.baseUrl}/mcp/description`
      }
      return HttpResponse.json(data)
    }
  }

  test('secrets are learned from create alone: a list answer cannot make words vanish', async () => {
    const sandbox = createSandbox()
    const { manager } = sourceSetup({ fetch: rewriting(sandbox, (_, body) => body) }, sandbox)
    const account = sandbox.accounts.octapipe
    await manager.mcpServers.create({ name: 'x', accountId: account })
    const [tool] = (await manager.getTools(account)).filter(
      (t) => t.name === 'list_all_octapipe_pipelines',
    )
    if (!tool) throw new Error('no tool')

    const listed = await manager.mcpServers.list(account)
    const message = await call(tool)

    expect(listed[0]?.token).toBeUndefined()
    expect(String(message.content)).toContain('"description"')
    expect(String(message.content)).not.toContain('[redacted]')
  })

  test('an update that drops a protection it was not asked to change throws', async () => {
    const sandbox = createSandbox()
    const dropAuth = (request: Request, body: unknown) => {
      if (request.method !== 'PATCH') return body
      const { config = {}, ...rest } = body as { config?: Record<string, unknown> }
      const { require_api_token_auth: _, ...kept } = config
      return { ...rest, config: kept }
    }
    const { manager } = sourceSetup({ fetch: rewriting(sandbox, dropAuth) }, sandbox)
    const account = sandbox.accounts.octapipe
    const server = await manager.mcpServers.create({
      name: 'guarded',
      requireApiTokenAuth: true,
      accountId: account,
    })

    const error = await manager.mcpServers
      .update(server.id, { tags: ['pipelines'] }, account)
      .catch((e: unknown) => e)

    expect(isTrutoMcpServerError(error) && error.settings).toEqual(['requireApiTokenAuth'])
  })
})
