export type { MethodFilter, ToolDefinition } from './definitions.js'
export type {
  TrutoErrorContext,
  TrutoRequestFailure,
  TrutoValidationIssue,
} from './errors.js'
export {
  isTrutoApiError,
  isTrutoConfigError,
  isTrutoError,
  isTrutoRateLimitError,
  isTrutoRequestError,
  isTrutoValidationError,
  TrutoApiError,
  TrutoConfigError,
  TrutoError,
  TrutoRateLimitError,
  TrutoRequestError,
  TrutoValidationError,
} from './errors.js'
export { type GetToolsOptions, TrutoToolManager, type TrutoToolManagerOptions } from './manager.js'
export { TrutoTool, type TrutoToolMetadata } from './tool.js'
