import { paginate } from '../../routes/paginate.js'
import { iso } from '../../state/clock.js'
import type { JsonSchema } from '../json-schema.js'
import { created, ok, type ResourceSpec } from '../resource.js'
import { findOr404, octapipeFail } from './fail.js'
import { newUuid, uuidRef } from './schemas.js'
import type { OctapipeCard, OctapipeState } from './state.js'

type Spec = ResourceSpec<OctapipeState>

const PAGE = { default: 15, max: 15 }
const page = <T>(items: readonly T[], query: Readonly<Record<string, unknown>>) =>
  paginate(items, query, PAGE, octapipeFail)

export const users: Spec = {
  resource: 'users',
  singular: 'user',
  tags: ['users'],
  id: uuidRef('The user’s `uuid`, from `list_all_octapipe_users` or a card’s `owner_uuid`.'),
  methods: [
    {
      method: 'list',
      description:
        'List the members of the Octapipe workspace with their name and email. Card owners (`owner_uuid`) and notification recipients are users.',
      query: {
        type: 'object',
        properties: {
          email: { type: 'string', format: 'email', description: 'Only the user with this email.' },
        },
      },
      handle: ({ state, query }) =>
        ok(
          page(
            state.users.filter((u) => !query.email || u.email === query.email),
            query,
          ),
        ),
    },
    {
      method: 'get',
      description: 'Get one Octapipe user (name, email, role) by uuid, e.g. a card’s `owner_uuid`.',
      handle: ({ state, id }) => ok(findOr404(state.users, id, 'user')),
    },
  ],
}

export const pipelines: Spec = {
  resource: 'pipelines',
  singular: 'pipeline',
  tags: ['pipelines'],
  id: uuidRef('The pipeline’s `uuid`, from `list_all_octapipe_pipelines`.'),
  methods: [
    {
      method: 'list',
      description:
        'List Octapipe pipelines. Filter by `name` to resolve a pipeline’s uuid from its name; stages and cards need that uuid.',
      query: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'Exact pipeline name, e.g. "Core Engineering".' },
        },
      },
      handle: ({ state, query }) =>
        ok(
          page(
            state.pipelines.filter((p) => !query.name || p.name === query.name),
            query,
          ),
        ),
    },
    {
      method: 'get',
      description: 'Get one Octapipe pipeline by uuid.',
      handle: ({ state, id }) => ok(findOr404(state.pipelines, id, 'pipeline')),
    },
  ],
}

export const stages: Spec = {
  resource: 'pipeline-stages',
  singular: 'pipeline_stage',
  tags: ['pipelines'],
  id: uuidRef('The stage’s `uuid`, from `list_all_octapipe_pipeline_stages`.'),
  methods: [
    {
      method: 'list',
      description:
        'List the stages of Octapipe pipelines in board order (e.g. Backlog, In Progress, In Review, Blocked, Done). Filter by `pipeline_uuid` from `list_all_octapipe_pipelines`; a stage’s `uuid` is the `pipeline_stage_uuid` cards need.',
      query: {
        type: 'object',
        properties: {
          pipeline_uuid: uuidRef(
            'Only stages of this pipeline (`uuid` from `list_all_octapipe_pipelines`).',
          ),
        },
      },
      handle: ({ state, query }) =>
        ok(
          page(
            state.stages.filter(
              (s) => !query.pipeline_uuid || s.pipeline_uuid === query.pipeline_uuid,
            ),
            query,
          ),
        ),
    },
    {
      method: 'get',
      description: 'Get one Octapipe pipeline stage by uuid.',
      handle: ({ state, id }) => ok(findOr404(state.stages, id, 'pipeline stage')),
    },
  ],
}

const cardFields: Record<string, JsonSchema> = {
  title: { type: 'string', minLength: 1, maxLength: 200, description: 'Card title.' },
  description: { type: 'string', nullable: true, description: 'Markdown body; null clears it.' },
  pipeline_uuid: uuidRef('Pipeline of the card (`uuid` from `list_all_octapipe_pipelines`).'),
  pipeline_stage_uuid: uuidRef(
    'Stage of the card within that pipeline (`uuid` from `list_all_octapipe_pipeline_stages`).',
  ),
  owner_uuid: uuidRef('Owner of the card (`uuid` from `list_all_octapipe_users`).'),
  priority: { type: 'string', enum: ['low', 'medium', 'high', 'urgent'], default: 'medium' },
  labels: { type: 'array', items: { type: 'string' }, description: 'Free-form labels.' },
  due_date: {
    type: 'string',
    format: 'date',
    nullable: true,
    description: 'Due date, `YYYY-MM-DD`.',
  },
}

