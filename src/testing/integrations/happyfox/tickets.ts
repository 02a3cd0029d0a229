import { iso } from '../../state/clock.js'
import type { JsonSchema } from '../json-schema.js'
import { accepted, created, ok, type ResourceSpec } from '../resource.js'
import { findOr404, happyfoxFail, nextId } from './fail.js'
import { checkStaff, checkUser, intRef, page } from './people.js'
import type { HappyFoxMessage, HappyFoxState, HappyFoxTicket } from './state.js'

type Spec = ResourceSpec<HappyFoxState>
type Body = Readonly<Record<string, unknown>>

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The custom fields a ticket ends up with in `categoryId`, or the 400 HappyFox answers. */
export function resolveCustomFields(
  state: HappyFoxState,
  categoryId: number,
  current: Readonly<Record<string, string | number | null>>,
  changes: Readonly<Record<string, unknown>>,
): Record<string, string | number | null> {
  const category = state.categories.find((c) => c.id === categoryId)
  if (!category) throw happyfoxFail(400, `category_id ${categoryId} does not exist`, 'category_id')
  const allowed = new Map(category.custom_fields.map((f) => [f.name, f]))
  const next: Record<string, string | number | null> = {}
  // values of fields the new category does not know are dropped on a move
  for (const [name, value] of Object.entries(current)) if (allowed.has(name)) next[name] = value
  for (const [name, value] of Object.entries(changes)) {
    const field = allowed.get(name)
    if (!field) {
      const names = [...allowed.keys()].join(', ') || 'none'
      throw happyfoxFail(
        400,
        `custom field "${name}" is not available in category "${category.name}" (allowed: ${names})`,
        name,
      )
    }
    const valid =
      value === null ||
      (field.type === 'number'
        ? typeof value === 'number'
        : typeof value === 'string' &&
          (field.type !== 'dropdown' || (field.choices ?? []).includes(value)) &&
          (field.type !== 'date' || DATE.test(value)))
    if (!valid) {
      const expected =
        field.type === 'dropdown' ? `one of ${field.choices?.join(', ')}` : `a ${field.type}`
      throw happyfoxFail(400, `custom field "${name}" must be ${expected}`, name)
    }
    next[name] = value as string | number | null
  }
  const missing = category.custom_fields
    .filter((f) => f.required && next[f.name] == null)
    .map((f) => f.name)
  if (missing.length) {
    throw happyfoxFail(
      400,
      `category "${category.name}" requires custom field(s) ${missing.join(', ')}; send them in custom_fields`,
      missing[0],
    )
  }
  return next
}

const customFields: JsonSchema = {
  type: 'object',
  description:
    'Values by custom field name. The ticket’s category decides which names are allowed and required (`list_all_happyfox_categories`).',
  additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }], nullable: true },
}

const ticketFields: Record<string, JsonSchema> = {
  subject: { type: 'string', minLength: 1, maxLength: 250 },
  status: { type: 'string', enum: ['new', 'open', 'pending', 'solved', 'closed'] },
  priority: { type: 'string', enum: ['low', 'medium', 'high', 'urgent'], default: 'medium' },
  category_id: intRef('Category (`id` from `list_all_happyfox_categories`).'),
  assignee_id: {
    type: 'integer',
    nullable: true,
    description:
      'Staff member to assign (`id` from `list_all_happyfox_staff`, not a user id); null unassigns.',
  },
  tags: { type: 'array', items: { type: 'string' } },
  custom_fields: customFields,
}

function post(
  state: HappyFoxState,
  message: Omit<HappyFoxMessage, 'id'>,
  ticket: HappyFoxTicket,
): HappyFoxMessage {
  const entry = { id: nextId(state.messages, 0), ...message }
  state.messages.push(entry)
  ticket.updated_at = entry.created_at
  return entry
}

const replyBody = (author: string, description: string): JsonSchema => ({
  type: 'object',
  properties: {
    [author]: intRef(description),
    text: { type: 'string', minLength: 1, description: 'The reply, plain text.' },
  },
  required: [author, 'text'],
})

