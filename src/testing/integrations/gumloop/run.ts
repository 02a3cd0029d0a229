import { iso } from '../../state/clock.js'
import { hexFrom } from '../../state/random.js'
import type { GumloopSession, GumloopState } from './state.js'

/** Sandbox time from a run's start until it is picked up (`queued` → `processing`). */
export const QUEUED_MS = 2_000
/** Sandbox time from a run's start until it finishes (`processing` → `completed` or `failed`). */
export const RUN_MS = 6_000
/** Inputs containing this phrase end in `failed`, so agents can rehearse failure. */
export const FAILURE_PHRASE = 'simulate failure'

export const gumloopId = (kind: string, n: number | string) => hexFrom(`gumloop:${kind}:${n}`, 20)

/** Moves every running session to the status its age implies, writing its results on finish. */
export function advanceSessions(state: GumloopState, now: number): void {
  for (const session of state.sessions) {
    if (!session.started_at || (session.status !== 'queued' && session.status !== 'processing'))
      continue
    const started = Date.parse(session.started_at)
    const elapsed = now - started
    if (elapsed >= RUN_MS) finish(state, session, started + RUN_MS)
    else if (elapsed >= QUEUED_MS && session.status === 'queued') {
      session.status = 'processing'
      session.updated_at = iso(started + QUEUED_MS)
    }
  }
}

function finish(state: GumloopState, session: GumloopSession, at: number): void {
  const input = session.messages.at(-1)?.content ?? session.input ?? ''
  session.completed_at = iso(at)
  session.updated_at = iso(at)
  if (input.includes(FAILURE_PHRASE)) {
    session.status = 'failed'
    session.error = 'The agent run failed: the web search tool timed out after 3 attempts.'
    return
  }
  session.status = 'completed'
  const n = state.artifacts.filter((a) => a.session_id === session.id).length + 1
  const agent = state.agents.find((a) => a.id === session.agent_id)
  session.messages.push({
    role: 'agent',
    content: `Done. I wrote the report “research-report.md” (artifact ${n} of this session).`,
    created_at: iso(at),
  })
  state.artifacts.push({
    id: gumloopId('artifact', `${session.id}:${n}`),
    session_id: session.id,
    name: n === 1 ? 'research-report.md' : `research-report-${n}.md`,
    mime_type: 'text/markdown',
    content: report(agent?.name ?? 'Agent', input, at),
    created_at: iso(at),
  })
}

function report(agent: string, brief: string, at: number): string {
  return [
    '# Market research report',
    '',
    `_Prepared by ${agent} on ${iso(at).slice(0, 10)}._`,
    '',
    `**Brief:** ${brief}`,
    '',
    '## Key findings',
    '',
    '- The segment grows about 18% a year; mid-market buyers drive most new spend.',
    '- Three incumbents hold roughly 60% of the market; none leads on integrations.',
    '- Buyers rank time-to-value and security reviews above price.',
    '',
    '## Recommendation',
    '',
    'Lead with a self-serve trial and a published security pack; target mid-market first.',
    '',
  ].join('\n')
}
