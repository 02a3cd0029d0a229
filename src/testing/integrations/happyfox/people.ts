import { paginate } from '../../routes/paginate.js'
import type { JsonSchema } from '../json-schema.js'
import { ok, type ResourceSpec } from '../resource.js'
import { findOr404, happyfoxFail } from './fail.js'
import type { HappyFoxState } from './state.js'

type Spec = ResourceSpec<HappyFoxState>

export const PAGE = { default: 10, max: 50 }
export const page = <T>(items: readonly T[], query: Readonly<Record<string, unknown>>) =>
  paginate(items, query, PAGE, happyfoxFail)

export const intRef = (description: string): JsonSchema => ({
  type: 'integer',
  minimum: 1,
  description,
})

/** Fails with 400 unless `id` is a staff member, naming the realm it came from otherwise. */
export function checkStaff(state: HappyFoxState, id: unknown, field: string) {
  if (state.staff.some((s) => s.id === id)) return
  const realm = state.users.some((u) => u.id === id)
    ? ' it is a user (customer) id, not a staff id;'
    : ''
  throw happyfoxFail(
    400,
    `${field} ${String(id)} is not a staff member:${realm} staff ids come from list_all_happyfox_staff`,
    field,
  )
}

/** Fails with 400 unless `id` is a user (customer), naming the realm it came from otherwise. */
export function checkUser(state: HappyFoxState, id: unknown, field: string) {
  if (state.users.some((u) => u.id === id)) return
  const realm = state.staff.some((s) => s.id === id)
    ? ' it is a staff id, not a user (customer) id;'
    : ''
  throw happyfoxFail(
    400,
    `${field} ${String(id)} is not a user:${realm} user ids come from list_all_happyfox_users`,
    field,
  )
}

export const categories: Spec = {
  resource: 'categories',
  singular: 'category',
  tags: ['tickets', 'categories'],
  id: intRef('The category `id`, from `list_all_happyfox_categories`.'),
  methods: [
    {
      method: 'list',
      description:
        'List HappyFox ticket categories with the custom fields each allows (`custom_fields`, with `required` and dropdown `choices`). A ticket moved into a category must carry that category’s required fields.',
      handle: ({ state, query }) => ok(page(state.categories, query)),
    },
    {
      method: 'get',
      description: 'Get one HappyFox category and its custom fields.',
      handle: ({ state, id }) => ok(findOr404(state.categories, id, 'Category')),
    },
  ],
}

export const staff: Spec = {
  resource: 'staff',
  singular: 'staff',
  tags: ['staff'],
  id: intRef('The staff `id`, from `list_all_happyfox_staff`.'),
  methods: [
    {
      method: 'list',
      description:
        'List HappyFox staff (support agents). Staff ids assign tickets and author replies and private notes; they are not user ids.',
      handle: ({ state, query }) => ok(page(state.staff, query)),
    },
    {
      method: 'get',
      description: 'Get one HappyFox staff member by id.',
      handle: ({ state, id }) => ok(findOr404(state.staff, id, 'Staff')),
    },
  ],
}

export const users: Spec = {
  resource: 'users',
  singular: 'user',
  tags: ['users'],
  id: intRef('The user `id`, from `list_all_happyfox_users` or a ticket’s `user_id`.'),
  methods: [
    {
      method: 'list',
      description: 'List HappyFox users: the customers who raise tickets. Filter by `email`.',
      query: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
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
      description: 'Get one HappyFox user (customer) by id.',
      handle: ({ state, id }) => ok(findOr404(state.users, id, 'User')),
    },
  ],
}
