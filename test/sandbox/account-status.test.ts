import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { afterEach, describe, expect, test } from 'vitest'
import { client } from './helpers.js'

const sandbox = createSandbox({ clock: 'manual' })
const api = client(sandbox)
const account = sandbox.accounts.octapipe
const octapipe = { integrated_account_id: account }

afterEach(() => sandbox.reset())

const BLOCKED = {
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'Integrated account is blocked',
}

/** Calls one tool through a fresh MCP server of the account; the tool result's JSON and flag. */
async function callTool(name: string, args: Record<string, unknown> = {}) {
  const made = await api.post(`/integrated-account/${account}/mcp`, {}, { name: 'x', config: {} })
  const mcp = new Client({ name: 'status-test', version: '1.0.0' })
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL(made.json.url), { fetch: sandbox.fetch }),
  )
  try {
    const result = await mcp.callTool({ name, arguments: args })
    const [first] = result.content as { text: string }[]
    return { isError: result.isError === true, json: JSON.parse(first?.text ?? 'null') }
  } finally {
    await mcp.close()
  }
}

describe('blocked', () => {
  test('every proxy request answers Truto’s 503', async () => {
    sandbox.setAccountStatus(account, 'blocked')

    const read = await api.get('/proxy/pipelines', octapipe)
    const write = await api.post('/proxy/notes', octapipe, { content: 'x' })

    expect(read.status).toBe(503)
    expect(read.json).toEqual(BLOCKED)
    expect(write.status).toBe(503)
  })

  test('an MCP tool call gets the 503 as a tool error', async () => {
    sandbox.setAccountStatus(account, 'blocked')

    const { isError, json } = await callTool('list_all_octapipe_pipelines')

    expect(isError).toBe(true)
    expect(json).toEqual(BLOCKED)
  })

  test('other accounts, the tools endpoint and the admin API keep answering', async () => {
    sandbox.setAccountStatus(account, 'blocked')

    const other = await api.get('/proxy/agents', {
      integrated_account_id: sandbox.accounts.gumloop,
    })
    const tools = await api.get(`/integrated-account/${account}/tools`)

    expect(other.status).toBe(200)
    expect(tools.status).toBe(200)
  })
})

describe('sandbox', () => {
  test('writes answer 405 saying the account is read-only; reads work', async () => {
    sandbox.setAccountStatus(account, 'sandbox')
    const cards = sandbox.state.octapipe.cards.length
    const card = sandbox.state.octapipe.cards[0]!

    const read = await api.get('/proxy/pipeline-cards', octapipe)
    const writes = [
      await api.post('/proxy/notes', octapipe, { content: 'x' }),
      await api.patch(`/proxy/pipeline-cards/${card.uuid}`, octapipe, { title: 'y' }),
      await api.delete(`/proxy/pipeline-cards/${card.uuid}`, octapipe),
    ]

    expect(read.status).toBe(200)
    expect(writes.map((write) => write.json)).toEqual(
      ['POST', 'PATCH', 'DELETE'].map((method) => ({
        statusCode: 405,
        error: 'Method Not Allowed',
        message: `Sandbox integrated accounts are read-only: ${method} is not allowed`,
      })),
    )
    expect(sandbox.state.octapipe.cards).toHaveLength(cards)
  })

  test('an MCP write tool is refused and a read tool works', async () => {
    sandbox.setAccountStatus(account, 'sandbox')
    const card = sandbox.state.octapipe.cards[0]!

    const write = await callTool('delete_a_octapipe_pipeline_card_by_id', { id: card.uuid })
    const read = await callTool('get_single_octapipe_pipeline_card_by_id', { id: card.uuid })

    expect(write).toMatchObject({ isError: true, json: { statusCode: 405 } })
    expect(read).toMatchObject({ isError: false, json: { uuid: card.uuid } })
  })
})

describe('needs-reauth', () => {
  test('proxy requests answer the provider’s 401 until the account is active again', async () => {
    sandbox.setAccountStatus(account, 'needs-reauth')

    const refused = await api.get('/proxy/pipelines', octapipe)
    const again = await api.get('/proxy/pipelines', octapipe)
    sandbox.setAccountStatus(account, 'active')
    const reconnected = await api.get('/proxy/pipelines', octapipe)

    expect(refused.json).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'invalid_grant',
      truto_is_remote_error: true,
      raw_response: { error: 'invalid_grant' },
    })
    expect(again.status).toBe(401)
    expect(reconnected.status).toBe(200)
  })

  test('an MCP tool call gets the same 401 as a tool error', async () => {
    sandbox.setAccountStatus(account, 'needs-reauth')

    const { isError, json } = await callTool('list_all_octapipe_pipelines')

    expect(isError).toBe(true)
    expect(json).toMatchObject({ statusCode: 401, truto_is_remote_error: true })
  })
})

test('reset() sets every account active again', async () => {
  sandbox.setAccountStatus(account, 'blocked')
  sandbox.setAccountStatus(sandbox.accounts.happyfox, 'needs-reauth')

  sandbox.reset()

  expect((await api.get('/proxy/pipelines', octapipe)).status).toBe(200)
  const tickets = await api.get('/proxy/tickets', {
    integrated_account_id: sandbox.accounts.happyfox,
  })
  expect(tickets.status).toBe(200)
})

test('an unknown account or status throws', () => {
  expect(() => sandbox.setAccountStatus('acct_nope', 'blocked')).toThrow(
    'No integrated account "acct_nope"',
  )
  expect(() => sandbox.setAccountStatus(account, 'disabled' as never)).toThrow('`status`')
})
