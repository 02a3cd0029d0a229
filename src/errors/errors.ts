import { ToolInputParsingException } from '@langchain/core/tools'
import { apiProblem, missingScopes, type TrutoApiProblem } from './api-problem.js'

const marker = Symbol.for('truto-langchainjs-toolset.error')

/** Whose limit a 429 came from: Truto's own tiers, or the provider's (forwarded by Truto). */
export type RateLimitSource = 'truto' | 'provider'

/** Context shared by every error: which tool, account and request it concerns, when known. */
export type TrutoErrorContext = {
  /** The tool whose call failed. @default undefined */
  readonly toolName?: string | undefined
  /** The integrated account the call was for. @default undefined */
  readonly accountId?: string | undefined
  /** The underlying error, kept as the error's `cause`. @default undefined */
  readonly cause?: unknown
}

/** Base class of every error this library throws. */
export class TrutoError extends Error {
  /** The class's name, e.g. `TrutoApiError`; the type guards read it. */
  override name: string = 'TrutoError'
  /** The tool whose call failed, when known. */
  readonly toolName: string | undefined
  /** The integrated account the call was for, when known. */
  readonly accountId: string | undefined
  /** The brand {@link isTrutoError} checks, across realms and duplicate installs. @internal */
  readonly [marker] = true

  /**
   * Creates an error; the library throws its subclasses.
   *
   * @param message What went wrong.
   * @param context The tool and account concerned, and the underlying error as `cause`.
   */
  constructor(message: string, context: TrutoErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause })
    this.toolName = context.toolName
    this.accountId = context.accountId
  }

  // TrutoValidationError extends core's ToolInputParsingException, so `instanceof TrutoError` asks the marker
  /**
   * `instanceof TrutoError` is true for every error of this library, `TrutoValidationError`
   * included, across realms and duplicate installs; subclasses keep the ordinary prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof asks about, TrutoError or a subclass
    if (this === TrutoError) return isTrutoError(value)
    // biome-ignore lint/complexity/noThisInStatic: subclasses keep the ordinary prototype check
    return Function.prototype[Symbol.hasInstance].call(this, value)
  }
}

/** A configuration mistake, thrown before any request is sent. */
export class TrutoConfigError extends TrutoError {
  override name = 'TrutoConfigError' as const
  /** The option at fault, e.g. `apiKey`. */
  readonly option: string

  /**
   * Creates the error for one option.
   *
   * @param option The option at fault.
   * @param message What is wrong with it and how to fix it.
   * @param context The tool and account concerned, when known.
   */
  constructor(option: string, message: string, context: TrutoErrorContext = {}) {
    super(message, context)
    this.option = option
  }
}

/** Truto answered with a non-2xx status. */
export class TrutoApiError extends TrutoError {
  override name = 'TrutoApiError' as const
  /** The HTTP status Truto answered with. */
  readonly status: number
  /** The HTTP method of the request, e.g. `PATCH`. */
  readonly method: string
  /** Request path without host, token or query. */
  readonly path: string
  /** The server's message, when its body had one. */
  readonly serverMessage: string | undefined
  /** The parsed error body (JSON, or text cut to 2,000 characters). */
  readonly body: unknown
  /** True when Truto says the error came from the upstream API. */
  readonly isRemoteError: boolean
  /** Milliseconds the server asked to wait, when it said so. */
  readonly retryAfterMs: number | undefined
  /** What the answer means when Truto's envelope says more than the status, e.g. `account-blocked`. */
  readonly problem: TrutoApiProblem | undefined
  /** OAuth scopes the connection lacks (a 403's `truto_error_insight`); reconnect granting them. */
  readonly missingScopes: readonly string[] | undefined

  /**
   * Creates the error from Truto's answer; its message and `problem` are read from it.
   *
   * @param init The answer: status, request method and path, and what the body said.
   * @param context The tool and account concerned, and the underlying error as `cause`.
   */
  constructor(
    init: {
      status: number
      method: string
      path: string
      serverMessage?: string | undefined
      body?: unknown
      isRemoteError?: boolean
      retryAfterMs?: number | undefined
    },
    context: TrutoErrorContext = {},
  ) {
    // "Service unavailable." reads badly before the ": GET …" that follows
    const said = trimEnd(clipText(init.serverMessage ?? '', 500), ' \t\n\r.:;')
    const detail = said ? `: ${said}` : ''
    const remote = init.isRemoteError ?? false
    const problem = apiProblem(init.status, init.method, init.body, remote, init.serverMessage)
    const meaning = problem ? ` (${problem})` : ''
    super(`Truto answered ${init.status}${meaning}${detail}: ${init.method} ${init.path}`, context)
    this.problem = problem
    this.missingScopes = problem === 'missing-scopes' ? missingScopes(init.body) : undefined
    this.status = init.status
    this.method = init.method
    this.path = init.path
    this.serverMessage = init.serverMessage
    this.body = init.body
    this.isRemoteError = remote
    this.retryAfterMs = init.retryAfterMs
  }
}

