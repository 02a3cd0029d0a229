// HappyFox: private notes and the IT Security category for new password, login and 2FA tickets.
// The agent gets no reply tool, so it cannot answer the customer.
//
//   npx tsx ticket-triage.ts [--model openai:gpt-4o-mini] [--account <integrated account id>]
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

/** The tools the agent gets; no reply tool among them, so it cannot post a public reply. */
export const TOOLS = {
  tickets: 'list_all_happyfox_tickets',
  messages: 'list_all_happyfox_ticket_messages',
  staff: 'list_all_happyfox_staff',
  categories: 'list_all_happyfox_categories',
  note: 'create_a_happyfox_ticket_note',
  update: 'update_a_happyfox_ticket_by_id',
} as const

const HOUR = 3_600_000

/** What the agent is asked to do; `now` is the time in the account (sandbox time offline). */
export const ticketTask = (now: number) => ({
  /** Only tickets created after this instant (ISO 8601). */
  createdAfter: new Date(now - HOUR).toISOString(),
  /** Which tickets count as security tickets, by subject or message. */
  topic: /password|log ?in|2fa|two-factor/i,
  category: 'IT Security',
  /** The staff member the private notes are written as. */
  noteAuthor: 'Alex Morgan',
})
export type TicketTask = ReturnType<typeof ticketTask>

export const prompt = (task: TicketTask) =>
  `Review the unassigned HappyFox tickets created in the last hour (after ${task.createdAfter}). For each one about a password, login or 2FA problem, add a private staff note as ${task.noteAuthor} summarising the user's browser details, and move the ticket to the '${task.category}' category. Never post a public reply.`

const SYSTEM_PROMPT =
  'You triage a HappyFox help desk through tools. Read a ticket’s messages before deciding about it. Private notes are for staff; never write to the customer.'

/** The agent: `createAgent` with the account's tools; resolves to the conversation. */
export async function triageTickets(
  task: TicketTask,
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
  const accountId = values.account ?? sandbox?.accounts.happyfox
  const tools = await manager.getTools(accountId, { include: Object.values(TOOLS) })
  const model = await initChatModel(values.model)
  const task = ticketTask(sandbox ? sandbox.clock.now() : Date.now())
  console.log(`${prompt(task)}\n`)
  const messages = await triageTickets(task, { tools, model })
  console.log(messages.at(-1)?.text)
}

// `npm run example:ticket-triage` runs this file with what examples/support/ adds: a stand-in
// model when no --model is given, a trace of every call and checks of the sandbox afterwards.
// A copy of this file has no examples/support/ and runs main(). (The path is a constant so that
// a copy type-checks too.)
const REPO_ONLY = './support/runs/ticket-triage.js' // this repository only: a copy runs without it

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  import(REPO_ONLY).then(
    (repo: { main(): Promise<void> }) => repo.main(),
    (error: { code?: string }) => {
      if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error
      return main()
    },
  )
}
