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
  IntegrationStates,
  SandboxAccountIds,
  SandboxAccountStates,
  SandboxAccounts,
  SandboxState,
} from './state/state.js'
export type { SandboxTrutoLimits, TierLimit } from './state/truto-tiers.js'
