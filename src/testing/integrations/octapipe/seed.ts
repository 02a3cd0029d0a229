import { iso, isoDate } from '../../state/clock.js'
import { uuidFrom } from '../../state/random.js'
import type { OctapipeCard, OctapipeRecord, OctapipeStage, OctapipeState } from './state.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const id = (kind: string, n: number | string) => uuidFrom(`octapipe:${kind}:${n}`)

const USERS = [
  ['Priya Raman', 'priya.raman@octapipe.example', 'admin'],
  ['Marcus Chen', 'marcus.chen@octapipe.example', 'member'],
  ['Sofia Alvarez', 'sofia.alvarez@octapipe.example', 'member'],
  ['Daniel Okafor', 'daniel.okafor@octapipe.example', 'member'],
  ['Hannah Berg', 'hannah.berg@octapipe.example', 'member'],
  ['Tomasz Nowak', 'tomasz.nowak@octapipe.example', 'member'],
] as const

export const CORE_STAGES = ['Backlog', 'Ready', 'In Progress', 'In Review', 'Blocked', 'Done']
const SALES_STAGES = ['Lead', 'Qualified', 'Proposal', 'Won', 'Lost']

// [title, stage index, hours since the last update]: In Review is the bottleneck, 18 cards, 5 stale
const CORE_CARDS: readonly [title: string, stage: number, hoursAgo: number][] = [
  ['Migrate auth service to OAuth 2.1', 2, 5],
  ['Flaky test in payments reconciliation', 3, 20],
  ['Rate-limit webhook retries', 3, 52],
  ['Add tracing to order pipeline', 0, 200],
  ['Upgrade Postgres to 16', 1, 90],
  ['Dark mode for settings page', 5, 300],
  ['Remove legacy CSV importer', 0, 400],
  ['Cache pricing lookups', 3, 3],
  ['Document on-call runbook', 3, 6],
  ['Fix timezone bug in reports', 4, 30],
  ['Split monolith billing module', 0, 500],
  ['Retry policy for S3 uploads', 3, 10],
  ['Audit IAM roles', 3, 60],
  ['Paginate admin user list', 3, 1],
  ['Bump Node to 22 in CI', 5, 250],
  ['Consolidate feature flags', 2, 26],
  ['SLO dashboard for search', 3, 73],
  ['Sanitise HTML in comments', 3, 8],
  ['Backfill missing invoice ids', 0, 320],
  ['Load test the export service', 1, 100],
  ['Archive stale branches', 5, 180],
  ['Health check for queue workers', 3, 47],
  ['Typed client for inventory API', 3, 14],
  ['Throttle password reset emails', 4, 12],
  ['Speed up Docker builds', 0, 610],
  ['Alert on disk usage', 3, 2],
  ['Idempotency keys for refunds', 3, 30],
  ['Localise error messages', 0, 700],
  ['Rotate database credentials', 3, 97],
  ['Mobile deep links for invites', 2, 40],
  ['Delete orphaned uploads', 5, 150],
  ['Schema registry for events', 1, 80],
  ['Profile slow search queries', 3, 4],
  ['Retire v1 public API', 0, 900],
  ['Accessibility pass on checkout', 3, 12],
  ['Bulk edit for tags', 4, 70],
  ['Encrypt backups at rest', 3, 22],
  ['Feature flag for new onboarding', 1, 33],
  ['Replace cron with scheduler', 5, 240],
  ['Harden CSP headers', 3, 150],
]

const SALES_CARDS: readonly [string, number][] = [
  ['Northwind Traders renewal', 2],
  ['Globex expansion', 1],
  ['Initech pilot', 0],
  ['Umbrella Corp enterprise deal', 3],
  ['Stark Industries POC', 4],
  ['Wayne Enterprises upsell', 1],
]

