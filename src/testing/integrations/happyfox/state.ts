/** A custom ticket field of a category. */
export type HappyFoxCustomField = {
  /** Key under a ticket's `custom_fields`. */
  name: string
  /** Display name. */
  label: string
  /** Kind of value it holds. */
  type: 'text' | 'dropdown' | 'number' | 'date'
  /** Allowed values of a `dropdown` field. */
  choices?: string[]
  /** True when tickets of the category must have a value. */
  required: boolean
}

/** A ticket category; it decides which custom fields its tickets may and must carry. */
export type HappyFoxCategory = {
  /** The category's id. */
  id: number
  /** Display name. */
  name: string
  /** What tickets belong in it. */
  description: string
  /** The custom fields its tickets carry. */
  custom_fields: HappyFoxCustomField[]
}

/** A support agent. Staff ids and user ids are separate realms. */
export type HappyFoxStaff = {
  /** The agent's staff id. */
  id: number
  /** Full name. */
  name: string
  /** Email address. */
  email: string
  /** Help-desk role. */
  role: 'admin' | 'agent'
  /** False for a deactivated agent. */
  active: boolean
}

/** A customer who raises tickets. */
export type HappyFoxUser = {
  /** The customer's user id. */
  id: number
  /** Full name. */
  name: string
  /** Email address. */
  email: string
  /** Phone number, or `null`. */
  phone: string | null
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** A support ticket. */
export type HappyFoxTicket = {
  /** The ticket's id. */
  id: number
  /** Subject line. */
  subject: string
  /** Where the ticket is in its lifecycle. */
  status: 'new' | 'open' | 'pending' | 'solved' | 'closed'
  /** Priority. */
  priority: 'low' | 'medium' | 'high' | 'urgent'
  /** The category it belongs to. */
  category_id: number
  /** The customer who raised it. */
  user_id: number
  /** The staff member it is assigned to, or `null`. */
  assignee_id: number | null
  /** Free-form tags. */
  tags: string[]
  /** Values of its category's custom fields, by field `name`. */
  custom_fields: Record<string, string | number | null>
  /** ISO instant of creation, in sandbox time. */
  created_at: string
  /** ISO instant of the last change, in sandbox time. */
  updated_at: string
}

/** One entry of a ticket's thread; private notes are staff-only. */
export type HappyFoxMessage = {
  /** The message's id. */
  id: number
  /** The ticket it belongs to. */
  ticket_id: number
  /** A customer reply, a staff reply or a private staff note. */
  type: 'user_reply' | 'staff_reply' | 'private_note'
  /** `private` for notes customers never see. */
  visibility: 'public' | 'private'
  /** Whether a customer or a staff member wrote it. */
  author_type: 'user' | 'staff'
  /** The author, a user id or a staff id as `author_type` says. */
  author_id: number
  /** The text. */
  text: string
  /** ISO instant of creation, in sandbox time. */
  created_at: string
}

/** Everything the HappyFox account holds; tests may read and change it directly. */
export type HappyFoxState = {
  /** Ticket categories. */
  categories: HappyFoxCategory[]
  /** Support agents. */
  staff: HappyFoxStaff[]
  /** Customers. */
  users: HappyFoxUser[]
  /** Tickets. */
  tickets: HappyFoxTicket[]
  /** Every ticket's thread entries. */
  messages: HappyFoxMessage[]
}

export const emptyHappyFoxState = (): HappyFoxState => ({
  categories: [],
  staff: [],
  users: [],
  tickets: [],
  messages: [],
})
