/**
 * An in-memory Truto for tests and demos: Octapipe, Gumloop and HappyFox accounts with seeded
 * data, Truto's tools endpoint, proxy, MCP servers and their admin API, rate limits and fault
 * injection, without network or credentials. Start with {@link createSandbox}. The main entry
 * never imports this one.
 *
 * @packageDocumentation
 * @module truto-langchainjs-toolset/testing
 */
export type { SandboxRequestRecord } from './context.js'
export type {
  GumloopAgent,
  GumloopArtifact,
  GumloopCreditLog,
  GumloopExport,
  GumloopMessage,
  GumloopSession,
  GumloopSessionStatus,
  GumloopState,
  GumloopWorkflow,
  GumloopWorkspace,
} from './integrations/gumloop/state.js'
export type {
  HappyFoxCategory,
  HappyFoxCustomField,
  HappyFoxMessage,
  HappyFoxStaff,
  HappyFoxState,
  HappyFoxTicket,
  HappyFoxUser,
} from './integrations/happyfox/state.js'
export type { JsonSchema } from './integrations/json-schema.js'
export type {
  OctapipeCard,
  OctapipeDatabase,
  OctapipeDatabaseField,
  OctapipeEntityType,
  OctapipeFieldValue,
  OctapipeNote,
  OctapipeNotification,
  OctapipePipeline,
  OctapipeRecord,
  OctapipeStage,
  OctapipeState,
  OctapipeTask,
  OctapipeUser,
} from './integrations/octapipe/state.js'
export type { SandboxTool } from './integrations/tool-definitions.js'
export type { MswHandlerOptions, MswHttp } from './msw-handlers.js'
export { createSandbox, type Sandbox, type SandboxFetch } from './sandbox.js'
export type { SandboxOptions } from './sandbox-options.js'
export type { ListenOptions, SandboxServer } from './server.js'
export type { SandboxAccountStatus } from './state/account-status.js'
export type { SandboxClock } from './state/clock.js'
export type {
  FaultKind,
  FaultOptions,
  FaultOrigin,
  InjectedFault,
  SandboxFaults,
} from './state/faults.js'
export type { SandboxMcpServer, SandboxMcpServerConfig } from './state/mcp-server.js'
export type { RateLimitOptions } from './state/rate-limiter.js'
export type {
  IntegrationName,
  IntegrationStates,
  SandboxAccountIds,
  SandboxAccountStates,
  SandboxAccounts,
  SandboxState,
} from './state/state.js'
export type { SandboxTrutoLimits, TierLimit } from './state/truto-tiers.js'
