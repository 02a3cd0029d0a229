import { type SessionTask, SUMMARY_REQUEST, startedSession, TOOLS } from '../../session-polling.js'
import { answer, callTools, giveUpAfterFailures, listSoFar } from '../conversation.js'
import type { Policy } from '../stand-in-model.js'

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

// the key findings' bullets and the recommendation, as a model's summary would give them
function summarise(request: string): string {
  const bullets = request.split('\n').filter((line) => line.startsWith('- '))
  const recommendation = /## Recommendation\s+(.+)/.exec(request)?.[1]
  return [...bullets, ...(recommendation ? [`- Recommendation: ${recommendation}`] : [])].join('\n')
}
