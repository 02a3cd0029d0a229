import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { run } from '../../examples/support/runs/pipeline-triage.js'
import { captureOutput, RATE_LIMITED } from './output.js'

const STALE = [
  'Audit IAM roles',
  'Harden CSP headers',
  'Rate-limit webhook retries',
  'Rotate database credentials',
  'SLO dashboard for search',
]

const seed = () => createSandbox({ clock: 'manual' }).state.octapipe

describe('pipeline triage example', () => {
  test('moves exactly the five stale In Review cards to Blocked and notifies each owner', async () => {
    const sandbox = createSandbox({ clock: 'manual' })
    const output = captureOutput()
    const result = await run({ sandbox, print: output.print })

    expect(result.goalMet).toBe(true)
    const before = seed()
    const { cards, stages, notifications } = sandbox.state.octapipe
    const stageName = (uuid: string) => stages.find((s) => s.uuid === uuid)?.name
    const moved = cards.filter(
      (card) => before.cards.find((c) => c.uuid === card.uuid)?.updated_at !== card.updated_at,
    )
    expect(moved.map((c) => c.title).sort()).toEqual(STALE)
    expect(moved.map((c) => stageName(c.pipeline_stage_uuid))).toEqual(Array(5).fill('Blocked'))

    const sent = notifications.slice(before.notifications.length)
    expect(sent.map((n) => [n.user_uuid, n.entity_uuid]).sort()).toEqual(
      moved.map((c) => [c.owner_uuid, c.uuid]).sort(),
    )
    // 47 hours old: not stale, so untouched
    const fresh = cards.find((c) => c.title === 'Health check for queue workers')
    expect(fresh).toEqual(before.cards.find((c) => c.title === 'Health check for queue workers'))
    expect(output.lines).toContainEqual(expect.stringContaining('STAND-IN model'))
    expect(output.lines.join('\n')).toContain('next_cursor=')
  })

  test('the stand-in decides from what it reads: a card updated an hour ago stays put', async () => {
    const sandbox = createSandbox({ clock: 'manual' })
    const card = sandbox.state.octapipe.cards.find((c) => c.title === 'Harden CSP headers')!
    card.updated_at = new Date(sandbox.clock.now() - 3_600_000).toISOString()
    const result = await run({ sandbox, print: () => {} })

    expect(result.goalMet).toBe(true)
    const moves = result.steps.filter((s) => s.tool === 'update_a_octapipe_pipeline_card_by_id')
    expect(moves.map((s) => s.args.id)).not.toContain(card.uuid)
    expect(moves).toHaveLength(4)
  })

  test('with the sandbox rate limit on, the trace shows waits and the goal is still met', async () => {
    const sandbox = createSandbox(RATE_LIMITED)
    const output = captureOutput()
    const result = await run({ sandbox, print: output.print })

    expect(result.goalMet).toBe(true)
    expect(result.waits.length).toBeGreaterThan(0)
    // each delayed call prints one wait line, under its own step; together they hold every wait
    const delayed = result.steps.filter((s) => s.waits.length)
    expect(output.lines.filter((line) => line.includes('⏳ rate limit'))).toHaveLength(
      delayed.length,
    )
    expect(delayed.flatMap((s) => s.waits)).toHaveLength(result.waits.length)
    const moved = sandbox.state.octapipe.notifications.slice(seed().notifications.length)
    expect(moved).toHaveLength(5)
  })
})
