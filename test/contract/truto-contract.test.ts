import {
  isTrutoApiError,
  isTrutoConfigError,
  isTrutoMcpServerError,
  type TrutoTool,
  TrutoToolManager,
} from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { type AccountStatus, documentedTruto } from './documented-truto.js'

// The same cases against the sandbox and against a double written only from Truto's reference:
// a case that passes on one and fails on the other shows which of them misreads Truto.

type Target = {
  readonly manager: TrutoToolManager
  readonly accountId: string
  serverCount(): number
  setAccountStatus(status: AccountStatus): void
  rateLimitNext(from: 'truto' | 'provider'): void
}

const quiet = { onWarning: () => undefined, maxRetryWaitMs: 1_000 }

const TARGETS: ReadonlyArray<readonly [string, () => Target]> = [
  [
    'the sandbox',
    () => {
      const sandbox = createSandbox()
      const accountId = sandbox.accounts.octapipe
      const { apiKey, baseUrl, fetch } = sandbox
      return {
        manager: new TrutoToolManager({ apiKey, baseUrl, fetch, ...quiet }),
        accountId,
        serverCount: () =>
          sandbox.state.mcpServers.filter((s) => s.integrated_account_id === accountId).length,
        setAccountStatus: (status) => sandbox.setAccountStatus(accountId, status),
        rateLimitNext: (from) => {
          sandbox.faults.inject({
            kind: '429',
            from,
            route: '/proxy/',
            times: 1,
            retryAfterSeconds: 10,
          })
        },
      }
    },
  ],
  [
    'the documented double',
    () => {
      const truto = documentedTruto()
      const { apiKey, baseUrl, fetch, accountId } = truto
      return {
        manager: new TrutoToolManager({ apiKey, baseUrl, fetch, ...quiet }),
        accountId,
        serverCount: truto.serverCount,
        setAccountStatus: truto.setAccountStatus,
        rateLimitNext: truto.rateLimitNext,
      }
    },
  ],
]

const HOUR = 3_600_000
const LIST = 'list_all_octapipe_pipeline_cards'
const DELETE = 'delete_a_octapipe_pipeline_card_by_id'

async function tool(target: Target, name: string): Promise<TrutoTool> {
  const tools = await target.manager.getTools(target.accountId)
  const found = tools.find((candidate) => candidate.name === name)
  if (!found) throw new Error(`${name} is not among ${tools.map((t) => t.name).join(', ')}`)
  return found
}

const invoke = (chosen: TrutoTool, args: Record<string, unknown> = {}) =>
  chosen.invoke({ type: 'tool_call', id: 'call_1', name: chosen.name, args })

describe.each(TARGETS)('against %s', (_, make) => {
  describe('tools endpoint and proxy', () => {
    test('the account’s tools load and a list call answers its records', async () => {
      const target = make()

      const message = await invoke(await tool(target, LIST))

      expect(message.status).toBe('success')
      expect((message.artifact as { result: unknown[] }).result.length).toBeGreaterThan(0)
    })

    test('a blocked account answers 503 once, and the model is told it is blocked', async () => {
      const target = make()
      const list = await tool(target, LIST)
      target.setAccountStatus('blocked')

      const message = await invoke(list)

      expect(message.content).toMatch(/HTTP 503.*integrated account is blocked.*Do not retry/)
    })

    test('an account whose credentials the provider rejects must be reconnected', async () => {
      const target = make()
      const list = await tool(target, LIST)
      target.setAccountStatus('needs-reauth')

      const message = await invoke(list)

      expect(message.content).toMatch(/HTTP 401.*must reconnect the account/)
    })

    test('a write to a sandbox account is refused with 405 and the text names the cause', async () => {
      const target = make()
      const remove = await tool(target, DELETE)
      target.setAccountStatus('sandbox')

      const message = await invoke(remove, { id: '00000000-0000-4000-8000-000000000001' })

      expect(message.content).toMatch(/HTTP 405.*sandbox account, which is read-only/)
    })

    test.each(['truto', 'provider'] as const)(
      'a 429 of the %s’s limit is told apart',
      async (from) => {
        const target = make()
        const list = await tool(target, LIST)
        target.rateLimitNext(from)

        const message = await invoke(list)

        const by = { truto: "Truto's own limits", provider: "the app's API" }[from]
        expect(message.content).toContain(`rate limited by ${by}`)
        expect(message.artifact).toMatchObject({ error: { limitedBy: from } })
      },
    )
  })

  describe('MCP servers', () => {
    test('create applies methods, tags, expiry and API-token auth, and returns the URL', async () => {
      const target = make()
      const expiresAt = new Date(Date.now() + HOUR)

      const server = await target.manager.mcpServers.create({
        name: 'Pipeline agent',
        methods: ['read'],
        tags: ['cards'],
        expiresAt,
        requireApiTokenAuth: true,
        accountId: target.accountId,
      })

      expect(server).toMatchObject({
        methods: ['read'],
        tags: ['cards'],
        requireApiTokenAuth: true,
      })
      expect(server.expiresAt?.getTime()).toBeCloseTo(expiresAt.getTime(), -4)
      expect(server.url).toContain(String(server.token))
    })

    test('get, list and update answer without secrets; an auth change keeps the scope', async () => {
      const target = make()
      const servers = target.manager.mcpServers
      const account = target.accountId
      const created = await servers.create({
        name: 'scoped',
        methods: ['read'],
        tags: ['cards'],
        accountId: account,
      })

      const changed = await servers.update(created.id, { requireApiTokenAuth: true }, account)
      const read = await servers.get(created.id, account)
      const listed = await servers.list(account)

      for (const server of [changed, read, ...listed]) expect(server.token).toBeUndefined()
      expect(read).toMatchObject({ methods: ['read'], tags: ['cards'], requireApiTokenAuth: true })
      expect(read.createdBy).toEqual(expect.any(String))
    })

    test('expiresAt null clears the expiry; a rename leaves the rest', async () => {
      const target = make()
      const servers = target.manager.mcpServers
      const account = target.accountId
      const created = await servers.create({
        name: 'a',
        tags: ['cards'],
        expiresAt: new Date(Date.now() + HOUR),
        accountId: account,
      })

      await servers.update(created.id, { expiresAt: null }, account)
      const renamed = await servers.update(created.id, { name: 'b' }, account)

      expect(renamed).toMatchObject({ name: 'b', expiresAt: null, tags: ['cards'] })
    })

    test('no tool matching the filters is an error in those words, and nothing is left', async () => {
      const target = make()

      const error = await target.manager.mcpServers
        .create({ name: 'none', tags: ['no-such-tag'], accountId: target.accountId })
        .catch((e: unknown) => e)

      expect(isTrutoMcpServerError(error) && error.reason).toBe('no-matching-tools')
      expect(target.serverCount()).toBe(0)
    })

    test('an expiry under 60 s ahead is refused before any request', async () => {
      const target = make()

      const error = await target.manager.mcpServers
        .create({ name: 'x', expiresAt: new Date(Date.now() + 5_000), accountId: target.accountId })
        .catch((e: unknown) => e)

      expect(isTrutoConfigError(error) && error.option).toBe('expiresAt')
      expect(target.serverCount()).toBe(0)
    })

    test('a deleted server is gone', async () => {
      const target = make()
      const servers = target.manager.mcpServers
      const created = await servers.create({ name: 'x', accountId: target.accountId })

      await servers.delete(created.id, target.accountId)
      const error = await servers.get(created.id, target.accountId).catch((e: unknown) => e)

      expect(isTrutoApiError(error) && error.status).toBe(404)
      expect(target.serverCount()).toBe(0)
    })
  })
})
