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
