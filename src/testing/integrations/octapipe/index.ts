import type { IntegrationSpec } from '../resource.js'
import { notes, notifications, tasks } from './activity.js'
import { databases, records } from './databases.js'
import { octapipeFail } from './fail.js'
import { cards, pipelines, stages, users } from './pipelines.js'
import type { OctapipeState } from './state.js'

/** Octapipe: pipelines → stages → cards, 15 records a page at most. */
export const octapipe: IntegrationSpec<OctapipeState> = {
  name: 'octapipe',
  resources: [users, pipelines, stages, cards, notifications, notes, tasks, databases, records],
  page: { default: 15, max: 15 },
  fail: octapipeFail,
}
