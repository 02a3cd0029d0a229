import { isTrutoApiError, isTrutoValidationError } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { connect, loadTools } from '../../examples/support/connect.js'
import { run as pipelineTriage } from '../../examples/support/runs/pipeline-triage.js'
import { run as sessionPolling } from '../../examples/support/runs/session-polling.js'
import { run as ticketTriage } from '../../examples/support/runs/ticket-triage.js'
import { Trace } from '../../examples/support/trace.js'
import { asRealAccount, captureOutput } from './output.js'

const UPDATE_CARD = 'update_a_octapipe_pipeline_card_by_id'
const failedChecks = (result: { checks: readonly { ok: boolean; text: string }[] }) =>
  result.checks.filter((c) => !c.ok).map((c) => c.text)

describe('the trace records failed calls', () => {
  test('a call with invalid arguments is a failed step carrying the TrutoValidationError', async () => {
    const connection = connect('octapipe', { sandbox: createSandbox({ clock: 'manual' }) })
    const [tool] = await loadTools(connection, [UPDATE_CARD])
    const output = captureOutput()
    const trace = new Trace(output.print)
    await tool?.invoke(
      { type: 'tool_call', id: 'call_1', name: UPDATE_CARD, args: { id: 42 } },
      { callbacks: [trace.handler] },
    )

    expect(trace.steps).toHaveLength(1)
    const [step] = trace.steps
    expect(step).toMatchObject({ tool: UPDATE_CARD, args: { id: 42 }, ok: false })
    expect(isTrutoValidationError(step?.data)).toBe(true)
    expect(output.lines).toEqual([
      `  1. ${UPDATE_CARD}(id=42)`,
      expect.stringMatching(
        /^ {5}✗ ERROR Invalid arguments for update_a_octapipe_pipeline_card_by_id: /,
      ),
    ])
  })

  test('a card move the API rejects shows as a failed step, and the goal is reported unmet', async () => {
    const sandbox = createSandbox({ clock: 'manual' })
    sandbox.faults.inject({
      kind: '5xx',
      route: '/proxy/pipeline-cards',
      method: 'PATCH',
      times: 1,
    })
    const output = captureOutput()
    const result = await pipelineTriage({ sandbox, print: output.print })

    const failed = result.steps.filter((s) => !s.ok)
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ tool: UPDATE_CARD, ok: false })
    expect(isTrutoApiError(failed[0]?.data) && failed[0].data.status).toBe(503)
    expect(output.lines).toContainEqual(expect.stringMatching(/^ {5}✗ ERROR Truto answered 503/))
    // the other four stale cards still moved; the check against the sandbox sees the fifth did not
    expect(result.steps.filter((s) => s.ok && s.tool === UPDATE_CARD)).toHaveLength(4)
    expect(result.goalMet).toBe(false)
    expect(failedChecks(result)).toEqual([expect.stringContaining('exactly the 5 cards')])
    expect(output.lines).toContain('GOAL NOT MET')
    // the stand-in reports what the API accepted, not what it attempted
    expect(result.answer).toMatch(/^Moved 4 stale cards .* Could not move 1: /)
  })

  test('a read retried after a 503 prints its wait under its own step and still succeeds', async () => {
    const sandbox = createSandbox({ clock: 'manual' })
    sandbox.faults.inject({ kind: '5xx', route: '/proxy/pipeline-cards', method: 'GET', times: 1 })
    const output = captureOutput()
    const result = await pipelineTriage({ sandbox, print: output.print })

    expect(result.goalMet).toBe(true)
    const retried = result.steps.findIndex((s) => s.waits.length > 0)
    expect(result.steps[retried]).toMatchObject({
      tool: 'list_all_octapipe_pipeline_cards',
      ok: true,
    })
    const header = output.lines.findIndex((line) => line.startsWith(`  ${retried + 1}. `))
    expect(output.lines[header + 1]).toMatch(
      /⏳ rate limit: held back .* \(answered 503, retry 1\)/,
    )
    expect(output.lines[header + 2]).toMatch(/^ {5}→ /)
  })
})

