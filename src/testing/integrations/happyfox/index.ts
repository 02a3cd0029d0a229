import type { IntegrationSpec } from '../resource.js'
import { happyfoxFail } from './fail.js'
import { categories, PAGE, staff, users } from './people.js'
import type { HappyFoxState } from './state.js'
import { messages, notes } from './thread.js'
import { tickets } from './tickets.js'

/** HappyFox: tickets whose category decides their custom fields; staff and users apart. */
export const happyfox: IntegrationSpec<HappyFoxState> = {
  name: 'happyfox',
  resources: [categories, staff, users, tickets, messages, notes],
  page: PAGE,
  fail: happyfoxFail,
}