/** The seeded Octapipe account, with timestamps relative to `now`. */
export function seedOctapipe(now: number): OctapipeState {
  const at = (ago: number) => iso(now - ago)
  const users = USERS.map(([name, email, role], i) => ({
    uuid: id('user', i + 1),
    name,
    email,
    role,
    created_at: at(400 * DAY - i * DAY),
  }))
  const userAt = (i: number) => users[i % users.length]?.uuid ?? null

  const pipelines = (
    [
      ['core', 'Core Engineering', 'Product engineering work, from backlog to release.'],
      ['sales', 'Sales Pipeline', 'New business and renewals.'],
      ['hiring', 'Hiring', null],
    ] as const
  ).map(([key, name, description]) => ({
    uuid: id('pipeline', key),
    name,
    description,
    created_at: at(300 * DAY),
    updated_at: at(10 * DAY),
  }))
  const [core, sales, hiring] = pipelines.map((p) => p.uuid) as [string, string, string]

  const stagesOf = (pipeline: string, names: readonly string[]): OctapipeStage[] =>
    names.map((name, position) => ({
      uuid: id('stage', `${pipeline}:${name}`),
      pipeline_uuid: pipeline,
      name,
      position,
      created_at: at(300 * DAY),
    }))
  const coreStages = stagesOf(core, CORE_STAGES)
  const salesStages = stagesOf(sales, SALES_STAGES)
  const stages = [
    ...coreStages,
    ...salesStages,
    ...stagesOf(hiring, ['Applied', 'Interview', 'Offer']),
  ]

  const card = (
    n: number,
    title: string,
    pipeline: string,
    stage: OctapipeStage | undefined,
    hoursAgo: number,
  ): OctapipeCard => ({
    uuid: id('card', n),
    title,
    description: n % 3 === 0 ? null : `${title}. Acceptance criteria are in the linked doc.`,
    pipeline_uuid: pipeline,
    pipeline_stage_uuid: stage?.uuid ?? '',
    owner_uuid: userAt(n),
    priority: (['low', 'medium', 'high', 'urgent'] as const)[n % 4] ?? 'medium',
    labels: n % 2 === 0 ? ['backend'] : ['frontend', 'customer-facing'],
    due_date: n % 4 === 0 ? null : isoDate(now + (n % 10) * DAY),
    created_at: at((hoursAgo + 24 * (40 - (n % 40))) * HOUR),
    updated_at: at(hoursAgo * HOUR),
  })
  const cards = [
    ...CORE_CARDS.map(([title, stage, hoursAgo], i) =>
      card(i + 1, title, core, coreStages[stage], hoursAgo),
    ),
    ...SALES_CARDS.map(([title, stage], i) =>
      card(100 + i, title, sales, salesStages[stage], 24 * (i + 1)),
    ),
  ]

  const database = {
    uuid: id('database', 'accounts'),
    name: 'Customer Accounts',
    created_at: at(200 * DAY),
    fields: [
      { key: 'company', label: 'Company', type: 'text' as const, required: true },
      { key: 'arr', label: 'ARR (USD)', type: 'number' as const, required: false },
      {
        key: 'tier',
        label: 'Tier',
        type: 'select' as const,
        required: false,
        options: ['starter', 'growth', 'enterprise'],
      },
      { key: 'renewal_date', label: 'Renewal date', type: 'date' as const, required: false },
      { key: 'churn_risk', label: 'Churn risk', type: 'boolean' as const, required: false },
      { key: 'csm_email', label: 'CSM email', type: 'email' as const, required: false },
    ],
  }
  const companies = [
    'Northwind',
    'Globex',
    'Initech',
    'Umbrella',
    'Stark',
    'Wayne',
    'Acme',
    'Hooli',
    'Soylent',
    'Vandelay',
    'Pied Piper',
    'Cyberdyne',
  ]
  const records: OctapipeRecord[] = companies.map((company, i) => ({
    uuid: id('record', i + 1),
    database_uuid: database.uuid,
    custom_fields_values: {
      company,
      arr: 12_000 * (i + 1),
      tier: (['starter', 'growth', 'enterprise'] as const)[i % 3] ?? 'starter',
      renewal_date: isoDate(now + (i * 17 + 5) * DAY),
      churn_risk: i % 4 === 1,
      csm_email: users[i % users.length]?.email ?? null,
    },
    created_at: at(150 * DAY),
    updated_at: at((i + 1) * DAY),
  }))

  const firstCard = cards[0]?.uuid ?? ''
  return {
    users,
    pipelines,
    stages,
    cards,
    notifications: [
      {
        uuid: id('notification', 1),
        user_uuid: users[1]?.uuid ?? '',
        message: 'You were assigned “Migrate auth service to OAuth 2.1”.',
        entity_type: 'card',
        entity_uuid: firstCard,
        channel: 'in_app',
        read: true,
        created_at: at(5 * HOUR),
      },
    ],
    notes: [
      {
        uuid: id('note', 1),
        entity_type: 'card',
        entity_uuid: firstCard,
        content: 'Token refresh still uses the old endpoint; blocked on the identity team.',
        author_uuid: users[0]?.uuid ?? null,
        created_at: at(6 * HOUR),
      },
    ],
    tasks: [
      {
        uuid: id('task', 1),
        title: 'Prepare release notes',
        description: null,
        assignee_uuid: users[2]?.uuid ?? null,
        status: 'todo',
        start_date: isoDate(now + DAY),
        end_date: isoDate(now + 2 * DAY),
        start_time: '09:30',
        end_time: '11:00',
        entity_type: 'pipeline',
        entity_uuid: core,
        created_at: at(2 * DAY),
        updated_at: at(2 * DAY),
      },
    ],
    databases: [database],
    records,
  }
}
