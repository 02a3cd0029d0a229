import type { IntegrationSpec } from '../resource.js'
import { agents, workflows, workspaces } from './catalogue.js'
import { creditLogs, dataExports } from './exports.js'
import { gumloopFail } from './fail.js'
import { advanceSessions } from './run.js'
import { PAGE } from './schemas.js'
import { artifacts, sessions } from './sessions.js'
import type { GumloopState } from './state.js'

/** Gumloop: agents, sessions that run over sandbox time, artifacts behind signed URLs. */
export const gumloop: IntegrationSpec<GumloopState> = {
  name: 'gumloop',
  resources: [workspaces, agents, workflows, sessions, artifacts, dataExports, creditLogs],
  page: PAGE,
  fail: gumloopFail,
  tick: (state, now) => advanceSessions(state, now),
}
