// Gumloop as a LangGraph graph: the model starts a research session, a polling node (not the
// model) waits for it with growing intervals, then the report is downloaded and summarised.
//
//   npx tsx session-polling.ts [--model openai:gpt-4o-mini] [--account <integrated account id>]
//
// The whole graph is in this file, and a copy of it runs on its own: `npm install
// truto-langchainjs-toolset @langchain/core zod langchain @langchain/langgraph @langchain/openai`,
// set OPENAI_API_KEY (or pass --model for another provider). Without --account it works in the
// embedded sandbox, so it needs no Truto account; with one it reads TRUTO_API_KEY.
import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Callbacks } from '@langchain/core/callbacks/manager'
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import { Annotation, END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import { ToolNode } from '@langchain/langgraph/prebuilt'
import { initChatModel } from 'langchain'
import { type TrutoTool, TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'

/** The tools the graph uses: the model gets the first two, the nodes the others. */
export const TOOLS = {
  agents: 'list_all_gumloop_agents',
  startSession: 'create_a_gumloop_session',
  getSession: 'get_single_gumloop_session_by_id',
  artifacts: 'list_all_gumloop_artifacts',
} as const

/** What the graph is asked to do. */
export const TASK = {
  agentName: 'Market Research Agent',
  input: 'Size the North American market for AI meeting-notes tools for mid-size companies.',
}
export type SessionTask = typeof TASK

export const prompt = (task: SessionTask) =>
  `Start a session of the Gumloop agent '${task.agentName}' with this input: "${task.input}". Look up the agent's id first. Do not wait for the session: once it is started, say so and stop.`

/** How the summarising turn begins. */
export const SUMMARY_REQUEST = 'Summarise this research report'

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
export type GraphState = typeof State.State

/** What the graph works with beside the task. */
export type SessionSetup = {
  /** The account's tools named in {@link TOOLS}. */
  readonly tools: readonly TrutoTool[]
  readonly model: BaseChatModel
  /** Waits between polls: a real sleep, or sandbox time moving on. */
  readonly wait: (ms: number) => Promise<void>
  /** Plain HTTP, for the report's signed URL (no token). */
  readonly fetch: typeof fetch
  /** Where the polling and download nodes say what they do. */
  readonly note: (line: string) => void
  readonly callbacks?: Callbacks
}

/** The graph: model and tools until a session is started, then poll, download and summarise. */
export async function researchSession(task: SessionTask, setup: SessionSetup) {
  const tool = (name: string) => {
    const found = setup.tools.find((t) => t.name === name)
    if (!found) throw new Error(`The account has no ${name} tool.`)
    return found
  }
  // the model only starts the session; polling and downloading are plain code
  const modelTools = [tool(TOOLS.agents), tool(TOOLS.startSession)]
  const modelWithTools = setup.model.bindTools!(modelTools)

  const graph = new StateGraph(State)
    .addNode('model', async (state: GraphState, config: RunnableConfig) => ({
      messages: [await modelWithTools.invoke(state.messages, config)],
    }))
    .addNode('tools', new ToolNode(modelTools))
    .addNode('poll', (state: GraphState, config: RunnableConfig) =>
      pollUntilDone(state, config, tool(TOOLS.getSession), setup),
    )
    .addNode('download', (state: GraphState, config: RunnableConfig) =>
      downloadReport(state, config, tool(TOOLS.artifacts), setup),
    )
    .addNode('summarise', async (state: GraphState, config: RunnableConfig) => {
      const request = new HumanMessage(
        `${SUMMARY_REQUEST} in a few bullet points:\n\n${state.report}`,
      )
      const reply = await setup.model.invoke([request], config)
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

  return graph.invoke(
    { messages: [new HumanMessage(prompt(task))] },
    { callbacks: setup.callbacks, recursionLimit: 20 },
  )
}

/** The id of the session the model started, once the API accepted it. */
export function startedSession(messages: readonly BaseMessage[]): string | undefined {
  const started = messages.filter(
    (m) => ToolMessage.isInstance(m) && m.name === TOOLS.startSession && m.status !== 'error',
  )
  return (started.at(-1) as ToolMessage | undefined)?.artifact?.id
}

/** The polling node: get the session, wait longer each time, until it finishes or the deadline. */
async function pollUntilDone(
  state: GraphState,
  config: RunnableConfig,
  getSession: TrutoTool,
  { wait, note }: SessionSetup,
) {
  const sessionId = startedSession(state.messages)
  if (!sessionId) return { status: 'not started' }
  const polls: GraphState['polls'] = []
  let waited = 0
  let interval = FIRST_POLL_MS
  let status = 'queued'
  while (waited + interval <= DEADLINE_MS) {
    note(`polling node: waiting ${interval / 1000} s`)
    await wait(interval)
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
    note(`deadline of ${DEADLINE_MS / 1000} s passed`)
  return { sessionId, status, polls }
}

/** The two-step artifact flow: list the session's files, then GET the signed URL (no token). */
async function downloadReport(
  state: GraphState,
  config: RunnableConfig,
  listArtifacts: TrutoTool,
  { fetch, note }: SessionSetup,
) {
  const message = await callTool(listArtifacts, { session_id: state.sessionId }, config)
  const artifacts = ((message.artifact as { result?: unknown[] })?.result ?? []) as {
    name: string
    download_url: string
  }[]
  const report = artifacts.find((a) => a.name.endsWith('.md')) ?? artifacts[0]
  if (!report) return { report: undefined }
  const response = await fetch(report.download_url)
  const text = await response.text()
  note(
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

/** Runs the graph on a real model, in the embedded sandbox or on your account. */
async function main() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'openai:gpt-4o-mini' },
      account: { type: 'string' },
    },
  })
  // the sandbox answers like Truto, in this process; without it the manager reads TRUTO_API_KEY
  const sandbox = values.account ? undefined : createSandbox()
  const manager = new TrutoToolManager(
    sandbox ? { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, fetch: sandbox.fetch } : {},
  )
  const accountId = values.account ?? sandbox?.accounts.gumloop
  const tools = await manager.getTools(accountId, { include: Object.values(TOOLS) })
  console.log(`${prompt(TASK)}\n`)
  const final = await researchSession(TASK, {
    tools,
    model: await initChatModel(values.model),
    // in the sandbox, time moves on instead of sleeping, and signed URLs answer in this process
    wait: sandbox
      ? async (ms) => sandbox.clock.advance(ms)
      : (ms) => new Promise((done) => setTimeout(done, ms)),
    fetch: sandbox ? (sandbox.fetch as typeof fetch) : fetch,
    note: console.log,
  })
  console.log(final.summary ?? final.messages.at(-1)?.text)
}

// `npm run example:session-polling` runs this file with what examples/support/ adds: a stand-in
// model when no --model is given, a trace of every call and checks of the sandbox afterwards.
// A copy of this file has no examples/support/ and runs main(). (The path is a constant so that
// a copy type-checks too.)
const REPO_ONLY = './support/runs/session-polling.js' // this repository only: a copy runs without it

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  import(REPO_ONLY).then(
    (repo: { main(): Promise<void> }) => repo.main(),
    (error: { code?: string }) => {
      if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error
      return main()
    },
  )
}
