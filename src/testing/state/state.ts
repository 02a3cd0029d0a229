import { gumloop } from '../integrations/gumloop/index.js'
import { seedGumloop } from '../integrations/gumloop/seed.js'
import { emptyGumloopState, type GumloopState } from '../integrations/gumloop/state.js'
import { happyfox } from '../integrations/happyfox/index.js'
import { seedHappyFox } from '../integrations/happyfox/seed.js'
import { emptyHappyFoxState, type HappyFoxState } from '../integrations/happyfox/state.js'
import { octapipe } from '../integrations/octapipe/index.js'
import { seedOctapipe } from '../integrations/octapipe/seed.js'
import { emptyOctapipeState, type OctapipeState } from '../integrations/octapipe/state.js'
import type { IntegrationSpec } from '../integrations/resource.js'
import type { SandboxMcpServer } from './mcp-server.js'

/** The sandbox's integrations, each with its own accounts and data. */
export type IntegrationName = 'octapipe' | 'gumloop' | 'happyfox'

/** The data of one integrated account of each integration. */
export type IntegrationStates = {
  /** Pipelines, stages, cards, tasks, notes, notifications and custom databases. */
  octapipe: OctapipeState
  /** Workspaces, agents, workflows, agent sessions, artifacts, credit logs and exports. */
  gumloop: GumloopState
  /** Ticket categories, staff, customers, tickets and their threads. */
  happyfox: HappyFoxState
}

/**
 * The data of the first integrated account of each integration (`sandbox.accounts`; every
 * account's is in `sandbox.accountStates`) and the MCP servers of every account.
 */
export type SandboxState = IntegrationStates & {
  /** MCP servers made through `POST /integrated-account/{id}/mcp`, of every account; `reset()` empties it. */
  mcpServers: SandboxMcpServer[]
}

/** The first integrated account id of each integration. */
export type SandboxAccounts = { readonly [K in IntegrationName]: string }

/** Every integrated account id, by integration, first to last. */
export type SandboxAccountIds = { readonly [K in IntegrationName]: readonly string[] }

/** Every integrated account's own data, by integration and account id. */
export type SandboxAccountStates = {
  readonly [K in IntegrationName]: { readonly [accountId: string]: IntegrationStates[K] }
}

export const INTEGRATIONS: {
  readonly [K in IntegrationName]: IntegrationSpec<IntegrationStates[K]>
} = {
  octapipe,
  gumloop,
  happyfox,
}

export const INTEGRATION_NAMES = Object.keys(INTEGRATIONS) as IntegrationName[]

/** `acct_<integration>_1` … `acct_<integration>_<perIntegration>` for each integration. */
export function accountIdsFor(perIntegration: number): SandboxAccountIds {
  const ids = (name: IntegrationName) =>
    Object.freeze(Array.from({ length: perIntegration }, (_, i) => `acct_${name}_${i + 1}`))
  return Object.freeze({
    octapipe: ids('octapipe'),
    gumloop: ids('gumloop'),
    happyfox: ids('happyfox'),
  })
}

const SEEDS: { readonly [K in IntegrationName]: (now: number) => IntegrationStates[K] } = {
  octapipe: seedOctapipe,
  gumloop: seedGumloop,
  happyfox: seedHappyFox,
}

const EMPTY: { readonly [K in IntegrationName]: () => IntegrationStates[K] } = {
  octapipe: emptyOctapipeState,
  gumloop: emptyGumloopState,
  happyfox: emptyHappyFoxState,
}

/** Called with an account's data each time it is read, to bring it up to the present. */
export type OnRead = <K extends IntegrationName>(
  name: K,
  account: string,
  data: IntegrationStates[K],
) => void

/**
 * A fresh state for these accounts: each account gets its own copy of the demo data seeded at
 * `now` (or empty data when `now` is undefined). An account's copy is made when first read, so a
 * thousand accounts cost nothing until used; the seed is deterministic, so the copy is the same.
 */
export function createState(
  ids: SandboxAccountIds,
  now: number | undefined,
  onRead: OnRead,
): { state: SandboxState; byAccount: SandboxAccountStates } {
  const byAccount = {} as { [K in IntegrationName]: Record<string, IntegrationStates[K]> }
  for (const name of INTEGRATION_NAMES) {
    byAccount[name] = lazyAccounts(name, ids[name], now, onRead) as never
  }
  const first = <K extends IntegrationName>(name: K) => ids[name][0] ?? ''
  const state = {} as SandboxState
  // the integrations' own keys are the first account's data, whichever object it is now
  for (const name of INTEGRATION_NAMES) {
    Object.defineProperty(state, name, {
      enumerable: true,
      get: () => byAccount[name][first(name)],
      set: (value: never) => {
        byAccount[name][first(name)] = value
      },
    })
  }
  state.mcpServers = []
  return { state, byAccount: Object.freeze(byAccount) }
}

function lazyAccounts<K extends IntegrationName>(
  name: K,
  ids: readonly string[],
  now: number | undefined,
  onRead: OnRead,
): Record<string, IntegrationStates[K]> {
  const made = new Map<string, IntegrationStates[K]>()
  const accounts = Object.create(null) as Record<string, IntegrationStates[K]>
  for (const id of ids) {
    Object.defineProperty(accounts, id, {
      enumerable: true,
      get() {
        let data = made.get(id)
        if (!data) {
          data = now === undefined ? EMPTY[name]() : SEEDS[name](now)
          made.set(id, data)
        }
        onRead(name, id, data)
        return data
      },
      // an account's data may be replaced, never removed
      set(value: IntegrationStates[K]) {
        made.set(id, value)
      },
    })
  }
  return Object.seal(accounts)
}
