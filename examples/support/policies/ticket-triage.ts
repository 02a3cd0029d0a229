import type { BaseMessage } from '@langchain/core/messages'
import { type TicketTask, TOOLS } from '../../ticket-triage.js'
import {
  answer,
  callTools,
  giveUpAfterFailures,
  listSoFar,
  toolExchanges,
} from '../conversation.js'
import type { Policy } from '../stand-in-model.js'

type Ticket = { id: number; subject: string }
type Message = { ticket_id: number; text: string }
type Field = { name: string; required: boolean; choices?: string[] }
type Category = { id: number; name: string; custom_fields: Field[] }

/** The stand-in's way through the task: read each new ticket, then note and move the security ones. */
export function ticketTriagePolicy(task: TicketTask): Policy {
  return (messages) => {
    const failure = giveUpAfterFailures(messages)
    if (failure) return answer(failure)

    const tickets = listSoFar<Ticket>(messages, TOOLS.tickets)
    if (!tickets.called || tickets.nextCursor) {
      const cursor = tickets.nextCursor ? { next_cursor: tickets.nextCursor } : {}
      const filter = { unassigned: true, created_after: task.createdAfter }
      return callTools(messages, [{ name: TOOLS.tickets, args: { ...filter, ...cursor } }])
    }
    if (!tickets.items.length) return answer('No unassigned tickets arrived in that time.')

    // the subject alone can mislead, so read every thread first
    const unread = tickets.items.filter((t) => !called(messages, TOOLS.messages, 'ticket_id', t.id))
    if (unread.length) {
      return callTools(
        messages,
        unread.map((t) => ({ name: TOOLS.messages, args: { ticket_id: t.id } })),
      )
    }
    const threads = listSoFar<Message>(messages, TOOLS.messages).items
    const threadOf = (ticket: Ticket) =>
      [ticket.subject, ...threads.filter((m) => m.ticket_id === ticket.id).map((m) => m.text)].join(
        '\n',
      )
    const security = tickets.items.filter((t) => task.topic.test(threadOf(t)))
    if (!security.length)
      return answer('None of the new tickets is about a password, login or 2FA.')

    const lookups = [TOOLS.staff, TOOLS.categories].filter(
      (tool) => !listSoFar(messages, tool).called,
    )
    if (lookups.length)
      return callTools(
        messages,
        lookups.map((name) => ({ name, args: {} })),
      )
    const author = listSoFar<{ id: number; name: string }>(messages, TOOLS.staff).items.find(
      (s) => s.name === task.noteAuthor,
    )
    const category = listSoFar<Category>(messages, TOOLS.categories).items.find(
      (c) => c.name === task.category,
    )
    if (!author || !category)
      return answer(`Cannot find staff "${task.noteAuthor}" or category "${task.category}".`)
    const issueField = category.custom_fields.find((f) => f.required && f.choices)
    const browserField = category.custom_fields.find((f) => f.name.includes('browser'))

    const calls = security.flatMap((ticket) => {
      const thread = threadOf(ticket)
      const issue = issueKind(thread, issueField?.choices ?? [])
      const browser = browserOf(thread)
      const customFields = {
        ...(issueField ? { [issueField.name]: issue } : {}),
        ...(browserField ? { [browserField.name]: browser } : {}),
      }
      const note = `Security triage: ${issue.replaceAll('_', ' ')}. Browser: ${browser}. User agent: ${line(thread, 'User agent') ?? 'not given'}. Moved to ${category.name}; no reply was sent to the customer.`
      return [
        ...(called(messages, TOOLS.note, 'ticket_id', ticket.id)
          ? []
          : [
              { name: TOOLS.note, args: { ticket_id: ticket.id, staff_id: author.id, text: note } },
            ]),
        ...(called(messages, TOOLS.update, 'id', ticket.id)
          ? []
          : [
              {
                name: TOOLS.update,
                args: { id: ticket.id, category_id: category.id, custom_fields: customFields },
              },
            ]),
      ]
    })
    if (calls.length) return callTools(messages, calls)
    // report what the API accepted, not what was attempted
    const done = security.filter(
      (t) =>
        succeeded(messages, TOOLS.note, 'ticket_id', t.id) &&
        succeeded(messages, TOOLS.update, 'id', t.id),
    )
    const failed = security.filter((t) => !done.includes(t))
    const ids = (list: readonly Ticket[]) => list.map((t) => `#${t.id}`).join(', ')
    return answer(
      [
        done.length
          ? `Added a private note to ${ids(done)} and moved them to ${category.name}.`
          : '',
        failed.length ? `Could not finish ${ids(failed)}; see the errors.` : '',
        'No public replies were posted.',
      ]
        .filter(Boolean)
        .join(' '),
    )
  }
}

const succeeded = (messages: readonly BaseMessage[], tool: string, arg: string, value: unknown) =>
  toolExchanges(messages).some(
    (exchange) => exchange.name === tool && exchange.args[arg] === value && exchange.ok,
  )

const called = (messages: readonly BaseMessage[], tool: string, arg: string, value: unknown) =>
  toolExchanges(messages).some((exchange) => exchange.name === tool && exchange.args[arg] === value)

/** The value after "Label:" on a line of the thread. */
const line = (text: string, label: string) => new RegExp(`${label}: (.+)`).exec(text)?.[1]?.trim()

/** "Chrome 126.0.6478.127 on Windows 11 Pro", or the sentence that mentions the browser. */
function browserOf(thread: string): string {
  const browser = line(thread, 'Browser')
  const os = line(thread, 'OS')
  return browser && os ? `${browser} on ${os}` : (browser ?? 'not given')
}

/** The dropdown value that fits the thread best, checked against the category's choices. */
function issueKind(thread: string, choices: readonly string[]): string {
  const kind = /2fa|two-factor|authenticator/i.test(thread)
    ? 'two_factor'
    : /locked/i.test(thread)
      ? 'account_lockout'
      : /log ?in|credentials/i.test(thread)
        ? 'login_failure'
        : /password/i.test(thread)
          ? 'password_reset'
          : 'other'
  return choices.includes(kind) ? kind : 'other'
}