function checkPlacement(
  state: OctapipeState,
  body: Readonly<Record<string, unknown>>,
  verb: string,
) {
  if (typeof body.pipeline_uuid !== 'string' || typeof body.pipeline_stage_uuid !== 'string') {
    throw octapipeFail(
      400,
      `pipeline_uuid and pipeline_stage_uuid are both required to ${verb} a card, even when it stays in its pipeline`,
      typeof body.pipeline_uuid === 'string' ? 'pipeline_stage_uuid' : 'pipeline_uuid',
    )
  }
  if (!state.pipelines.some((p) => p.uuid === body.pipeline_uuid)) {
    throw octapipeFail(
      400,
      `pipeline_uuid "${body.pipeline_uuid}" is not a pipeline`,
      'pipeline_uuid',
    )
  }
  const stage = state.stages.find((s) => s.uuid === body.pipeline_stage_uuid)
  if (stage?.pipeline_uuid !== body.pipeline_uuid) {
    throw octapipeFail(
      400,
      `pipeline_stage_uuid "${body.pipeline_stage_uuid}" is not a stage of pipeline "${body.pipeline_uuid}"`,
      'pipeline_stage_uuid',
    )
  }
  if (typeof body.owner_uuid === 'string' && !state.users.some((u) => u.uuid === body.owner_uuid)) {
    throw octapipeFail(400, `owner_uuid "${body.owner_uuid}" is not a user`, 'owner_uuid')
  }
}

function applyCard(card: OctapipeCard, body: Readonly<Record<string, unknown>>, now: number) {
  for (const key of Object.keys(cardFields)) {
    if (body[key] !== undefined) Object.assign(card, { [key]: body[key] })
  }
  card.updated_at = iso(now)
  return card
}

export const cards: Spec = {
  resource: 'pipeline-cards',
  singular: 'pipeline_card',
  tags: ['pipelines', 'cards'],
  id: uuidRef('The card’s `uuid`, from `list_all_octapipe_pipeline_cards`.'),
  methods: [
    {
      method: 'list',
      description:
        'List cards on Octapipe pipelines, 15 per page: follow `next_cursor` until it is null to see them all. Filter by `pipeline_uuid` (from `list_all_octapipe_pipelines`) and `pipeline_stage_uuid` (from `list_all_octapipe_pipeline_stages`). Each card has `owner_uuid` and `updated_at`.',
      query: {
        type: 'object',
        properties: {
          pipeline_uuid: uuidRef('Only cards of this pipeline.'),
          pipeline_stage_uuid: uuidRef('Only cards in this stage.'),
          owner_uuid: uuidRef('Only cards owned by this user.'),
        },
      },
      handle: ({ state, query }) =>
        ok(
          page(
            state.cards.filter(
              (c) =>
                (!query.pipeline_uuid || c.pipeline_uuid === query.pipeline_uuid) &&
                (!query.pipeline_stage_uuid ||
                  c.pipeline_stage_uuid === query.pipeline_stage_uuid) &&
                (!query.owner_uuid || c.owner_uuid === query.owner_uuid),
            ),
            query,
          ),
        ),
    },
    {
      method: 'get',
      description: 'Get one Octapipe card by uuid, with its stage, owner and timestamps.',
      handle: ({ state, id }) => ok(findOr404(state.cards, id, 'card')),
    },
    {
      method: 'create',
      description:
        'Create a card on an Octapipe pipeline. Needs `pipeline_uuid` (from `list_all_octapipe_pipelines`) and `pipeline_stage_uuid` of a stage of that pipeline (from `list_all_octapipe_pipeline_stages`).',
      body: {
        type: 'object',
        properties: cardFields,
        required: ['title', 'pipeline_uuid', 'pipeline_stage_uuid'],
      },
      handle: ({ state, body, now, env }) => {
        checkPlacement(state, body, 'create')
        const card: OctapipeCard = {
          uuid: newUuid(env, 'card'),
          title: String(body.title),
          description: null,
          pipeline_uuid: '',
          pipeline_stage_uuid: '',
          owner_uuid: null,
          priority: 'medium',
          labels: [],
          due_date: null,
          created_at: iso(now),
          updated_at: iso(now),
        }
        state.cards.push(applyCard(card, body, now))
        return created(card)
      },
    },
    {
      method: 'update',
      description:
        'Update an Octapipe card, e.g. move it to another stage. Octapipe requires `pipeline_uuid` and `pipeline_stage_uuid` on every update, even when only the title changes; send the card’s current values when not moving it.',
      body: { type: 'object', properties: cardFields },
      handle: ({ state, id, body, now }) => {
        const card = findOr404(state.cards, id, 'card')
        checkPlacement(state, body, 'update')
        return ok(applyCard(card, body, now))
      },
    },
    {
      method: 'delete',
      description: 'Delete an Octapipe card for good. Its notes stay in the audit log.',
      handle: ({ state, id }) => {
        const card = findOr404(state.cards, id, 'card')
        state.cards.splice(state.cards.indexOf(card), 1)
        return ok({ uuid: card.uuid, deleted: true })
      },
    },
  ],
}
