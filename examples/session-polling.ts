// Gumloop as a LangGraph graph: the model starts a research session, a polling node (not the
// model) waits for it with growing intervals, then the report is downloaded and summarised.
// npx tsx examples/session-polling.ts [--model openai:gpt-4o-mini] [--account <id>]
import { randomUUID } from 'node:crypto'
import { AIMessage, HumanMessage, type ToolMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import { Annotation, END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import { ToolNode } from '@langchain/langgraph/prebuilt'
import type { TrutoTool } from 'truto-langchainjs-toolset'
import type { GumloopState, Sandbox } from 'truto-langchainjs-toolset/testing'
import { type Connection, connect, type ExampleOptions, loadTools } from './support/connect.js'
import { isMain, main } from './support/main.js'
import { chooseModel } from './support/model.js'
import {
  type SessionTask,
  SUMMARY_REQUEST,
  sessionPollingPolicy,
  startedSession,
  TOOLS,
} from './support/policies/session-polling.js'
import { type Check, check, type ExampleResult, listed, printResult } from './support/result.js'
import { Trace, type TraceStep } from './support/trace.js'

const FIRST_POLL_MS = 1_000
const MAX_POLL_MS = 10_000
const DEADLINE_MS = 120_000

const State = Annotation.Root({
  ...MessagesAnnotation.spec,
  sessionId: Annotation<string | undefined>(),
  status: Annotation<string | undefined>(),
  /** When each poll happened (ms after the session started) and what it saw. */
  polls: Annotation<{ afterMs: number; status: string }[]>({
    reducer: (_, next) => next,
    default: () => [],
  }),
  report: Annotation<string | undefined>(),
  summary: Annotation<string | undefined>(),
})
type GraphState = typeof State.State

const prompt = (task: SessionTask) =>
  `Start a session of the Gumloop agent '${task.agentName}' with this input: "${task.input}". Look up the agent's id first. Do not wait for the session: once it is started, say so and stop.`

export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  const print = options.print ?? console.log
  const connection = connect('gumloop', options)
  const task: SessionTask = {
    agentName: 'Market Research Agent',
    input: 'Size the North American market for AI meeting-notes tools for mid-size companies.',
  }
  const { model, label } = await chooseModel(options.model, sessionPollingPolicy(task))
  const tools = await loadTools(connection, Object.values(TOOLS))
  const tool = (name: string) => tools.find((t) => t.name === name)!
  // the model only starts the session; polling and downloading are plain code
  const modelTools = [tool(TOOLS.agents), tool(TOOLS.startSession)]
  const modelWithTools = model.bindTools!(modelTools)
  const before = connection.sandbox && structuredClone(connection.sandbox.state.gumloop)
  const trace = new Trace(print)

  const graph = new StateGraph(State)
    .addNode('model', async (state: GraphState, config: RunnableConfig) => ({
      messages: [await modelWithTools.invoke(state.messages, config)],
    }))
    .addNode('tools', new ToolNode(modelTools))
    .addNode('poll', (state: GraphState, config: RunnableConfig) =>
      pollUntilDone(state, config, tool(TOOLS.getSession), connection, trace),
    )
    .addNode('download', (state: GraphState, config: RunnableConfig) =>
      downloadReport(state, config, tool(TOOLS.artifacts), connection, trace),
    )
    .addNode('summarise', async (state: GraphState, config: RunnableConfig) => {
      const request = new HumanMessage(
        `${SUMMARY_REQUEST} in a few bullet points:\n\n${state.report}`,
      )
      const reply = await model.invoke([request], config)
      return { summary: reply.text }
    })
    .addEdge(START, 'model')
    .addConditionalEdges('model', (state) => {
      const last = state.messages.at(-1)
      return AIMessage.isInstance(last) && last.tool_calls?.length ? 'tools' : END
    })
    .addConditionalEdges('tools', (state) => (startedSession(state.messages) ? 'poll' : 'model'))
    .addConditionalEdges('poll', (state) => (state.status === 'completed' ? 'download' : END))
    .addConditionalEdges('download', (state) => (state.report ? 'summarise' : END))
    .addEdge('summarise', END)
    .compile()

  print('\n=== Session polling (Gumloop, LangGraph)')
  print(`Task:  ${prompt(task)}`)
  print(`Model: ${label}`)
  print(`Tools: ${tools.length} tools from ${connection.description}`)
  print('Trace:')
  const final = await graph.invoke(
    { messages: [new HumanMessage(prompt(task))] },
    { callbacks: [trace.handler], recursionLimit: 20 },
  )

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

/** The polling node: get the session, wait longer each time, until it finishes or the deadline. */
async function pollUntilDone(
  state: GraphState,
  config: RunnableConfig,
  getSession: TrutoTool,
  connection: Connection,
  trace: Trace,
) {
  const sessionId = startedSession(state.messages)
  if (!sessionId) return { status: 'not started' }
  const polls: GraphState['polls'] = []
  let waited = 0
  let interval = FIRST_POLL_MS
  let status = 'queued'
  while (waited + interval <= DEADLINE_MS) {
    const where = connection.sandbox ? 'sandbox time moves on, no real sleep' : 'sleeping'
    trace.note(`polling node: waiting ${interval / 1000} s (${where})`)
    await connection.wait(interval)
    waited += interval
    const message = await callTool(getSession, { id: sessionId }, config)
    status =
      message.status === 'error'
        ? 'error'
        : String((message.artifact as { status?: unknown }).status)
    polls.push({ afterMs: waited, status })
    if (['completed', 'failed', 'error'].includes(status)) break
    interval = Math.min(interval * 2, MAX_POLL_MS)
  }
  if (!['completed', 'failed', 'error'].includes(status))
    trace.note(`deadline of ${DEADLINE_MS / 1000} s passed`)
  return { sessionId, status, polls }
}

/** The two-step artifact flow: list the session's files, then GET the signed URL (no token). */
async function downloadReport(
  state: GraphState,
  config: RunnableConfig,
  listArtifacts: TrutoTool,
  connection: Connection,
  trace: Trace,
) {
  const message = await callTool(listArtifacts, { session_id: state.sessionId }, config)
  const artifacts = ((message.artifact as { result?: unknown[] })?.result ?? []) as {
    name: string
    download_url: string
  }[]
  const report = artifacts.find((a) => a.name.endsWith('.md')) ?? artifacts[0]
  if (!report) return { report: undefined }
  const response = await connection.fetch(report.download_url)
  const text = await response.text()
  trace.note(
    `downloaded ${report.name} through its signed URL: HTTP ${response.status}, ${text.length} characters`,
  )
  return { report: response.ok ? text : undefined }
}

/** Calls a tool the way an agent does, so errors come back as an error ToolMessage. */
const callTool = (tool: TrutoTool, args: Record<string, unknown>, config: RunnableConfig) =>
  tool.invoke(
    { type: 'tool_call' as const, id: `node_${randomUUID()}`, name: tool.name, args },
    config,
  ) as Promise<ToolMessage>

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

if (isMain(import.meta.url)) await main([run])