/** Why a request got no usable answer. */
export type TrutoRequestFailure =
  | 'timeout'
  | 'network'
  | 'aborted'
  | 'malformed-body'
  | 'redirect'
  | 'too-large'

/** A request that got no usable answer: timeout, network failure, cancellation or unreadable body. */
export class TrutoRequestError extends TrutoError {
  override name = 'TrutoRequestError' as const
  /** Why the request got no usable answer. */
  readonly reason: TrutoRequestFailure
  /** The HTTP method of the request, e.g. `GET`. */
  readonly method: string
  /** Request path without host, token or query. */
  readonly path: string
  /** The origin it could not reach, when known; never a query or credential. */
  readonly origin: string | undefined

  /**
   * Creates the error for a request that got no usable answer.
   *
   * @param init Why it failed, and the request's method, path and origin.
   * @param context The tool and account concerned, and the underlying error as `cause`.
   */
  constructor(
    init: {
      reason: TrutoRequestFailure
      method: string
      path: string
      origin?: string | undefined
    },
    context: TrutoErrorContext = {},
  ) {
    super(
      `Truto request failed (${init.reason}): ${init.method} ${init.origin ?? ''}${init.path}`,
      context,
    )
    this.reason = init.reason
    this.method = init.method
    this.path = init.path
    this.origin = init.origin
  }
}

/** Still rate limited after the allowed retries, or the next wait would pass `maxRetryWaitMs`. */
export class TrutoRateLimitError extends TrutoError {
  override name = 'TrutoRateLimitError' as const
  /** How long to wait before trying again. */
  readonly retryAfterMs: number
  /** Whose limit: Truto's own (per API token or account) or the provider's; undefined when not known. */
  readonly limitedBy: RateLimitSource | undefined

  /**
   * Creates the error for a call still rate limited.
   *
   * @param retryAfterMs How long to wait before trying again, in milliseconds.
   * @param context The tool and account concerned, and the underlying error as `cause`.
   * @param limitedBy Whose limit it was, when known.
   */
  constructor(
    retryAfterMs: number,
    context: TrutoErrorContext = {},
    limitedBy?: RateLimitSource | undefined,
  ) {
    const by = limitedBy === 'provider' ? "the provider's API (through Truto)" : 'Truto'
    super(`Rate limited by ${by}; retry after ${Math.ceil(retryAfterMs / 1000)} s`, context)
    this.retryAfterMs = retryAfterMs
    this.limitedBy = limitedBy
  }
}

/** Why a call was refused before anything was sent. */
export type TrutoRefusal = 'read-only' | 'not-approved' | 'unsafe-path'

/** A call the library refused to send: read-only mode, the approver said no, or a path outside the API. */
export class TrutoRefusedError extends TrutoError {
  override name = 'TrutoRefusedError' as const
  /** Why the call was refused. */
  readonly reason: TrutoRefusal

  /**
   * Creates the error for a refused call.
   *
   * @param reason Why the call was refused.
   * @param context The tool and account concerned.
   */
  constructor(reason: TrutoRefusal, context: TrutoErrorContext = {}) {
    const why = {
      'read-only': 'the toolset is read-only',
      'not-approved': 'the approver refused it',
      'unsafe-path': 'its path would leave the Truto API',
    }[reason]
    super(`Call refused, nothing was sent: ${why}`, context)
    this.reason = reason
  }
}

/** How an MCP server failed a call: gone (expired or deleted), credentials refused, a JSON-RPC or HTTP error, or the tool's own error result. */
export type TrutoMcpFailure =
  | 'gone'
  | 'unauthorized'
  | 'rpc-error'
  | 'http-error'
  | 'tool-error'
  | 'closed'

/** An MCP server answered a call with an error. */
export class TrutoMcpError extends TrutoError {
  override name = 'TrutoMcpError' as const
  /** How the server failed the call. */
  readonly reason: TrutoMcpFailure
  /** The HTTP status or JSON-RPC error code, when there was one. */
  readonly code: number | undefined
  /** What the server said, clipped; never the server's URL or token. */
  readonly serverMessage: string | undefined

  /**
   * Creates the error for an MCP call the server failed.
   *
   * @param init How the server failed, its code and what it said.
   * @param context The tool and account concerned, and the underlying error as `cause`.
   */
  constructor(
    init: {
      reason: TrutoMcpFailure
      code?: number | undefined
      serverMessage?: string | undefined
    },
    context: TrutoErrorContext = {},
  ) {
    const code = init.code === undefined ? '' : ` ${init.code}`
    const said = init.serverMessage ? `: ${init.serverMessage}` : ''
    super(`MCP server failed the call (${init.reason}${code})${said}`, context)
    this.reason = init.reason
    this.code = init.code
    this.serverMessage = init.serverMessage
  }
}

/** Why provisioning an MCP server failed: a setting Truto did not apply, or no tool matches the filters. */
export type TrutoMcpServerFailure = 'not-applied' | 'no-matching-tools'

/**
 * Truto created or changed an MCP server other than asked (a server just created is deleted
 * first), or refused to create one because no tool matches its `methods` and `tags`.
 */
