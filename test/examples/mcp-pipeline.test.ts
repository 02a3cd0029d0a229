import { createSandbox, type Sandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { run } from '../../examples/support/runs/mcp-pipeline.js'
import { asRealAccount, captureOutput, RATE_LIMITED } from './output.js'

const CARD = 'Globex expansion'

function cardOf(sandbox: Sandbox) {
  const { cards, stages } = sandbox.state.octapipe
  const card = cards.find((c) => c.title === CARD)!
  return { ...card, stage: stages.find((s) => s.uuid === card.pipeline_stage_uuid)?.name }
}

const failedChecks = (result: { checks: readonly { ok: boolean; text: string }[] }) =>
  result.checks.filter((c) => !c.ok).map((c) => c.text)

describe('MCP pipeline example', () => {
  test('moves the card to Proposal, notes it on the card, and deletes the MCP server', async () => {
    const sandbox = createSandbox({ clock: 'manual' })
    const notesBefore = sandbox.state.octapipe.notes.length
    const output = captureOutput()
    const result = await run({ sandbox, print: output.print })

    expect(result.goalMet).toBe(true)
    const card = cardOf(sandbox)
    expect(card.stage).toBe('Proposal')
    const added = sandbox.state.octapipe.notes.slice(notesBefore)
    expect(added).toEqual([
      expect.objectContaining({ entity_type: 'card', entity_uuid: card.uuid }),
    ])
    expect(sandbox.state.mcpServers).toEqual([])

    // every tool call went over the server's URL, which needed the API token too
    const proxied = sandbox.requests.filter((r) => r.path.startsWith('/proxy/'))
    expect(proxied).toEqual([])
    const created = sandbox.requests.find((r) => r.method === 'POST' && r.path.endsWith('/mcp'))
    expect(created?.body).toMatchObject({
      config: {
        methods: ['read', 'write'],
        tags: ['pipelines', 'notes'],
        require_api_token_auth: true,
      },
    })
    expect(result.steps.map((s) => s.tool)).toEqual([
      'list_all_octapipe_pipelines',
      'list_all_octapipe_pipeline_stages',
      'list_all_octapipe_pipeline_cards',
      'update_a_octapipe_pipeline_card_by_id',
      'create_a_octapipe_note',
    ])
    const text = output.lines.join('\n')
    expect(text).toMatch(/· created MCP server "Pipeline agent" .*, expires /)
    expect(text).toContain('· deleted MCP server')
    expect(text).toContain('· its URL now answers: gone (404)')
    // the URL's token is a credential: it never reaches the output
    const token = sandbox.requests.find((r) => r.path.startsWith('/mcp/'))?.path.split('/')[2]
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    expect(text).not.toContain(token)
  })

  test('a target stage that does not exist: nothing moves, no note, the server is still deleted, the goal is not met', async () => {
    const sandbox = createSandbox({ clock: 'manual' })
    const proposal = sandbox.state.octapipe.stages.find((s) => s.name === 'Proposal')!
    proposal.name = 'Proposal sent'
    const before = structuredClone(sandbox.state)
    const output = captureOutput()
    const result = await run({ sandbox, print: output.print })

    expect(result.goalMet).toBe(false)
    expect(result.answer).toContain('has no "Proposal" stage')
    expect(sandbox.state).toEqual(before)
    expect(failedChecks(result)).toEqual([
      expect.stringContaining(`"${CARD}" is in Proposal`),
      expect.stringContaining('one note was added'),
    ])
    expect(output.lines).toContain('GOAL NOT MET')
  })

  test('with the sandbox rate limit on, the trace shows waits and the goal is still met', async () => {
    const sandbox = createSandbox(RATE_LIMITED)
    const output = captureOutput()
    const result = await run({ sandbox, print: output.print })

    expect(result.goalMet).toBe(true)
    expect(cardOf(sandbox).stage).toBe('Proposal')
    expect(result.waits.length).toBeGreaterThan(0)
    expect(output.lines).toContainEqual(expect.stringContaining('⏳ rate limit'))
    expect(sandbox.state.mcpServers).toEqual([])
  })

  test('with --account, the server is created and deleted for real and the unverifiable is said', async () => {
    const sandbox = createSandbox()
    const output = captureOutput()
    const result = await asRealAccount(sandbox, () =>
      run({ account: sandbox.accounts.octapipe, print: output.print }),
    )

    expect(failedChecks(result)).toEqual([])
    expect(result.verified).toBe(false)
    expect(cardOf(sandbox).stage).toBe('Proposal')
    expect(sandbox.state.mcpServers).toEqual([])
    expect(output.lines).toContainEqual(expect.stringMatching(/^ {2}\? not verified: /))
    expect(output.lines).toContain('GOAL MET (unverified: real account)')
  })
})
