import type { IntegrationSpec } from '../resource.js'
import { gumloopFail } from './fail.js'
import {
  agents,
  artifacts,
  creditLogs,
  exports,
  sessions,
  workflows,
  workspaces,
} from './resources.js'
import { advanceSessions } from './run.js'
import type { GumloopState } from './state.js'

/** Gumloop: agents, sessions that run over sandbox time, artifacts behind signed URLs. */
export const gumloop: IntegrationSpec<GumloopState> = {
  name: 'gumloop',
  resources: [workspaces, agents, workflows, sessions, artifacts, exports, creditLogs],
  page: { default: 20, max: 50 },
  fail: gumloopFail,
  tick: (state, now) => advanceSessions(state, now),
}
