import { gumloop } from './gumloop/index.js'
import { seedGumloop } from './gumloop/seed.js'
import { emptyGumloopState, type GumloopState } from './gumloop/state.js'
import { happyfox } from './happyfox/index.js'
import { seedHappyFox } from './happyfox/seed.js'
import { emptyHappyFoxState, type HappyFoxState } from './happyfox/state.js'
import type { SandboxMcpServer } from './mcp-server.js'
import { octapipe } from './octapipe/index.js'
import { seedOctapipe } from './octapipe/seed.js'
import { emptyOctapipeState, type OctapipeState } from './octapipe/state.js'
import type { IntegrationSpec } from './resource.js'

/** The data of every integrated account, by integration, and the accounts' MCP servers. */
export type SandboxState = {
  octapipe: OctapipeState
  gumloop: GumloopState
  happyfox: HappyFoxState
  /** MCP servers made through `POST /integrated-account/{id}/mcp`, of every account; `reset()` empties it. */
  mcpServers: SandboxMcpServer[]
}

export type IntegrationName = 'octapipe' | 'gumloop' | 'happyfox'

/** The integrated account ids the sandbox knows, by integration. */
export type SandboxAccounts = { readonly [K in IntegrationName]: string }

export const ACCOUNTS: SandboxAccounts = {
  octapipe: 'acct_octapipe_1',
  gumloop: 'acct_gumloop_1',
  happyfox: 'acct_happyfox_1',
}

export const INTEGRATIONS: { readonly [K in IntegrationName]: IntegrationSpec<SandboxState[K]> } = {
  octapipe,
  gumloop,
  happyfox,
}

export const seedState = (now: number): SandboxState => ({
  octapipe: seedOctapipe(now),
  gumloop: seedGumloop(now),
  happyfox: seedHappyFox(now),
  mcpServers: [],
})

export const emptyState = (): SandboxState => ({
  octapipe: emptyOctapipeState(),
  gumloop: emptyGumloopState(),
  happyfox: emptyHappyFoxState(),
  mcpServers: [],
})
