// What `npm run example:session-polling` adds to the graph of examples/session-polling.ts: the
// stand-in model when no --model is given, the trace, and checks of what the run changed.
import type { GumloopState, Sandbox } from 'truto-langchainjs-toolset/testing'
import {
  type GraphState,
  prompt,
  researchSession,
  type SessionTask,
  TASK,
  TOOLS,
} from '../../session-polling.js'
import { connect, type ExampleOptions, loadTools } from '../connect.js'
import { main as runMain } from '../main.js'
import { chooseModel } from '../model.js'
import { sessionPollingPolicy } from '../policies/session-polling.js'
import { type Check, check, type ExampleResult, listed, printResult } from '../result.js'
import { Trace, type TraceStep } from '../trace.js'

export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  const print = options.print ?? console.log
  const connection = connect('gumloop', options)
  const task = TASK
  const { model, label } = await chooseModel(options.model, sessionPollingPolicy(task))
  const tools = await loadTools(connection, Object.values(TOOLS))
  const before = connection.sandbox && structuredClone(connection.sandbox.state.gumloop)

  print('\n=== Session polling (Gumloop, LangGraph)')
  print(`Task:  ${prompt(task)}`)
  print(`Model: ${label}`)
  print(`Tools: ${tools.length} tools from ${connection.description}`)
  print('Trace:')
  const trace = new Trace(print)
  const final = await researchSession(task, {
    tools,
    model,
    wait: connection.wait,
    fetch: connection.fetch,
    // in the sandbox the waits move sandbox time on: no real sleep
    note: (line) => trace.note(line),
    callbacks: [trace.handler],
  })

  const sandbox = connection.sandbox
  const outcome =
    sandbox && before
      ? checkSandbox(task, final, before, sandbox)
      : checkRun(task, final, trace.steps)
  const result: ExampleResult = {
    example: 'session-polling',
    goalMet: outcome.checks.every((c) => c.ok),
    verified: Boolean(sandbox),
    ...outcome,
    steps: trace.steps,
    waits: trace.waits,
    answer: final.summary ?? final.messages.at(-1)?.text ?? '',
  }
  printResult(result, print)
  return result
}

/** The command line: the exit code is 0 only when the goal was met. */
export const main = () => runMain([run])

/** Compares the sandbox before and after: one new session, finished, its report read and summarised. */
function checkSandbox(
  task: SessionTask,
  final: GraphState,
  before: GumloopState,
  sandbox: Sandbox,
) {
  const after = sandbox.state.gumloop
  const added = after.sessions.slice(before.sessions.length)
  const session = after.sessions.find((s) => s.id === final.sessionId)
  const agent = after.agents.find((a) => a.id === session?.agent_id)
  const artifact = after.artifacts.find((a) => a.session_id === session?.id)
  const intervals = final.polls.map((p, i) => p.afterMs - (final.polls[i - 1]?.afterMs ?? 0))
  const download = sandbox.requests.find(
    (r) => r.path === `/_sandbox/artifacts/${artifact?.id}` && r.status === 200,
  )
  const checks: Check[] = [
    check(
      added.length === 1 && agent?.name === task.agentName && session?.input === task.input,
      `one new session of ${task.agentName} with the brief as input`,
    ),
    check(
      session?.status === 'completed' &&
        final.polls.length > 1 &&
        intervals.every((ms, i) => i === 0 || ms > (intervals[i - 1] ?? 0)),
      `polled ${final.polls.length} times at growing intervals (${intervals.map((ms) => `${ms / 1000} s`).join(', ')}) until ${session?.status}`,
    ),
    check(
      Boolean(download) && final.report === artifact?.content,
      'the report was downloaded through its signed URL, byte for byte',
    ),
    check(Boolean(final.summary?.trim()), 'the model summarised it'),
  ]
  const changes = [
    ...added.map((s) => `started session ${s.id} (${s.status})`),
    ...(artifact ? [`it produced ${artifact.name} (${artifact.content.length} characters)`] : []),
  ]
  return { checks, changes }
}

/** Against a real account: what the graph itself saw. */
function checkRun(task: SessionTask, final: GraphState, steps: readonly TraceStep[]) {
  const agent = listed<{ id: string; name: string }>(steps, TOOLS.agents).find(
    (a) => a.name === task.agentName,
  )
  const starts = steps.filter((s) => s.tool === TOOLS.startSession)
  const checks: Check[] = [
    check(
      starts.length === 1 && Boolean(starts[0]?.ok) && starts[0]?.args.agent_id === agent?.id,
      `one session of ${task.agentName} started (${starts.length} start calls, ${starts.filter((s) => s.ok).length} accepted)`,
    ),
    check(final.status === 'completed', `the session finished: ${final.status ?? 'not started'}`),
    check(Boolean(final.report), 'the report was downloaded through its signed URL'),
    check(Boolean(final.summary?.trim()), 'the model summarised it'),
  ]
  const changes = final.sessionId ? [`started session ${final.sessionId}`] : []
  return { checks, changes, unverified: ['that no other session was started'] }
}