describe('with --account (a real account), the checks can fail', () => {
  test('pipeline triage: every card move refused by the API means the goal is not met', async () => {
    const sandbox = createSandbox()
    sandbox.faults.inject({ kind: '5xx', route: '/proxy/pipeline-cards', method: 'PATCH' })
    const result = await asRealAccount(sandbox, () =>
      pipelineTriage({ account: sandbox.accounts.octapipe, print: () => {} }),
    )

    expect(result.verified).toBe(false)
    expect(result.steps.filter((s) => s.tool === UPDATE_CARD).map((s) => s.ok)).toEqual(
      Array(5).fill(false),
    )
    expect(result.goalMet).toBe(false)
    expect(failedChecks(result)).toEqual([
      expect.stringContaining('exactly those cards were moved to Blocked (0 moves accepted)'),
      expect.stringContaining('5 of 10 writes failed: Truto answered 503'),
    ])
  })

  test('pipeline triage: no stale card is reported as "no matching cards found", not as success', async () => {
    const sandbox = createSandbox()
    const now = new Date(sandbox.clock.now()).toISOString()
    for (const card of sandbox.state.octapipe.cards) card.updated_at = now
    const result = await asRealAccount(sandbox, () =>
      pipelineTriage({ account: sandbox.accounts.octapipe, print: () => {} }),
    )

    expect(result.steps.some((s) => s.tool === UPDATE_CARD)).toBe(false)
    expect(result.goalMet).toBe(false)
    expect(failedChecks(result)).toEqual([
      expect.stringContaining('no matching cards found: no card read from In Review is 48 h+ old'),
    ])
  })

  test('pipeline triage: a clean run passes every check', async () => {
    const sandbox = createSandbox()
    const result = await asRealAccount(sandbox, () =>
      pipelineTriage({ account: sandbox.accounts.octapipe, print: () => {} }),
    )

    expect(failedChecks(result)).toEqual([])
    expect(result.goalMet).toBe(true)
    expect(result.changes).toHaveLength(10)
  })

  test('ticket triage: no matching ticket, or notes refused, both leave the goal unmet', async () => {
    const quiet = createSandbox()
    // every ticket assigned: the agent has nothing to triage
    for (const ticket of quiet.state.happyfox.tickets) ticket.assignee_id ??= 1
    const none = await asRealAccount(quiet, () =>
      ticketTriage({ account: quiet.accounts.happyfox, print: () => {} }),
    )
    expect(none.goalMet).toBe(false)
    expect(failedChecks(none)).toEqual([expect.stringContaining('no matching tickets found')])

    const refusing = createSandbox()
    refusing.faults.inject({ kind: '5xx', route: '/proxy/ticket-notes', method: 'POST' })
    const refused = await asRealAccount(refusing, () =>
      ticketTriage({ account: refusing.accounts.happyfox, print: () => {} }),
    )
    expect(refused.goalMet).toBe(false)
    expect(failedChecks(refused)).toEqual([
      expect.stringContaining('got a private note (0 accepted)'),
      expect.stringContaining('3 of 6 writes failed'),
    ])
  })

  test('ticket triage: a clean run passes every check, the no-reply one included', async () => {
    const sandbox = createSandbox()
    const result = await asRealAccount(sandbox, () =>
      ticketTriage({ account: sandbox.accounts.happyfox, print: () => {} }),
    )

    expect(failedChecks(result)).toEqual([])
    expect(result.checks.at(-1)?.text).toContain('no reply tool was bound')
  })

  test('session polling: a session that never started is not met', async () => {
    const sandbox = createSandbox()
    sandbox.faults.inject({ kind: '5xx', route: '/proxy/sessions', method: 'POST' })
    const result = await asRealAccount(sandbox, () =>
      sessionPolling({ account: sandbox.accounts.gumloop, print: () => {} }),
    )

    expect(result.goalMet).toBe(false)
    expect(result.steps.find((s) => s.tool === 'create_a_gumloop_session')?.ok).toBe(false)
    expect(failedChecks(result)[0]).toContain('(3 start calls, 0 accepted)')
  })
})
