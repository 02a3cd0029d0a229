import { paginate } from '../../routes/paginate.js'
import { iso } from '../../state/clock.js'
import type { JsonSchema } from '../json-schema.js'
import { created, ok, type ResourceSpec } from '../resource.js'
import { findOr404, octapipeFail } from './fail.js'
import { entityTypeSchema, newUuid, uuidRef } from './schemas.js'
import type { OctapipeEntityType, OctapipeState, OctapipeTask } from './state.js'

type Spec = ResourceSpec<OctapipeState>

const PAGE = { default: 15, max: 15 }
const page = <T>(items: readonly T[], query: Readonly<Record<string, unknown>>) =>
  paginate(items, query, PAGE, octapipeFail)

const COLLECTIONS = {
  card: 'cards',
  pipeline: 'pipelines',
  task: 'tasks',
  record: 'records',
  user: 'users',
} as const

/** Fails with 400 unless the entity a note, notification or task points at exists. */
function checkEntity(state: OctapipeState, type: unknown, uuid: unknown) {
  if (type === undefined && uuid === undefined) return
  if (type === undefined || uuid === undefined) {
    throw octapipeFail(400, 'entity_type and entity_uuid go together', 'entity_uuid')
  }
  const items: readonly { uuid: string }[] = state[COLLECTIONS[type as OctapipeEntityType]]
  if (!items.some((item) => item.uuid === uuid)) {
    throw octapipeFail(400, `entity_uuid "${String(uuid)}" is not a ${String(type)}`, 'entity_uuid')
  }
}

export const notifications: Spec = {
  resource: 'notifications',
  singular: 'notification',
  tags: ['notifications'],
  methods: [
    {
      method: 'list',
      description: 'List notifications sent to Octapipe users, newest last. Filter by `user_uuid`.',
      query: {
        type: 'object',
        properties: { user_uuid: uuidRef('Only notifications for this user.') },
      },
      handle: ({ state, query }) =>
        ok(
          page(
            state.notifications.filter((n) => !query.user_uuid || n.user_uuid === query.user_uuid),
            query,
          ),
        ),
    },
    {
      method: 'create',
      description:
        'Notify an Octapipe user, optionally about a record (e.g. a card). Needs `user_uuid` (from `list_all_octapipe_users`, or a card’s `owner_uuid`).',
      body: {
        type: 'object',
        properties: {
          user_uuid: uuidRef(
            'Recipient (`uuid` from `list_all_octapipe_users` or a card’s `owner_uuid`).',
          ),
          message: {
            type: 'string',
            minLength: 1,
            maxLength: 1000,
            description: 'What the user should know or do.',
          },
          entity_type: entityTypeSchema,
          entity_uuid: uuidRef('The record the notification is about, e.g. a card’s `uuid`.'),
          channel: { type: 'string', enum: ['in_app', 'email'], default: 'in_app' },
        },
        required: ['user_uuid', 'message'],
      },
      handle: ({ state, body, now, env }) => {
        findOr404(state.users, body.user_uuid, 'user')
        checkEntity(state, body.entity_type, body.entity_uuid)
        const notification = {
          uuid: newUuid(env, 'notification'),
          user_uuid: String(body.user_uuid),
          message: String(body.message),
          entity_type: (body.entity_type as OctapipeEntityType | undefined) ?? null,
          entity_uuid: (body.entity_uuid as string | undefined) ?? null,
          channel: body.channel === 'email' ? ('email' as const) : ('in_app' as const),
          read: false,
          created_at: iso(now),
        }
        state.notifications.push(notification)
        return created(notification)
      },
    },
  ],
}

const entityQuery: JsonSchema = {
  type: 'object',
  properties: {
    entity_type: entityTypeSchema,
    entity_uuid: uuidRef('The record’s `uuid`, e.g. from `list_all_octapipe_pipeline_cards`.'),
  },
  required: ['entity_type', 'entity_uuid'],
}

export const notes: Spec = {
  resource: 'notes',
  singular: 'note',
  tags: ['notes'],
  methods: [
    {
      method: 'list',
      description:
        'List the notes on one Octapipe record (card, pipeline, task, database record or user).',
      query: entityQuery,
      handle: ({ state, query }) =>
        ok(
          page(
            state.notes.filter(
              (n) => n.entity_type === query.entity_type && n.entity_uuid === query.entity_uuid,
            ),
            query,
          ),
        ),
    },
    {
      method: 'create',
      description:
        'Add a note to an Octapipe record’s history. Needs `entity_type` and the record’s `entity_uuid` (e.g. a card’s `uuid` from `list_all_octapipe_pipeline_cards`).',
      body: {
        type: 'object',
        properties: {
          ...(entityQuery.properties as Record<string, JsonSchema>),
          content: { type: 'string', minLength: 1, description: 'Note text, Markdown allowed.' },
          author_uuid: uuidRef(
            'Author (`uuid` from `list_all_octapipe_users`); omitted means the API user.',
          ),
        },
        required: ['entity_type', 'entity_uuid', 'content'],
      },
      handle: ({ state, body, now, env }) => {
        checkEntity(state, body.entity_type, body.entity_uuid)
        const note = {
          uuid: newUuid(env, 'note'),
          entity_type: body.entity_type as OctapipeEntityType,
          entity_uuid: String(body.entity_uuid),
          content: String(body.content),
          author_uuid: (body.author_uuid as string | undefined) ?? null,
          created_at: iso(now),
        }
        state.notes.push(note)
        return created(note)
      },
    },
  ],
}

