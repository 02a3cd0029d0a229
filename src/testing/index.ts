export type { SandboxAccountStatus } from './account-status.js'
export type { SandboxClock } from './clock.js'
export type { SandboxRequestRecord } from './context.js'
export type {
  FaultKind,
  FaultOptions,
  FaultOrigin,
  InjectedFault,
  SandboxFaults,
} from './faults.js'
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
} from './gumloop/state.js'
export type {
  HappyFoxCategory,
  HappyFoxCustomField,
  HappyFoxMessage,
  HappyFoxStaff,
  HappyFoxState,
  HappyFoxTicket,
  HappyFoxUser,
} from './happyfox/state.js'
export type { SandboxMcpServer, SandboxMcpServerConfig } from './mcp-server.js'
export type { MswHandlerOptions, MswHttp } from './msw-handlers.js'
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
} from './octapipe/state.js'
export type { RateLimitOptions } from './rate-limiter.js'
export { createSandbox, type Sandbox, type SandboxFetch } from './sandbox.js'
export type { SandboxOptions } from './sandbox-options.js'
export type { ListenOptions, SandboxServer } from './server.js'
export type {
  IntegrationStates,
  SandboxAccountIds,
  SandboxAccountStates,
  SandboxAccounts,
  SandboxState,
} from './state.js'
export type { SandboxTool } from './tool-definitions.js'
export type { SandboxTrutoLimits, TierLimit } from './truto-tiers.js'
