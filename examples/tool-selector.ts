// One agent over the tools of three accounts (Octapipe, Gumloop and HappyFox: 57 tools), with a
// middleware that binds only the eight the turn needs: find a card, move it to Done, note why.
//
//   npx tsx tool-selector.ts [--model openai:gpt-4o-mini] [--account <integrated account id>]
//
// The whole agent is in this file, and a copy of it runs on its own: `npm install
// truto-langchainjs-toolset @langchain/core zod langchain @langchain/openai`, set OPENAI_API_KEY
// (or pass --model for another provider). Without --account it works in the embedded sandbox;
// with one it reads TRUTO_API_KEY and binds that account's tools.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Callbacks } from '@langchain/core/callbacks/manager'
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { createAgent, initChatModel } from 'langchain'
import { type TrutoTool, TrutoToolManager, toolSelectorMiddleware } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'

/** Tools bound per model call: the ranking's best, plus the ones the model just called. */
export const MAX_TOOLS = 8

/** What the agent is asked to do. */
export const moveTask = {
  pipeline: 'Core Engineering',
  card: 'Fix timezone bug in reports',
  stage: 'Done',
  note: 'Shipped in 2.4 and verified in production.',
}
export type MoveTask = typeof moveTask

export const prompt = (task: MoveTask) =>
  `In the '${task.pipeline}' pipeline, find the card '${task.card}', move it to the '${task.stage}' stage and add a note on it saying: ${task.note}`

const SYSTEM_PROMPT =
  'You work in Octapipe, Gumloop and HappyFox through tools. Resolve names to uuids with the list tools and read every page of a list.'

/** The agent: every tool of the catalogue, of which each model call sees `MAX_TOOLS`. */
export async function moveAndNote(
  task: MoveTask,
  { tools, model, callbacks }: { tools: TrutoTool[]; model: BaseChatModel; callbacks?: Callbacks },
) {
  const agent = createAgent({
    model,
    tools,
    systemPrompt: SYSTEM_PROMPT,
    middleware: [toolSelectorMiddleware({ maxTools: MAX_TOOLS })],
  })
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
  const accounts = values.account ? [values.account] : Object.values(sandbox?.accounts ?? {})
  const tools = (await Promise.all(accounts.map((id) => manager.getTools(id)))).flat()
  const model = await initChatModel(values.model)
  console.log(`${prompt(moveTask)}\n`)
  const messages = await moveAndNote(moveTask, { tools, model })
  console.log(messages.at(-1)?.text)
}

// `npm run example:tool-selector` runs this file with what examples/support/ adds: a stand-in
// model when no --model is given, a trace of every call and checks of the sandbox afterwards.
// A copy of this file has no examples/support/ and runs main(). (The path is a constant so that
// a copy type-checks too.)
const REPO_ONLY = './support/runs/tool-selector.js' // this repository only: a copy runs without it

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  import(REPO_ONLY).then(
    (repo: { main(): Promise<void> }) => repo.main(),
    (error: { code?: string }) => {
      if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error
      return main()
    },
  )
}
