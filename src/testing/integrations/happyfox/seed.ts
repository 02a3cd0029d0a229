import { iso } from '../../state/clock.js'
import type { HappyFoxMessage, HappyFoxState, HappyFoxTicket } from './state.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const PRODUCT_AREA = {
  name: 'product_area',
  label: 'Product area',
  type: 'dropdown' as const,
  choices: ['web app', 'mobile app', 'api', 'other'],
  required: false,
}

const CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
const SAFARI_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'
const FIREFOX_UA = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0'

// [id, subject, user, category, minutes ago, assignee, status, first message]
const TICKETS: readonly [
  number,
  string,
  number,
  number,
  number,
  number | null,
  HappyFoxTicket['status'],
  string,
][] = [
  [
    5001,
    'Cannot log in after resetting my password',
    1001,
    1,
    12,
    null,
    'new',
    `I reset my password an hour ago and now the login page says "Invalid credentials" every time.\n\nBrowser: Chrome 126.0.6478.127\nOS: Windows 11 Pro\nUser agent: ${CHROME_UA}`,
  ],
  [
    5002,
    '2FA codes are always rejected',
    1002,
    1,
    25,
    null,
    'new',
    `My authenticator codes stopped working this morning; the 2FA screen says the code is invalid.\n\nBrowser: Safari 17.5\nOS: macOS 14.5 Sonoma\nUser agent: ${SAFARI_UA}`,
  ],
  [
    5003,
    'Question about my last invoice',
    1003,
    2,
    35,
    null,
    'new',
    'Invoice INV-20931 lists 14 seats but we only have 12. Can you check?',
  ],
  [
    5004,
    'Password reset email never arrives',
    1004,
    1,
    48,
    null,
    'new',
    `I requested a password reset three times and no email came (checked spam).\n\nBrowser: Firefox 127.0\nOS: Ubuntu 24.04 LTS\nUser agent: ${FIREFOX_UA}`,
  ],
  [
    5005,
    'Locked out after too many login attempts',
    1005,
    1,
    20,
    2,
    'open',
    'My account is locked after I mistyped my password. Browser: Edge 126 on Windows 10.',
  ],
  [
    5006,
    'Forgot my password',
    1006,
    1,
    180,
    null,
    'new',
    'How do I reset my password? Browser: Chrome 125 on ChromeOS.',
  ],
  [
    5007,
    'Export to CSV would be great',
    1001,
    1,
    40,
    null,
    'new',
    'Could the reports page export to CSV? We paste everything into spreadsheets today.',
  ],
  [
    5008,
    'Charged twice this month',
    1003,
    2,
    2 * 24 * 60,
    2,
    'open',
    'My card was charged twice on the 1st. Please refund one of them.',
  ],
  [
    5009,
    'Mobile app crashes on launch',
    1002,
    1,
    55,
    null,
    'new',
    'Since the last update the iOS app closes right after the splash screen.',
  ],
  [
    5010,
    'How do I add a teammate?',
    1004,
    1,
    300,
    4,
    'solved',
    'Where do I invite a colleague to our workspace?',
  ],
  [
    5011,
    'API rate limits for the reporting endpoint',
    1005,
    4,
    2 * 24 * 60 + 90,
    null,
    'new',
    'We hit 429s on /reports when syncing nightly. Could the limit be raised?',
  ],
  [
    5012,
    'Update company address on invoices',
    1006,
    2,
    7,
    null,
    'new',
    'We moved offices; please put Hauptstraße 5, 10115 Berlin on future invoices.',
  ],
]

/** The seeded HappyFox account, with timestamps relative to `now`. */
export function seedHappyFox(now: number): HappyFoxState {
  const at = (ago: number) => iso(now - ago)
  const messages: HappyFoxMessage[] = []
  const tickets = TICKETS.map(([id, subject, user, category, minutes, assignee, status, text]) => {
    messages.push({
      id: messages.length + 1,
      ticket_id: id,
      type: 'user_reply',
      visibility: 'public',
      author_type: 'user',
      author_id: user,
      text,
      created_at: at(minutes * MINUTE),
    })
    const ticket: HappyFoxTicket = {
      id,
      subject,
      status,
      priority: category === 2 ? 'high' : 'medium',
      category_id: category,
      user_id: user,
      assignee_id: assignee,
      tags: [],
      custom_fields: category === 2 ? { invoice_number: `INV-${20_900 + (id % 100)}` } : {},
      created_at: at(minutes * MINUTE),
      updated_at: at(minutes * MINUTE),
    }
    return ticket
  })
  messages.push(
    {
      id: messages.length + 1,
      ticket_id: 5008,
      type: 'staff_reply',
      visibility: 'public',
      author_type: 'staff',
      author_id: 2,
      text: 'Sorry about that! I have asked billing to refund the duplicate charge.',
      created_at: at(DAY),
    },
    {
      id: messages.length + 2,
      ticket_id: 5008,
      type: 'private_note',
      visibility: 'private',
      author_type: 'staff',
      author_id: 2,
      text: 'Stripe shows two captures; refund ref re_3PQ. Customer is on the annual plan.',
      created_at: at(DAY - HOUR),
    },
  )
  return {
    categories: [
      {
        id: 1,
        name: 'General Support',
        description: 'Questions and problems with the product.',
        custom_fields: [PRODUCT_AREA],
      },
      {
        id: 2,
        name: 'Billing',
        description: 'Invoices, refunds and payment methods.',
        custom_fields: [
          { name: 'invoice_number', label: 'Invoice number', type: 'text', required: true },
          { name: 'billing_period', label: 'Billing period start', type: 'date', required: false },
        ],
      },
      {
        id: 3,
        name: 'IT Security',
        description: 'Account access, passwords, 2FA and suspected compromise.',
        custom_fields: [
          {
            name: 'security_issue',
            label: 'Security issue',
            type: 'dropdown',
            choices: [
              'password_reset',
              'login_failure',
              'two_factor',
              'account_lockout',
              'phishing',
              'other',
            ],
            required: true,
          },
          { name: 'affected_browser', label: 'Affected browser', type: 'text', required: false },
        ],
      },
      {
        id: 4,
        name: 'Feature Requests',
        description: 'Ideas and requests for the roadmap.',
        custom_fields: [
          PRODUCT_AREA,
          { name: 'votes', label: 'Votes', type: 'number', required: false },
        ],
      },
    ],
    staff: [
      ['Alex Morgan', 'alex.morgan', 'admin'],
      ['Jamie Patel', 'jamie.patel', 'agent'],
      ['Riley Chen', 'riley.chen', 'agent'],
      ['Sam Okoro', 'sam.okoro', 'agent'],
    ].map(([name, handle, role], i) => ({
      id: i + 1,
      name: name as string,
      email: `${handle}@support.example`,
      role: role as 'admin' | 'agent',
      active: true,
    })),
    users: [
      'Emma Lawson',
      'Noah Fischer',
      'Olivia Martins',
      "Liam O'Brien",
      'Ava Kowalski',
      'Lucas Moreau',
    ].map((name, i) => ({
      id: 1001 + i,
      name,
      email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@customer.example`,
      phone: i % 2 === 0 ? `+44 20 7946 0${100 + i}` : null,
      created_at: at((100 + i) * DAY),
    })),
    tickets,
    messages,
  }
}
