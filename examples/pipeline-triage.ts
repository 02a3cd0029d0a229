// Octapipe: find the cards of one pipeline that sat in review for 48 h, notify each owner and move
// the card back to Blocked.
//
//   npx tsx pipeline-triage.ts [--model openai:gpt-4o-mini] [--account <integrated account id>]
//
// The whole agent is in this file, and a copy of it runs on its own: `npm install
// truto-langchainjs-toolset @langchain/core zod langchain @langchain/openai`, set OPENAI_API_KEY
// (or pass --model for another provider). Without --account it works in the embedded sandbox, so
// it needs no Truto account; with one it reads TRUTO_API_KEY.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Callbacks } from '@langchain/core/callbacks/manager'
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { createAgent, initChatModel } from 'langchain'
import { type TrutoTool, TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'

/** The tools the agent gets: a small catalogue keeps a model on task. */
export const TOOLS = {
  pipelines: 'list_all_octapipe_pipelines',
  stages: 'list_all_octapipe_pipeline_stages',
  cards: 'list_all_octapipe_pipeline_cards',
  notify: 'create_a_octapipe_notification',
  updateCard: 'update_a_octapipe_pipeline_card_by_id',
} as const

/** What the agent is asked to do; `now` is the time in the account (sandbox time offline). */
export const triageTask = (now: number) => ({
  pipeline: 'Core Engineering',
  reviewStage: 'In Review',
  blockedStage: 'Blocked',
  staleAfterHours: 48,
  now,
})
export type TriageTask = ReturnType<typeof triageTask>

export const prompt = (task: TriageTask) =>
  `Check the '${task.pipeline}' pipeline. Find any cards in the '${task.reviewStage}' stage that haven't been updated in ${task.staleAfterHours} hours. Send a notification to the card owner, and move the card back to '${task.blockedStage}'. It is now ${new Date(task.now).toISOString()}.`

const SYSTEM_PROMPT =
  'You manage an Octapipe workspace through tools. Resolve names to uuids with the list tools, read every page of a list, and only change the cards the task asks for.'

/** The agent: `createAgent` with the account's tools; resolves to the conversation. */
export async function triageStaleCards(
  task: TriageTask,
  { tools, model, callbacks }: { tools: TrutoTool[]; model: BaseChatModel; callbacks?: Callbacks },
) {
  const agent = createAgent({ model, tools, systemPrompt: SYSTEM_PROMPT })
  const { messages } = await agent.invoke(
    { messages: [{ role: 'user', content: prompt(task) }] },
    { callbacks, recursionLimit: 40 },
  )
  return messages
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
  const accountId = values.account ?? sandbox?.accounts.octapipe
  const tools = await manager.getTools(accountId, { include: Object.values(TOOLS) })
  const model = await initChatModel(values.model)
  const task = triageTask(sandbox ? sandbox.clock.now() : Date.now())
  console.log(`${prompt(task)}\n`)
  const messages = await triageStaleCards(task, { tools, model })
  console.log(messages.at(-1)?.text)
}

// `npm run example:pipeline-triage` runs this file with what examples/support/ adds: a stand-in
// model when no --model is given, a trace of every call and checks of the sandbox afterwards.
// A copy of this file has no examples/support/ and runs main(). (The path is a constant so that
// a copy type-checks too.)
const REPO_ONLY = './support/runs/pipeline-triage.js' // this repository only: a copy runs without it

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  import(REPO_ONLY).then(
    (repo: { main(): Promise<void> }) => repo.main(),
    (error: { code?: string }) => {
      if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error
      return main()
    },
  )
}