const TIME = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } as const

const taskFields: Record<string, JsonSchema> = {
  title: { type: 'string', minLength: 1, description: 'Task title.' },
  description: { type: 'string', nullable: true },
  assignee_uuid: uuidRef('Assignee (`uuid` from `list_all_octapipe_users`).'),
  status: { type: 'string', enum: ['todo', 'in_progress', 'done'], default: 'todo' },
  start_date: {
    type: 'string',
    format: 'date',
    description: 'Start day, `YYYY-MM-DD` (no time part).',
  },
  end_date: {
    type: 'string',
    format: 'date',
    description: 'End day, `YYYY-MM-DD` (no time part).',
  },
  start_time: { ...TIME, description: 'Start time of day, `HH:MM` 24-hour; needs `start_date`.' },
  end_time: { ...TIME, description: 'End time of day, `HH:MM` 24-hour; needs `end_date`.' },
  entity_type: entityTypeSchema,
  entity_uuid: uuidRef('Record the task belongs to, e.g. a card’s `uuid`.'),
}

function applyTask(
  state: OctapipeState,
  task: OctapipeTask,
  body: Readonly<Record<string, unknown>>,
  now: number,
) {
  const next = { ...task }
  for (const key of Object.keys(taskFields)) {
    if (body[key] !== undefined) Object.assign(next, { [key]: body[key] })
  }
  if (next.assignee_uuid) findOr404(state.users, next.assignee_uuid, 'user')
  checkEntity(state, body.entity_type, body.entity_uuid)
  if (next.start_time && !next.start_date)
    throw octapipeFail(400, 'start_time needs start_date', 'start_date')
  if (next.end_time && !next.end_date)
    throw octapipeFail(400, 'end_time needs end_date', 'end_date')
  const start = `${next.start_date ?? ''}T${next.start_time ?? '00:00'}`
  const end = `${next.end_date ?? ''}T${next.end_time ?? '23:59'}`
  if (next.start_date && next.end_date && end < start) {
    throw octapipeFail(400, 'the task ends before it starts', 'end_date')
  }
  Object.assign(task, next, { updated_at: iso(now) })
  return task
}

export const tasks: Spec = {
  resource: 'tasks',
  singular: 'task',
  tags: ['tasks'],
  id: uuidRef('The task’s `uuid`, from `list_all_octapipe_tasks`.'),
  methods: [
    {
      method: 'list',
      description: 'List Octapipe tasks. Filter by `assignee_uuid` or `status`.',
      query: {
        type: 'object',
        properties: {
          assignee_uuid: uuidRef('Only tasks of this user.'),
          status: { type: 'string', enum: ['todo', 'in_progress', 'done'] },
        },
      },
      handle: ({ state, query }) =>
        ok(
          page(
            state.tasks.filter(
              (t) =>
                (!query.assignee_uuid || t.assignee_uuid === query.assignee_uuid) &&
                (!query.status || t.status === query.status),
            ),
            query,
          ),
        ),
    },
    {
      method: 'get',
      description: 'Get one Octapipe task by uuid.',
      handle: ({ state, id }) => ok(findOr404(state.tasks, id, 'task')),
    },
    {
      method: 'create',
      description:
        'Create an Octapipe task. Dates and times are separate fields: `start_date`/`end_date` as `YYYY-MM-DD`, `start_time`/`end_time` as `HH:MM`.',
      body: { type: 'object', properties: taskFields, required: ['title'] },
      handle: ({ state, body, now, env }) => {
        const task: OctapipeTask = {
          uuid: newUuid(env, 'task'),
          title: '',
          description: null,
          assignee_uuid: null,
          status: 'todo',
          start_date: null,
          end_date: null,
          start_time: null,
          end_time: null,
          entity_type: null,
          entity_uuid: null,
          created_at: iso(now),
          updated_at: iso(now),
        }
        state.tasks.push(applyTask(state, task, body, now))
        return created(task)
      },
    },
    {
      method: 'update',
      description: 'Update an Octapipe task; send only the fields that change.',
      body: { type: 'object', properties: taskFields },
      handle: ({ state, id, body, now }) =>
        ok(applyTask(state, findOr404(state.tasks, id, 'task'), body, now)),
    },
    {
      method: 'delete',
      description: 'Delete an Octapipe task.',
      handle: ({ state, id }) => {
        const task = findOr404(state.tasks, id, 'task')
        state.tasks.splice(state.tasks.indexOf(task), 1)
        return ok({ uuid: task.uuid, deleted: true })
      },
    },
  ],
}
