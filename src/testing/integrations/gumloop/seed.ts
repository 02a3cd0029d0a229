import { iso, isoDate } from '../../state/clock.js'
import { advanceSessions, gumloopId } from './run.js'
import type { GumloopState } from './state.js'

const MINUTE = 60_000
const DAY = 86_400_000

/** The seeded Gumloop account, with timestamps relative to `now`. */
export function seedGumloop(now: number): GumloopState {
  const at = (ago: number) => iso(now - ago)
  const workspaces = ['Research Team', 'Operations'].map((name, i) => ({
    id: gumloopId('workspace', i + 1),
    name,
    created_at: at(200 * DAY),
  }))
  const [research, operations] = workspaces.map((w) => w.id) as [string, string]
  const agents = [
    [
      'Market Research Agent',
      'Researches a market from a brief and writes a Markdown report.',
      research,
    ],
    ['Support Triage Agent', 'Labels and routes inbound support email.', operations],
    ['Lead Qualifier', 'Scores inbound leads against the ideal customer profile.', operations],
  ].map(([name, description, workspace], i) => ({
    id: gumloopId('agent', i + 1),
    name: name as string,
    description: description as string,
    workspace_id: workspace as string,
    model: 'gpt-4.1',
    created_at: at((90 - i) * DAY),
  }))
  const workflows = [
    ['Weekly Competitor Digest', 'Scrapes competitor changelogs every Monday.', research],
    ['Lead Enrichment', 'Adds firmographics to new CRM leads.', operations],
    ['Invoice Parser', 'Extracts line items from PDF invoices.', operations],
  ].map(([name, description, workspace], i) => ({
    id: gumloopId('workflow', i + 1),
    name: name as string,
    description: description as string,
    workspace_id: workspace as string,
    created_at: at((120 - i) * DAY),
  }))
  const marketResearch = agents[0]?.id ?? ''
  const state: GumloopState = {
    workspaces,
    agents,
    workflows,
    sessions: [
      {
        id: gumloopId('session', 1),
        agent_id: marketResearch,
        status: 'queued',
        input: 'Size the European market for veterinary practice software.',
        messages: [
          {
            role: 'user',
            content: 'Size the European market for veterinary practice software.',
            created_at: at(DAY),
          },
        ],
        started_at: at(DAY),
        completed_at: null,
        error: null,
        created_at: at(DAY),
        updated_at: at(DAY),
      },
      {
        id: gumloopId('session', 2),
        agent_id: agents[1]?.id ?? '',
        status: 'idle',
        input: null,
        messages: [],
        started_at: null,
        completed_at: null,
        error: null,
        created_at: at(30 * MINUTE),
        updated_at: at(30 * MINUTE),
      },
    ],
    artifacts: [],
    creditLogs: Array.from({ length: 30 }, (_, i) => ({
      id: gumloopId('credit', i + 1),
      date: isoDate(now - (i + 1) * DAY),
      credits_used: 40 + ((i * 37) % 90),
      source_type: i % 3 === 0 ? ('workflow' as const) : ('agent' as const),
      source_id: i % 3 === 0 ? (workflows[i % 2]?.id ?? '') : (agents[i % 3]?.id ?? ''),
    })),
    exports: [],
  }
  // the historical session finished long ago; this writes its report artifact
  advanceSessions(state, now)
  return state
}
