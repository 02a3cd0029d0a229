// From the guide "Octapipe to ChatGPT through a Truto MCP server": a short-lived MCP server scoped
// to pipeline and note tools serves the agent, which moves a card and notes why; the server is
// deleted afterwards, even when the run fails.
//
//   npx tsx mcp-pipeline.ts [--model openai:gpt-4o-mini] [--account <integrated account id>]
//
// The whole agent is in this file, and a copy of it runs on its own: `npm install
// truto-langchainjs-toolset @langchain/core zod @modelcontextprotocol/sdk langchain
// @langchain/openai`, set OPENAI_API_KEY (or pass --model for another provider). Without --account
// it works in the embedded sandbox, so it needs no Truto account; with one it reads TRUTO_API_KEY.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Callbacks } from '@langchain/core/callbacks/manager'
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { createAgent, initChatModel } from 'langchain'
import { isTrutoError, TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'

/** The tools the workflow needs; the MCP server's scope below must include them. */
export const TOOLS = {
  pipelines: 'list_all_octapipe_pipelines',
  stages: 'list_all_octapipe_pipeline_stages',
  cards: 'list_all_octapipe_pipeline_cards',
  updateCard: 'update_a_octapipe_pipeline_card_by_id',
  addNote: 'create_a_octapipe_note',
} as const

// stages and cards carry the `pipelines` tag; notes have a tag of their own
export const SCOPE = { methods: ['read', 'write'], tags: ['pipelines', 'notes'] }

const HOUR = 3_600_000

/** What the agent is asked to do. */
export const TASK = {
  pipeline: 'Sales Pipeline',
  card: 'Globex expansion',
  targetStage: 'Proposal',
  note: 'Pricing agreed on the discovery call; the proposal goes out this week.',
}
export type McpPipelineTask = typeof TASK

export const prompt = (task: McpPipelineTask) =>
  `In the '${task.pipeline}' pipeline, move the card '${task.card}' to the '${task.targetStage}' stage, then add a note to the card: "${task.note}"`

const SYSTEM_PROMPT =
  'You manage an Octapipe workspace through tools. Resolve names to uuids with the list tools, read every page of a list, and change only what the task asks for.'

/** What the agent works with beside the task. */
export type McpSetup = {
  readonly manager: TrutoToolManager
  readonly accountId: string
  readonly model: BaseChatModel
  /** The time in the account (sandbox time offline), for the server's expiry. */
  readonly now: number
  /** Where the steps around the agent (the server's life) are told. */
  readonly note: (line: string) => void
  readonly callbacks?: Callbacks
}

/**
 * Provisions an MCP server for one hour, lets a `createAgent` agent work through its tools, and
 * deletes the server even when the run fails: its URL is a credential for as long as it lives.
 */
export async function moveCardOverMcp(task: McpPipelineTask, setup: McpSetup) {
  const { manager, accountId, note } = setup
  // create() checks the expiry against the wall clock, the sandbox against its own: clear both
  const expiresAt = new Date(Math.max(Date.now(), setup.now) + HOUR)
  const server = await manager.mcpServers.create({
    name: 'Pipeline agent',
    ...SCOPE,
    expiresAt,
    requireApiTokenAuth: true,
    accountId,
  })
  // its url and token are credentials: it is named by id only
  note(`created MCP server "${server.name}" ${server.id}, expires ${expiresAt.toISOString()}`)
  try {
    const tools = await manager.getMcpTools(server)
    const missing = Object.values(TOOLS).filter((name) => !tools.some((t) => t.name === name))
    if (missing.length) {
      throw new Error(`MCP server ${server.id} does not serve ${missing.join(', ')}.`)
    }
    note(`${tools.length} tools over MCP: ${tools.map((t) => t.name).join(', ')}`)
    const agent = createAgent({ model: setup.model, tools, systemPrompt: SYSTEM_PROMPT })
    const { messages } = await agent.invoke(
      { messages: [{ role: 'user', content: prompt(task) }] },
      { callbacks: setup.callbacks, recursionLimit: 30 },
    )
    return { server, messages }
  } finally {
    try {
      await manager.mcpServers.delete(server.id, accountId)
      note(`deleted MCP server ${server.id}`)
    } catch (error) {
      // only the library's errors promise a message without a token in it
      const why = isTrutoError(error) ? error.message : 'an unexpected error'
      note(`could not delete MCP server ${server.id}: ${why}`)
    }
  }
}

/** Runs the agent on a real model, in the embedded sandbox or on your account. */
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
  console.log(`${prompt(TASK)}\n`)
  try {
    const { messages } = await moveCardOverMcp(TASK, {
      manager,
      accountId: values.account ?? sandbox?.accounts.octapipe ?? '',
      model: await initChatModel(values.model),
      now: sandbox ? sandbox.clock.now() : Date.now(),
      note: console.log,
    })
    console.log(messages.at(-1)?.text)
  } finally {
    await manager.close()
  }
}

// `npm run example:mcp-pipeline` runs this file with what examples/support/ adds: a stand-in
// model when no --model is given, a trace of every call and checks of the sandbox afterwards.
// A copy of this file has no examples/support/ and runs main(). (The path is a constant so that
// a copy type-checks too.)
const REPO_ONLY = './support/runs/mcp-pipeline.js' // this repository only: a copy runs without it

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  import(REPO_ONLY).then(
    (repo: { main(): Promise<void> }) => repo.main(),
    (error: { code?: string }) => {
      if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error
      return main()
    },
  )
}
