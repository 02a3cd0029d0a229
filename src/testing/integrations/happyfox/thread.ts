import { iso } from '../../state/clock.js'
import { created, ok, type ResourceSpec } from '../resource.js'
import { findOr404, nextId } from './fail.js'
import { checkStaff, intRef, page } from './people.js'
import type { HappyFoxState } from './state.js'

type Spec = ResourceSpec<HappyFoxState>

const ticketId = intRef('The ticket (`id` from `list_all_happyfox_tickets`).')

export const messages: Spec = {
  resource: 'ticket-messages',
  singular: 'ticket_message',
  tags: ['tickets'],
  methods: [
    {
      method: 'list',
      description:
        'Read a HappyFox ticket’s thread, oldest first: the customer’s messages and public staff replies. `visibility: all` adds private staff notes, which customers never see.',
      query: {
        type: 'object',
        properties: {
          ticket_id: ticketId,
          visibility: {
            type: 'string',
            enum: ['public', 'all'],
            default: 'public',
            description:
              '`public` is the thread the customer sees; `all` adds private staff notes.',
          },
        },
        required: ['ticket_id'],
      },
      handle: ({ state, query }) => {
        findOr404(state.tickets, query.ticket_id, 'Ticket')
        const thread = state.messages.filter(
          (m) =>
            m.ticket_id === query.ticket_id &&
            (query.visibility === 'all' || m.visibility === 'public'),
        )
        return ok(page(thread, query))
      },
    },
  ],
}

export const notes: Spec = {
  resource: 'ticket-notes',
  singular: 'ticket_note',
  tags: ['tickets'],
  methods: [
    {
      method: 'list',
      description: 'List the private staff notes on a HappyFox ticket.',
      query: { type: 'object', properties: { ticket_id: ticketId }, required: ['ticket_id'] },
      handle: ({ state, query }) => {
        findOr404(state.tickets, query.ticket_id, 'Ticket')
        return ok(
          page(
            state.messages.filter(
              (m) => m.ticket_id === query.ticket_id && m.type === 'private_note',
            ),
            query,
          ),
        )
      },
    },
    {
      method: 'create',
      description:
        'Add a PRIVATE note to a HappyFox ticket: only staff see it, the customer is not notified. Needs the ticket `id` and the author’s `staff_id` (from `list_all_happyfox_staff`).',
      body: {
        type: 'object',
        properties: {
          ticket_id: ticketId,
          staff_id: intRef('Author (`id` from `list_all_happyfox_staff`, not a user id).'),
          text: { type: 'string', minLength: 1, description: 'The note, plain text.' },
        },
        required: ['ticket_id', 'staff_id', 'text'],
      },
      handle: ({ state, body, now }) => {
        const ticket = findOr404(state.tickets, body.ticket_id, 'Ticket')
        checkStaff(state, body.staff_id, 'staff_id')
        const note = {
          id: nextId(state.messages, 0),
          ticket_id: ticket.id,
          type: 'private_note' as const,
          visibility: 'private' as const,
          author_type: 'staff' as const,
          author_id: body.staff_id as number,
          text: String(body.text),
          created_at: iso(now),
        }
        state.messages.push(note)
        ticket.updated_at = note.created_at
        return created(note)
      },
    },
  ],
}