export class TrutoMcpServerError extends TrutoError {
  override name = 'TrutoMcpServerError' as const
  /** Why provisioning failed. */
  readonly reason: TrutoMcpServerFailure
  /** The options Truto did not apply, e.g. `['requireApiTokenAuth']`; empty for `no-matching-tools`. */
  readonly settings: readonly string[]
  /** The server concerned, when Truto made one. */
  readonly serverId: string | undefined
  /** True when the library deleted the server it had just created. */
  readonly deleted: boolean

  /**
   * Creates the error for a server Truto did not provision as asked.
   *
   * @param init Why it failed, the message, the settings not applied and the server concerned.
   * @param context The account concerned.
   */
  constructor(
    init: {
      reason: TrutoMcpServerFailure
      message: string
      settings?: readonly string[]
      serverId?: string | undefined
      deleted?: boolean
    },
    context: TrutoErrorContext = {},
  ) {
    super(init.message, context)
    this.reason = init.reason
    this.settings = init.settings ?? []
    this.serverId = init.serverId
    this.deleted = init.deleted ?? false
  }
}

/** One problem with a tool's arguments. */
export type TrutoValidationIssue = {
  /** Dotted path of the field, e.g. `custom_fields_values.budget`; empty for the whole input. */
  readonly path: string
  /** What is wrong with the field, e.g. `must be string, not number`. */
  readonly message: string
}

/**
 * A tool was called with arguments its schema rejects; nothing was sent. Also an instance of
 * core's `ToolInputParsingException`, so code that catches that catches this.
 */
export class TrutoValidationError extends ToolInputParsingException {
  /** Always `TrutoValidationError`; the type guards read it. */
  override name = 'TrutoValidationError' as const
  /** Every problem found, each naming its field. */
  readonly issues: readonly TrutoValidationIssue[]
  /** The tool whose call was rejected, when known. */
  readonly toolName: string | undefined
  /** The integrated account the call was for, when known. */
  readonly accountId: string | undefined
  /** The brand {@link isTrutoError} checks, across realms and duplicate installs. @internal */
  readonly [marker] = true

  /**
   * Creates the error from the issues found; its message lists the first five.
   *
   * @param issues Every problem found with the arguments.
   * @param context The tool and account concerned, and the underlying error as `cause`.
   */
  constructor(issues: readonly TrutoValidationIssue[], context: TrutoErrorContext = {}) {
    const listed = issues
      .slice(0, 5)
      .map((issue) => `${issue.path ? `\`${issue.path}\` ` : ''}${issue.message}`)
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : ''
    const what = listed.length ? `${listed.join('; ')}${more}` : 'rejected by the schema'
    const tool = context.toolName ? ` for ${context.toolName}` : ''
    super(`Invalid arguments${tool}: ${what}. Nothing was sent.`)
    this.issues = issues
    this.toolName = context.toolName
    this.accountId = context.accountId
    if (context.cause !== undefined) Object.defineProperty(this, 'cause', { value: context.cause })
  }
}

const hasName = (error: unknown, name: string): boolean =>
  isTrutoError(error) && (error as Error).name === name

/** True for any error thrown by this library, across realms and duplicate installs. */
export const isTrutoError = (error: unknown): error is TrutoError =>
  typeof error === 'object' && error !== null && marker in error
/** True for a {@link TrutoConfigError}. */
export const isTrutoConfigError = (error: unknown): error is TrutoConfigError =>
  hasName(error, 'TrutoConfigError')
/** True for a {@link TrutoApiError}. */
export const isTrutoApiError = (error: unknown): error is TrutoApiError =>
  hasName(error, 'TrutoApiError')
/** True for a {@link TrutoRequestError}. */
export const isTrutoRequestError = (error: unknown): error is TrutoRequestError =>
  hasName(error, 'TrutoRequestError')
/** True for a {@link TrutoRateLimitError}. */
export const isTrutoRateLimitError = (error: unknown): error is TrutoRateLimitError =>
  hasName(error, 'TrutoRateLimitError')
/** True for a {@link TrutoRefusedError}. */
export const isTrutoRefusedError = (error: unknown): error is TrutoRefusedError =>
  hasName(error, 'TrutoRefusedError')
/** True for a {@link TrutoValidationError}. */
export const isTrutoValidationError = (error: unknown): error is TrutoValidationError =>
  hasName(error, 'TrutoValidationError')
/** True for a {@link TrutoMcpServerError}. */
export const isTrutoMcpServerError = (error: unknown): error is TrutoMcpServerError =>
  hasName(error, 'TrutoMcpServerError')
/** True for a {@link TrutoMcpError}. */
export const isTrutoMcpError = (error: unknown): error is TrutoMcpError =>
  hasName(error, 'TrutoMcpError')

const clipText = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}…` : text

// a loop, not /[…]+$/: on a hostile message that regex is quadratic
function trimEnd(text: string, chars: string): string {
  let end = text.length
  while (end > 0 && chars.includes(text.charAt(end - 1))) end--
  return text.slice(0, end)
}
