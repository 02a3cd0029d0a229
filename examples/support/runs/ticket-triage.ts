// What `npm run example:ticket-triage` adds to the agent of examples/ticket-triage.ts: the
// stand-in model when no --model is given, the trace, and checks of what the run changed.
import type { TrutoTool } from 'truto-langchainjs-toolset'
import type { HappyFoxState } from 'truto-langchainjs-toolset/testing'
import { prompt, type TicketTask, TOOLS, ticketTask, triageTickets } from '../../ticket-triage.js'
import { connect, type ExampleOptions, loadTools } from '../connect.js'
import { main as runMain } from '../main.js'
import { chooseModel } from '../model.js'
import { ticketTriagePolicy } from '../policies/ticket-triage.js'
import {
  type Check,
  check,
  type ExampleResult,
  listed,
  noneFailed,
  printResult,
} from '../result.js'
import { Trace, type TraceStep } from '../trace.js'

export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  const print = options.print ?? console.log
  const connection = connect('happyfox', options)
  const task = ticketTask(connection.now())
  const { model, label } = await chooseModel(options.model, ticketTriagePolicy(task))
  const tools = await loadTools(connection, Object.values(TOOLS))
  const before = connection.sandbox && structuredClone(connection.sandbox.state.happyfox)

  print('\n=== Ticket triage (HappyFox)')
  print(`Task:  ${prompt(task)}`)
  print(`Model: ${label}`)
  print(`Tools: ${tools.length} tools (no reply tool) from ${connection.description}`)
  print('Trace:')

  const trace = new Trace(print)
  const messages = await triageTickets(task, { tools, model, callbacks: [trace.handler] })
  const after = connection.sandbox?.state.happyfox
  const outcome =
    before && after ? checkSandbox(task, before, after) : checkAnswers(task, trace.steps, tools)
  const result: ExampleResult = {
    example: 'ticket-triage',
    goalMet: outcome.checks.every((c) => c.ok),
    verified: Boolean(before),
    ...outcome,
    steps: trace.steps,
    waits: trace.waits,
    answer: messages.at(-1)?.text ?? '',
  }
  printResult(result, print)
  return result
}

/** The command line: the exit code is 0 only when the goal was met. */
export const main = () => runMain([run])

/** Compares the sandbox before and after: notes and category on the security tickets, nothing else. */
function checkSandbox(task: TicketTask, before: HappyFoxState, after: HappyFoxState) {
  const firstMessage = (id: number) => before.messages.find((m) => m.ticket_id === id)?.text ?? ''
  const security = before.tickets.filter(
    (t) =>
      t.assignee_id === null &&
      t.created_at > task.createdAfter &&
      task.topic.test(`${t.subject}\n${firstMessage(t.id)}`),
  )
  const isSecurity = (id: number) => security.some((t) => t.id === id)
  const category = after.categories.find((c) => c.name === task.category)
  const added = after.messages.slice(before.messages.length)
  const notes = added.filter((m) => m.type === 'private_note' && m.visibility === 'private')
  const ticketAfter = (id: number) => after.tickets.find((t) => t.id === id)
  const others = before.tickets.filter((t) => !isSecurity(t.id))

  const checks: Check[] = [
    check(
      security.every((t) => notes.some((n) => n.ticket_id === t.id)),
      `each of the ${security.length} security tickets (${security.map((t) => `#${t.id}`).join(', ')}) has a new private note`,
    ),
    check(
      security.every((t) => {
        const now = ticketAfter(t.id)
        return now?.category_id === category?.id && Boolean(now?.custom_fields.affected_browser)
      }),
      `each is in ${task.category} with its security issue and affected browser set`,
    ),
    check(
      others.every((t) => JSON.stringify(t) === JSON.stringify(ticketAfter(t.id))) &&
        notes.every((n) => isSecurity(n.ticket_id)),
      `the other ${others.length} tickets are untouched (assigned, older or off-topic ones included)`,
    ),
    check(
      added.every((m) => m.visibility === 'private'),
      `no public reply anywhere (${added.length} messages added, all private)`,
    ),
  ]
  const staffName = (id: number) => before.staff.find((s) => s.id === id)?.name ?? `staff ${id}`
  const changes = [
    ...notes.map(
      (n) =>
        `private note on #${n.ticket_id} by ${staffName(n.author_id)}: "${n.text.slice(0, 70)}…"`,
    ),
    ...security.map((t) => {
      const now = ticketAfter(t.id)
      const from = before.categories.find((c) => c.id === t.category_id)?.name
      const to = after.categories.find((c) => c.id === now?.category_id)?.name
      return `#${t.id} "${t.subject}": ${from} → ${to} ${JSON.stringify(now?.custom_fields)}`
    }),
  ]
  return { checks, changes }
}

/** Against a real account: the tickets the agent read and what the API answered to each write. */
function checkAnswers(task: TicketTask, steps: readonly TraceStep[], tools: readonly TrutoTool[]) {
  type Ticket = HappyFoxState['tickets'][number]
  type Message = HappyFoxState['messages'][number]
  const thread = listed<Message>(steps, TOOLS.messages)
  const security = listed<Ticket>(steps, TOOLS.tickets).filter(
    (t) =>
      t.assignee_id === null &&
      t.created_at > task.createdAfter &&
      task.topic.test(
        [t.subject, ...thread.filter((m) => m.ticket_id === t.id).map((m) => m.text)].join('\n'),
      ),
  )
  const category = listed<{ id: number; name: string }>(steps, TOOLS.categories).find(
    (c) => c.name === task.category,
  )
  const notes = steps.filter((s) => s.tool === TOOLS.note)
  const moves = steps.filter((s) => s.tool === TOOLS.update)
  const noted = notes.filter((s) => s.ok).map((s) => s.data as Message)
  const moved = moves.filter((s) => s.ok).map((s) => s.data as Ticket)
  const exactlySecurity = (ids: number[]) =>
    ids.length === security.length && security.every((t) => ids.includes(t.id))
  const ticketsRead = steps.some((s) => s.tool === TOOLS.tickets && s.ok)
  const replies = [...tools.map((t) => t.name), ...steps.map((s) => s.tool)].filter((name) =>
    /reply/i.test(name),
  )

  const checks: Check[] = [
    // nothing to triage is an honest answer, but not the run this example exists to show
    check(
      security.length > 0,
      security.length
        ? `the agent found ${security.length} password, login or 2FA tickets (${security.map((t) => `#${t.id}`).join(', ')})`
        : ticketsRead
          ? 'no matching tickets found: no new unassigned ticket read is about a password, login or 2FA'
          : 'no matching tickets found: the tickets were never read',
    ),
    check(
      exactlySecurity(noted.map((n) => n.ticket_id)) &&
        noted.every((n) => n.visibility === 'private'),
      `each of them, and no other, got a private note (${noted.length} accepted)`,
    ),
    check(
      exactlySecurity(moved.map((t) => t.id)) && moved.every((t) => t.category_id === category?.id),
      `each of them, and no other, is now in ${task.category} (${moved.length} accepted)`,
    ),
    noneFailed([...notes, ...moves], 'write'),
    check(!replies.length, 'no public reply: no reply tool was bound, and none was called'),
  ]
  const changes = [
    ...noted.map((n) => `private note on #${n.ticket_id}`),
    ...moved.map((t) => `#${t.id} "${t.subject}" moved to ${task.category}`),
  ]
  const unverified = [
    'that the other tickets are untouched',
    'what the customer sees in the thread',
  ]
  return { checks, changes, unverified }
}
