export type HappyFoxCustomField = {
  /** Key under a ticket's `custom_fields`. */
  name: string
  label: string
  type: 'text' | 'dropdown' | 'number' | 'date'
  /** Allowed values of a `dropdown` field. */
  choices?: string[]
  required: boolean
}

/** A ticket category; it decides which custom fields its tickets may and must carry. */
export type HappyFoxCategory = {
  id: number
  name: string
  description: string
  custom_fields: HappyFoxCustomField[]
}

/** A support agent. Staff ids and user ids are separate realms. */
export type HappyFoxStaff = {
  id: number
  name: string
  email: string
  role: 'admin' | 'agent'
  active: boolean
}

/** A customer who raises tickets. */
export type HappyFoxUser = {
  id: number
  name: string
  email: string
  phone: string | null
  created_at: string
}

export type HappyFoxTicket = {
  id: number
  subject: string
  status: 'new' | 'open' | 'pending' | 'solved' | 'closed'
  priority: 'low' | 'medium' | 'high' | 'urgent'
  category_id: number
  user_id: number
  assignee_id: number | null
  tags: string[]
  custom_fields: Record<string, string | number | null>
  created_at: string
  updated_at: string
}

/** One entry of a ticket's thread; private notes are staff-only. */
export type HappyFoxMessage = {
  id: number
  ticket_id: number
  type: 'user_reply' | 'staff_reply' | 'private_note'
  visibility: 'public' | 'private'
  author_type: 'user' | 'staff'
  author_id: number
  text: string
  created_at: string
}

/** Everything the HappyFox account holds; tests may read and change it directly. */
export type HappyFoxState = {
  categories: HappyFoxCategory[]
  staff: HappyFoxStaff[]
  users: HappyFoxUser[]
  tickets: HappyFoxTicket[]
  messages: HappyFoxMessage[]
}

export const emptyHappyFoxState = (): HappyFoxState => ({
  categories: [],
  staff: [],
  users: [],
  tickets: [],
  messages: [],
})
