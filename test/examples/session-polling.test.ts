import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'
import { run } from '../../examples/support/runs/session-polling.js'
import { captureOutput, RATE_LIMITED } from './output.js'

describe('session polling example', () => {
  test('starts one session, polls it at growing intervals in sandbox time, downloads and summarises the report', async () => {
    const sandbox = createSandbox({ clock: 'manual' })
    const startedAt = sandbox.clock.now()
    const sessionsBefore = sandbox.state.gumloop.sessions.length
    const output = captureOutput()
    const result = await run({ sandbox, print: output.print })

    expect(result.goalMet).toBe(true)
    const { sessions, agents, artifacts } = sandbox.state.gumloop
    const added = sessions.slice(sessionsBefore)
    expect(added).toHaveLength(1)
    const [session] = added
    expect(agents.find((a) => a.id === session?.agent_id)?.name).toBe('Market Research Agent')
    expect(session?.status).toBe('completed')

    // waits of 1, 2 and 4 s moved sandbox time instead of sleeping
    const polls = result.steps.filter((s) => s.tool === 'get_single_gumloop_session_by_id')
    expect(polls.map((s) => (s.data as { status: string }).status)).toEqual([
      'queued',
      'processing',
      'completed',
    ])
    expect(sandbox.clock.now() - startedAt).toBe(7_000)

    const artifact = artifacts.find((a) => a.session_id === session?.id)
    const download = sandbox.requests.find((r) => r.path === `/_sandbox/artifacts/${artifact?.id}`)
    expect(download?.status).toBe(200)
    expect(result.answer).toContain('18% a year')
    expect(output.lines).toContainEqual(expect.stringContaining('polling node: waiting 4 s'))
  })

  test('with the sandbox rate limit on, the trace shows waits and the goal is still met', async () => {
    // polling makes few calls: a lower limit, so the window still runs out
    const sandbox = createSandbox({ ...RATE_LIMITED, rateLimit: { limit: 3, windowMs: 1_000 } })
    const output = captureOutput()
    const result = await run({ sandbox, print: output.print })

    expect(result.goalMet).toBe(true)
    expect(result.waits.length).toBeGreaterThan(0)
    expect(output.lines).toContainEqual(expect.stringContaining('⏳ rate limit'))
  })
})
