import type { BaseMessage } from '@langchain/core/messages'
import { answer, callTools, giveUpAfterFailures, listSoFar, resultsOf } from '../conversation.js'
import type { Policy } from '../stand-in-model.js'

/** What the session polling graph is asked to do. */
export type SessionTask = {
  readonly agentName: string
  readonly input: string
}

export const TOOLS = {
  agents: 'list_all_gumloop_agents',
  startSession: 'create_a_gumloop_session',
  getSession: 'get_single_gumloop_session_by_id',
  artifacts: 'list_all_gumloop_artifacts',
} as const

/** How the summarising turn begins, so the stand-in knows which job it is doing. */
export const SUMMARY_REQUEST = 'Summarise this research report'

/** The stand-in's two jobs: start the session (agent id from the list), and summarise the report. */
export function sessionPollingPolicy(task: SessionTask): Policy {
  return (messages) => {
    const request = String(messages.find((m) => m.getType() === 'human')?.content ?? '')
    if (request.startsWith(SUMMARY_REQUEST)) return answer(summarise(request))

    const failure = giveUpAfterFailures(messages)
    if (failure) return answer(failure)
    const agents = listSoFar<{ id: string; name: string }>(messages, TOOLS.agents)
    if (
      !agents.called ||
      (agents.nextCursor && !agents.items.some((a) => a.name === task.agentName))
    ) {
      const cursor = agents.nextCursor ? { next_cursor: agents.nextCursor } : {}
      return callTools(messages, [{ name: TOOLS.agents, args: cursor }])
    }
    const agent = agents.items.find((a) => a.name === task.agentName)
    if (!agent) return answer(`There is no Gumloop agent named "${task.agentName}".`)
    const started = startedSession(messages)
    if (!started) {
      return callTools(messages, [
        { name: TOOLS.startSession, args: { agent_id: agent.id, input: task.input } },
      ])
    }
    return answer(`Started session ${started} of ${agent.name}; it runs in the background.`)
  }
}

/** The id of the session the model started, once the API accepted it. */
export function startedSession(messages: readonly BaseMessage[]): string | undefined {
  const data = resultsOf(messages, TOOLS.startSession).at(-1)?.data as { id?: string } | undefined
  return data?.id
}

// the key findings' bullets and the recommendation, as a model's summary would give them
function summarise(request: string): string {
  const bullets = request.split('\n').filter((line) => line.startsWith('- '))
  const recommendation = /## Recommendation\s+(.+)/.exec(request)?.[1]
  return [...bullets, ...(recommendation ? [`- Recommendation: ${recommendation}`] : [])].join('\n')
}
