import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { beforeEach, expect, test } from 'vitest'
import { client } from './helpers.js'

const sandbox = createSandbox({ clock: 'manual' })
const api = client(sandbox)
const account = { integrated_account_id: sandbox.accounts.happyfox }
const HOUR = 3_600_000
const categoryId = (name: string) =>
  sandbox.state.happyfox.categories.find((c) => c.name === name)?.id
const staffId = (name: string) => sandbox.state.happyfox.staff.find((s) => s.name === name)?.id

beforeEach(() => sandbox.reset())

test('unassigned tickets of the last hour include the login and 2FA ones', async () => {
  const since = new Date(sandbox.clock.now() - HOUR).toISOString()
  const { json } = await api.get('/proxy/tickets', {
    ...account,
    unassigned: true,
    created_after: since,
  })
  const subjects = json.result.map((t: { subject: string }) => t.subject)
  expect(subjects).toHaveLength(7)
  expect(subjects).toEqual(
    expect.arrayContaining([
      'Cannot log in after resetting my password',
      '2FA codes are always rejected',
      'Password reset email never arrives',
      'Question about my last invoice',
    ]),
  )
  expect(subjects).not.toContain('Forgot my password')
  expect(subjects).not.toContain('Locked out after too many login attempts')
})

test('tickets page 10 at a time, newest first', async () => {
  const first = await api.get('/proxy/tickets', account)
  const second = await api.get('/proxy/tickets', {
    ...account,
    next_cursor: first.json.next_cursor,
  })
  expect(first.json.result).toHaveLength(10)
  expect(first.json.result[0].subject).toBe('Update company address on invoices')
  expect(second.json.result).toHaveLength(2)
  expect(second.json.next_cursor).toBeNull()
})

test('a login ticket’s user message carries browser details', async () => {
  const { json } = await api.get('/proxy/ticket-messages', { ...account, ticket_id: 5001 })
  expect(json.result[0].text).toMatch(
    /Browser: Chrome 126[\s\S]*OS: Windows 11[\s\S]*User agent: Mozilla\/5.0/,
  )
})

test('moving a ticket to IT Security without its required field is a 400', async () => {
  const { status, json } = await api.patch('/proxy/tickets/5001', account, {
    category_id: categoryId('IT Security'),
  })
  expect(status).toBe(400)
  expect(json.message).toMatch(/requires custom field\(s\) security_issue/)
  expect(sandbox.state.happyfox.tickets.find((t) => t.id === 5001)?.category_id).toBe(
    categoryId('General Support'),
  )
})

test('a field the category does not allow is a 400', async () => {
  const { status, json } = await api.patch('/proxy/tickets/5001', account, {
    category_id: categoryId('IT Security'),
    custom_fields: { security_issue: 'login_failure', invoice_number: 'INV-1' },
  })
  expect(status).toBe(400)
  expect(json.message).toMatch(/"invoice_number" is not available in category "IT Security"/)
})

test('a ticket moves to IT Security with its required fields', async () => {
  const { status, json } = await api.patch('/proxy/tickets/5001', account, {
    category_id: categoryId('IT Security'),
    custom_fields: {
      security_issue: 'login_failure',
      affected_browser: 'Chrome 126 on Windows 11',
    },
  })
  expect(status).toBe(200)
  expect(json).toMatchObject({
    category_id: categoryId('IT Security'),
    custom_fields: { security_issue: 'login_failure' },
  })
})

test('a dropdown value outside its choices is a 400', async () => {
  const { status } = await api.patch('/proxy/tickets/5001', account, {
    category_id: categoryId('IT Security'),
    custom_fields: { security_issue: 'hacked' },
  })
  expect(status).toBe(400)
})

test('a user id is not a staff id', async () => {
  const assign = await api.patch('/proxy/tickets/5001', account, { assignee_id: 1001 })
  const note = await api.post('/proxy/ticket-notes', account, {
    ticket_id: 5001,
    staff_id: 1001,
    text: 'x',
  })
  expect(assign.status).toBe(400)
  expect(assign.json.message).toMatch(/is a user \(customer\) id, not a staff id/)
  expect(note.status).toBe(400)
})

test('a staff id is not a user id', async () => {
  const { status, json } = await api.post(
    '/proxy/tickets/user_reply',
    { ...account, id: 5001 },
    { user_id: 1, text: 'Hi' },
  )
  expect(status).toBe(400)
  expect(json.message).toMatch(/is a staff id, not a user/)
})

test('a private note never shows in the customer-visible thread', async () => {
  const note = await api.post('/proxy/ticket-notes', account, {
    ticket_id: 5002,
    staff_id: staffId('Riley Chen'),
    text: 'Safari 17.5 on macOS 14.5; check TOTP clock drift.',
  })
  const visible = await api.get('/proxy/ticket-messages', { ...account, ticket_id: 5002 })
  const everything = await api.get('/proxy/ticket-messages', {
    ...account,
    ticket_id: 5002,
    visibility: 'all',
  })
  expect(note.status).toBe(201)
  expect(visible.json.result.map((m: { type: string }) => m.type)).toEqual(['user_reply'])
  expect(everything.json.result.map((m: { type: string }) => m.type)).toEqual([
    'user_reply',
    'private_note',
  ])
})

test('a staff reply is public and a different endpoint from a note', async () => {
  const { status } = await api.post(
    '/proxy/tickets/staff_reply',
    { ...account, id: 5002 },
    { staff_id: staffId('Jamie Patel'), text: 'We are on it.' },
  )
  const visible = await api.get('/proxy/ticket-messages', { ...account, ticket_id: 5002 })
  expect(status).toBe(201)
  expect(visible.json.result.at(-1)).toMatchObject({ type: 'staff_reply', visibility: 'public' })
})

test('a ticket is assigned to staff', async () => {
  const { json } = await api.patch('/proxy/tickets/5003', account, {
    assignee_id: staffId('Jamie Patel'),
  })
  expect(json.assignee_id).toBe(staffId('Jamie Patel'))
})
