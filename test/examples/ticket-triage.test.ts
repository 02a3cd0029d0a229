import { createSandbox, type HappyFoxState } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { run } from '../../examples/support/runs/ticket-triage.js'
import { captureOutput, RATE_LIMITED } from './output.js'

const SECURITY = [5001, 5002, 5004]

function expectTriaged(before: HappyFoxState, after: HappyFoxState) {
  const added = after.messages.slice(before.messages.length)
  expect(added.map((m) => [m.ticket_id, m.type, m.visibility]).sort()).toEqual(
    SECURITY.map((id) => [id, 'private_note', 'private']),
  )
  for (const id of SECURITY) {
    const ticket = after.tickets.find((t) => t.id === id)
    expect(ticket?.category_id).toBe(3)
    expect(ticket?.custom_fields.security_issue).toBeTruthy()
  }
  // every other ticket, the decoys 5005 (assigned) and 5006 (3 h old) included, is as it was
  for (const ticket of before.tickets.filter((t) => !SECURITY.includes(t.id))) {
    expect(after.tickets.find((t) => t.id === ticket.id)).toEqual(ticket)
  }
  expect(after.messages.filter((m) => m.type === 'staff_reply')).toHaveLength(
    before.messages.filter((m) => m.type === 'staff_reply').length,
  )
}

describe('ticket triage example', () => {
  test('notes and moves the three security tickets, leaves the decoys alone, never replies', async () => {
    const sandbox = createSandbox({ clock: 'manual' })
    const before = structuredClone(sandbox.state.happyfox)
    const result = await run({ sandbox, print: () => {} })

    expect(result.goalMet).toBe(true)
    expectTriaged(before, sandbox.state.happyfox)
    const fields = (id: number) =>
      sandbox.state.happyfox.tickets.find((t) => t.id === id)?.custom_fields
    expect(fields(5001)).toEqual({
      security_issue: 'login_failure',
      affected_browser: 'Chrome 126.0.6478.127 on Windows 11 Pro',
    })
    expect(fields(5002)).toEqual({
      security_issue: 'two_factor',
      affected_browser: 'Safari 17.5 on macOS 14.5 Sonoma',
    })
    expect(fields(5004)).toEqual({
      security_issue: 'password_reset',
      affected_browser: 'Firefox 127.0 on Ubuntu 24.04 LTS',
    })
    const note = sandbox.state.happyfox.messages.find(
      (m) => m.ticket_id === 5001 && m.type === 'private_note',
    )
    expect(note?.text).toContain('Windows NT 10.0')
    expect(sandbox.requests.some((r) => r.path.includes('reply'))).toBe(false)
  })

  test('with the sandbox rate limit on, the trace shows waits and the goal is still met', async () => {
    const sandbox = createSandbox(RATE_LIMITED)
    const before = structuredClone(sandbox.state.happyfox)
    const output = captureOutput()
    const result = await run({ sandbox, print: output.print })

    expect(result.goalMet).toBe(true)
    expectTriaged(before, sandbox.state.happyfox)
    expect(result.waits.length).toBeGreaterThan(0)
    expect(output.lines).toContainEqual(expect.stringContaining('⏳ rate limit'))
  })
})
