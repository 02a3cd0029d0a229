export type { MethodFilter, ToolDefinition } from './definitions.js'
export type {
  TrutoErrorContext,
  TrutoRefusal,
  TrutoRequestFailure,
  TrutoValidationIssue,
} from './errors.js'
export {
  isTrutoApiError,
  isTrutoConfigError,
  isTrutoError,
  isTrutoRateLimitError,
  isTrutoRefusedError,
  isTrutoRequestError,
  isTrutoValidationError,
  TrutoApiError,
  TrutoConfigError,
  TrutoError,
  TrutoRateLimitError,
  TrutoRefusedError,
  TrutoRequestError,
  TrutoValidationError,
} from './errors.js'
export {
  createInterruptOn,
  type InterruptDecision,
  type InterruptOnEntry,
  type InterruptOnOptions,
} from './interrupt-on.js'
export { TrutoToolManager } from './manager.js'
export type { GetToolsOptions, ToolCallRequest, TrutoToolManagerOptions } from './options.js'
export { TrutoTool, type TrutoToolMetadata } from './tool.js'
