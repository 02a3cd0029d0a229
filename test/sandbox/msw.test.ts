import { http } from 'msw'
import { setupServer } from 'msw/node'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'

const sandbox = createSandbox({ clock: 'manual' })
const server = setupServer(
  ...sandbox.mswHandlers(http),
  ...sandbox.mswHandlers(http, { baseUrl: 'https://api.truto.one' }),
)
const auth = { headers: { authorization: `Bearer ${sandbox.apiKey}` } }

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => sandbox.reset())

test('msw handlers answer the sandbox origin from the global fetch', async () => {
  const response = await fetch(
    `${sandbox.baseUrl}/integrated-account/${sandbox.accounts.happyfox}/tools`,
    auth,
  )
  expect(response.status).toBe(200)
  expect((await response.json()).results.length).toBeGreaterThan(10)
})

test('msw handlers can stand in for the real Truto origin', async () => {
  const response = await fetch(
    `https://api.truto.one/proxy/categories?integrated_account_id=${sandbox.accounts.happyfox}`,
    auth,
  )
  const names = (await response.json()).result.map((c: { name: string }) => c.name)
  expect(names).toContain('IT Security')
})

test('a drop fault becomes a network error through msw', async () => {
  sandbox.faults.inject({ kind: 'drop', times: 1 })
  await expect(fetch(`${sandbox.baseUrl}/proxy/categories`, auth)).rejects.toThrow(TypeError)
})
