import { inspect } from 'node:util'
import {
  isTrutoApiError,
  isTrutoConfigError,
  type TrutoToolManager,
} from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { type SourceSetup, sourceSetup } from '../helpers/tool-sources.js'

const HOUR = 3_600_000

function provisioning(): SourceSetup & { account: string } {
  const setup = sourceSetup()
  return { ...setup, account: setup.sandbox.accounts.octapipe }
}

const adminRequests = (setup: SourceSetup) =>
  setup.sandbox.requests.filter((r) => /\/integrated-account\/[^/]+\/mcp/.test(r.path))

describe('manager.mcpServers', () => {
  test('create answers in camelCase with dates, and sends Truto’s snake_case', async () => {
    const setup = provisioning()
    const expiresAt = new Date(Date.now() + HOUR)

    const server = await setup.manager.mcpServers.create({
      name: 'Pipeline agent',
      methods: ['read', 'write'],
      tags: ['pipelines'],
      expiresAt,
      requireApiTokenAuth: true,
      accountId: setup.account,
    })

    expect(server).toMatchObject({
      name: 'Pipeline agent',
      accountId: setup.account,
      methods: ['read', 'write'],
      tags: ['pipelines'],
      requireApiTokenAuth: true,
    })
    expect(server.expiresAt?.toISOString()).toBe(expiresAt.toISOString())
    expect(server.createdAt).toBeInstanceOf(Date)
    expect(server.url).toContain(server.token)
    expect(adminRequests(setup)[0]?.body).toEqual({
      name: 'Pipeline agent',
      config: { methods: ['read', 'write'], tags: ['pipelines'], require_api_token_auth: true },
      expires_at: expiresAt.toISOString(),
    })
  })

  test('list, get, update and delete round trip', async () => {
    const setup = provisioning()
    const servers = setup.manager.mcpServers
    const a = await servers.create({ name: 'a', accountId: setup.account })
    const b = await servers.create({ name: 'b', accountId: setup.account })

    const listed = await servers.list(setup.account)
    const changed = await servers.update(a.id, { methods: ['read'] }, setup.account)
    const read = await servers.get(a.id, setup.account)
    await servers.delete(b.id, setup.account)
    const gone = await servers.get(b.id, setup.account).catch((e: unknown) => e)

    expect(listed.map((s) => s.name).sort()).toEqual(['a', 'b'])
    expect(listed.find((s) => s.id === a.id)).toMatchObject({ url: undefined, token: undefined })
    expect(changed.methods).toEqual(['read'])
    expect(read.methods).toEqual(['read'])
    expect(isTrutoApiError(gone) && gone.status).toBe(404)
    expect((await servers.list(setup.account)).map((s) => s.id)).toEqual([a.id])
  })

  test.each([
    ['name', { name: '  ' }],
    ['methods', { name: 'x', methods: ['reads'] }],
    ['methods', { name: 'x', methods: ['Read'] }],
    ['tags', { name: 'x', tags: [''] }],
    ['expiresAt', { name: 'x', expiresAt: new Date(Date.now() - 1000) }],
    ['expiresAt', { name: 'x', expiresAt: new Date(Date.now() + 30_000) }],
    ['expiresAt', { name: 'x', expiresAt: new Date('not a date') }],
  ])('bad %s is refused before any request, naming the field', async (field, options) => {
    const setup = provisioning()

    const error = await setup.manager.mcpServers
      .create({ ...options, accountId: setup.account } as never)
      .catch((e: unknown) => e)

    expect(isTrutoConfigError(error) && error.option).toBe(field)
    expect(String((error as Error).message)).toContain(`\`${field}\``)
    expect(adminRequests(setup)).toHaveLength(0)
  })

  test('an update with nothing to change, or a hostile id, is refused before any request', async () => {
    const setup = provisioning()
    const servers = setup.manager.mcpServers

    const empty = await servers.update('mcp_1', {}, setup.account).catch((e: unknown) => e)
    const hostile = await servers.get('../../tools', setup.account).catch((e: unknown) => e)

    expect(isTrutoConfigError(empty)).toBe(true)
    expect(isTrutoConfigError(hostile) && hostile.option).toBe('id')
    expect(adminRequests(setup)).toHaveLength(0)
  })

  test('the accountId defaults to the manager’s, as for getTools', async () => {
    const base = sourceSetup()
    const manager: TrutoToolManager = sourceSetup(
      { accountId: base.sandbox.accounts.gumloop },
      base.sandbox,
    ).manager

    const server = await manager.mcpServers.create({ name: 'default account' })

    expect(server.accountId).toBe(base.sandbox.accounts.gumloop)
  })

  test('the URL and token never show in console.log, warnings or errors', async () => {
    const setup = provisioning()
    const server = await setup.manager.mcpServers.create({ name: 'x', accountId: setup.account })
    await setup.manager.mcpServers.delete(server.id, setup.account)

    const error = await setup.manager.getMcpTools(server).catch((e: unknown) => e)

    expect(inspect(server)).not.toContain(server.token)
    expect(String(error)).toMatch(/expired or was deleted|not found/)
    expect(inspect(error, { depth: 10 })).not.toContain(server.token)
    expect(setup.warnings.join('\n')).not.toContain(server.token)
  })
})