export const tickets: Spec = {
  resource: 'tickets',
  singular: 'ticket',
  tags: ['tickets'],
  id: intRef('The ticket `id`, from `list_all_happyfox_tickets`.'),
  methods: [
    {
      method: 'list',
      description:
        'List HappyFox tickets, newest first, 10 per page (follow `next_cursor`). Filter by `unassigned`, `created_after`, `status`, `category_id`, `assignee_id` or `user_id`. Read a ticket’s messages with `list_all_happyfox_ticket_messages`.',
      query: {
        type: 'object',
        properties: {
          unassigned: { type: 'boolean', description: 'Only tickets without an assignee.' },
          created_after: {
            type: 'string',
            format: 'date-time',
            description: 'Only tickets created after this instant.',
          },
          status: { type: 'string', enum: ['new', 'open', 'pending', 'solved', 'closed'] },
          category_id: intRef('Only tickets in this category.'),
          assignee_id: intRef('Only tickets assigned to this staff member.'),
          user_id: intRef('Only tickets raised by this user.'),
        },
      },
      handle: ({ state, query }) => {
        const after =
          typeof query.created_after === 'string' ? Date.parse(query.created_after) : undefined
        const hits = state.tickets
          .filter(
            (t) =>
              (query.unassigned === undefined || (t.assignee_id === null) === query.unassigned) &&
              (after === undefined || Date.parse(t.created_at) > after) &&
              (!query.status || t.status === query.status) &&
              (query.category_id === undefined || t.category_id === query.category_id) &&
              (query.assignee_id === undefined || t.assignee_id === query.assignee_id) &&
              (query.user_id === undefined || t.user_id === query.user_id),
          )
          .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id)
        return ok(page(hits, query))
      },
    },
    {
      method: 'get',
      description: 'Get one HappyFox ticket: subject, status, category, assignee, custom fields.',
      handle: ({ state, id }) => ok(findOr404(state.tickets, id, 'Ticket')),
    },
    {
      method: 'create',
      description: 'Open a HappyFox ticket on behalf of a user (customer), with its first message.',
      body: {
        type: 'object',
        properties: {
          ...ticketFields,
          user_id: intRef('The customer (`id` from `list_all_happyfox_users`).'),
          text: { type: 'string', minLength: 1, description: 'The customer’s first message.' },
        },
        required: ['subject', 'text', 'user_id', 'category_id'],
      },
      handle: ({ state, body, now }) => {
        checkUser(state, body.user_id, 'user_id')
        if (body.assignee_id != null) checkStaff(state, body.assignee_id, 'assignee_id')
        const categoryId = body.category_id as number
        const ticket: HappyFoxTicket = {
          id: nextId(state.tickets, 5000),
          subject: String(body.subject),
          status: (body.status as HappyFoxTicket['status'] | undefined) ?? 'new',
          priority: (body.priority as HappyFoxTicket['priority'] | undefined) ?? 'medium',
          category_id: categoryId,
          user_id: body.user_id as number,
          assignee_id: (body.assignee_id as number | null | undefined) ?? null,
          tags: (body.tags as string[] | undefined) ?? [],
          custom_fields: resolveCustomFields(
            state,
            categoryId,
            {},
            (body.custom_fields as Body | undefined) ?? {},
          ),
          created_at: iso(now),
          updated_at: iso(now),
        }
        state.tickets.push(ticket)
        post(state, userReply(ticket.id, ticket.user_id, String(body.text), now), ticket)
        return created(ticket)
      },
    },
    {
      method: 'update',
      description:
        'Update a HappyFox ticket: status, priority, assignee (a staff id), tags, or move it to another category. Moving to a category requires that category’s required custom fields in `custom_fields`; fields it does not allow are rejected.',
      body: { type: 'object', properties: ticketFields },
      handle: ({ state, id, body, now }) => {
        const ticket = findOr404(state.tickets, id, 'Ticket')
        if (body.assignee_id != null) checkStaff(state, body.assignee_id, 'assignee_id')
        const categoryId = (body.category_id as number | undefined) ?? ticket.category_id
        const fields = resolveCustomFields(
          state,
          categoryId,
          ticket.custom_fields,
          (body.custom_fields as Body | undefined) ?? {},
        )
        for (const key of ['subject', 'status', 'priority', 'assignee_id', 'tags'] as const) {
          if (body[key] !== undefined) Object.assign(ticket, { [key]: body[key] })
        }
        Object.assign(ticket, {
          category_id: categoryId,
          custom_fields: fields,
          updated_at: iso(now),
        })
        return ok(ticket)
      },
    },
    {
      method: 'staff_reply',
      takesId: true,
      description:
        'Post a PUBLIC reply from a staff member on a HappyFox ticket; the customer sees and is emailed it. For internal notes use `create_a_happyfox_ticket_note` instead.',
      body: replyBody(
        'staff_id',
        'The replying staff member (`id` from `list_all_happyfox_staff`).',
      ),
      handle: ({ state, id, body, now }) => {
        const ticket = findOr404(state.tickets, id, 'Ticket')
        checkStaff(state, body.staff_id, 'staff_id')
        const message = post(
          state,
          {
            ticket_id: ticket.id,
            type: 'staff_reply',
            visibility: 'public',
            author_type: 'staff',
            author_id: body.staff_id as number,
            text: String(body.text),
            created_at: iso(now),
          },
          ticket,
        )
        if (ticket.status === 'new') ticket.status = 'open'
        return created(message)
      },
    },
    {
      method: 'user_reply',
      takesId: true,
      description:
        'Post a reply on a HappyFox ticket on behalf of a user (customer); the thread shows it publicly.',
      body: replyBody(
        'user_id',
        'The customer (`id` from `list_all_happyfox_users`), not a staff id.',
      ),
      handle: ({ state, id, body, now }) => {
        const ticket = findOr404(state.tickets, id, 'Ticket')
        checkUser(state, body.user_id, 'user_id')
        return accepted(
          post(state, userReply(ticket.id, body.user_id as number, String(body.text), now), ticket),
        )
      },
    },
  ],
}

function userReply(
  ticketId: number,
  userId: number,
  text: string,
  now: number,
): Omit<HappyFoxMessage, 'id'> {
  return {
    ticket_id: ticketId,
    type: 'user_reply',
    visibility: 'public',
    author_type: 'user',
    author_id: userId,
    text,
    created_at: iso(now),
  }
}
