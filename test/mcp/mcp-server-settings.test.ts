import {
  isTrutoConfigError,
  isTrutoMcpServerError,
  TrutoMcpServerError,
} from 'truto-langchainjs-toolset'
import { createSandbox, type Sandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { sourceSetup } from '../helpers/tool-sources.js'

const HOUR = 3_600_000

const adminCalls = (sandbox: Sandbox) =>
  sandbox.requests.filter((r) => /\/integrated-account\/[^/]+\/mcp/.test(r.path))

/** A sandbox behind a fetch that changes the body of each admin request before Truto sees it. */
function rewritingFetch(sandbox: Sandbox, rewrite: (body: Record<string, unknown>) => unknown) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    if (/\/integrated-account\/[^/]+\/mcp/.test(url) && typeof init?.body === 'string') {
      const body = rewrite(JSON.parse(init.body) as Record<string, unknown>)
      return sandbox.fetch(input, { ...init, body: JSON.stringify(body) })
    }
    return sandbox.fetch(input, init)
  }
}

// an older Truto read require_api_token_auth at the top level only; this one drops it from config
const dropAuth = (body: Record<string, unknown>) => {
  const { require_api_token_auth: _, ...config } = (body.config ?? {}) as Record<string, unknown>
  return { ...body, config }
}

describe('what Truto answers is what was asked', () => {
  test('a server created without the API-token auth asked for is deleted, and the error names it', async () => {
    const sandbox = createSandbox()
    const { manager } = sourceSetup({ fetch: rewritingFetch(sandbox, dropAuth) }, sandbox)

    const error = await manager.mcpServers
      .create({ name: 'guarded', requireApiTokenAuth: true, accountId: sandbox.accounts.octapipe })
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(TrutoMcpServerError)
    expect(isTrutoMcpServerError(error) && error.settings).toEqual(['requireApiTokenAuth'])
    expect(isTrutoMcpServerError(error) && error.deleted).toBe(true)
    expect(String(error)).toMatch(/without `requireApiTokenAuth`.*deleted/)
    expect(sandbox.state.mcpServers).toHaveLength(0)
  })

  test('an update whose protection is not applied throws instead of returning the server', async () => {
    const sandbox = createSandbox()
    const { manager } = sourceSetup({ fetch: rewritingFetch(sandbox, dropAuth) }, sandbox)
    const account = sandbox.accounts.octapipe
    const server = await manager.mcpServers.create({ name: 'open', accountId: account })

    const error = await manager.mcpServers
      .update(server.id, { requireApiTokenAuth: true }, account)
      .catch((e: unknown) => e)

    expect(isTrutoMcpServerError(error) && error.settings).toEqual(['requireApiTokenAuth'])
    expect(isTrutoMcpServerError(error) && error.serverId).toBe(server.id)
  })

  test('a create that no tool matches says so in those words', async () => {
    const { sandbox, manager } = sourceSetup()

    const error = await manager.mcpServers
      .create({ name: 'x', tags: ['no-such-tag'], accountId: sandbox.accounts.octapipe })
      .catch((e: unknown) => e)

    expect(isTrutoMcpServerError(error) && error.reason).toBe('no-matching-tools')
    expect(String(error)).toMatch(/No tool of integrated account .* matches .*"no-such-tag"/)
    expect(sandbox.state.mcpServers).toHaveLength(0)
  })
})

describe('reading servers as Truto answers them', () => {
  test('get, list and update answer without url and token, and parse', async () => {
    const { sandbox, manager } = sourceSetup()
    const account = sandbox.accounts.octapipe
    const created = await manager.mcpServers.create({ name: 'a', accountId: account })

    const [read, [listed], changed] = [
      await manager.mcpServers.get(created.id, account),
      await manager.mcpServers.list(account),
      await manager.mcpServers.update(created.id, { name: 'b' }, account),
    ]

    expect(created.url).toContain(created.token)
    for (const server of [read, listed, changed]) {
      expect(server).toMatchObject({ id: created.id, accountId: account, url: undefined })
      expect(server?.token).toBeUndefined()
      expect(server?.createdAt).toBeInstanceOf(Date)
    }
    expect(typeof read.createdBy).toBe('string')
  })

  test('getMcpTools on a server from get() says only create() returns its URL', async () => {
    const { sandbox, manager } = sourceSetup()
    const account = sandbox.accounts.octapipe
    const created = await manager.mcpServers.create({ name: 'a', accountId: account })
    const read = await manager.mcpServers.get(created.id, account)

    const error = await manager.getMcpTools(read).catch((e: unknown) => e)

    expect(isTrutoConfigError(error) && error.message).toMatch(/only from mcpServers\.create\(\)/)
  })
})

describe('updates', () => {
  test('changing one config setting keeps the others', async () => {
    const { sandbox, manager } = sourceSetup()
    const account = sandbox.accounts.octapipe
    const server = await manager.mcpServers.create({
      name: 'scoped',
      methods: ['read'],
      tags: ['pipelines'],
      accountId: account,
    })

    const changed = await manager.mcpServers.update(
      server.id,
      { requireApiTokenAuth: true },
      account,
    )

    expect(changed).toMatchObject({
      methods: ['read'],
      tags: ['pipelines'],
      requireApiTokenAuth: true,
    })
    expect(adminCalls(sandbox).at(-1)?.body).toEqual({
      config: { methods: ['read'], tags: ['pipelines'], require_api_token_auth: true },
    })
  })

  test('an update of name or expiry sends no config, and expiresAt null clears the expiry', async () => {
    const { sandbox, manager } = sourceSetup()
    const account = sandbox.accounts.octapipe
    const server = await manager.mcpServers.create({
      name: 'short-lived',
      expiresAt: new Date(Date.now() + HOUR),
      accountId: account,
    })

    const changed = await manager.mcpServers.update(server.id, { expiresAt: null }, account)

    expect(changed.expiresAt).toBeNull()
    expect(adminCalls(sandbox).at(-1)?.body).toEqual({ expires_at: null })
  })

  test('an expiry under 60 s ahead is refused on update before any request', async () => {
    const { sandbox, manager } = sourceSetup()
    const account = sandbox.accounts.octapipe
    const server = await manager.mcpServers.create({ name: 'x', accountId: account })
    const before = adminCalls(sandbox).length

    const error = await manager.mcpServers
      .update(server.id, { expiresAt: new Date(Date.now() + 10_000), methods: ['read'] }, account)
      .catch((e: unknown) => e)

    expect(isTrutoConfigError(error) && error.option).toBe('expiresAt')
    expect(String(error)).toMatch(/at least 60 s/)
    expect(adminCalls(sandbox)).toHaveLength(before)
  })
})
