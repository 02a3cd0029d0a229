import {
  isTrutoApiError,
  isTrutoMcpError,
  isTrutoRateLimitError,
  isTrutoRefusedError,
  isTrutoRequestError,
  isTrutoValidationError,
  type TrutoApiError,
  type TrutoMcpError,
} from '../errors/errors.js'

/** What the model reads after a failed call, and what the artifact keeps for people. */
export type ErrorReport = { readonly text: string; readonly artifact: Record<string, unknown> }

/** Turns any failure of a call into a short actionable text; no token, no stack trace. */
export function reportError(error: unknown, toolName: string, idempotent: boolean): ErrorReport {
  const unknownOutcome = idempotent
    ? 'It is safe to call again.'
    : 'The outcome is unknown: the change may or may not have been made. Check with a read tool before calling again.'

  if (isTrutoValidationError(error)) {
    const issues = error.issues.map((i) => (i.path ? `\`${i.path}\` ${i.message}` : i.message))
    return report(
      `Invalid arguments for ${toolName}: ${issues.join('; ')}. Nothing was sent; fix ${error.issues.length > 1 ? 'these fields' : 'this field'} and call again.`,
      { type: error.name, issues: error.issues },
    )
  }
  if (isTrutoRefusedError(error)) {
    const why = {
      'read-only': 'this toolset is read-only, so it only lists and reads records',
      'not-approved': 'a person or policy declined it',
      'unsafe-path': 'its request would have left the Truto API, so the toolset stopped it',
    }[error.reason]
    return report(
      `${toolName} was refused and nothing was sent: ${why}. Do not retry it; tell the user what you wanted to do instead.`,
      {
        type: error.name,
        reason: error.reason,
      },
    )
  }
  if (isTrutoRateLimitError(error)) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000))
    const by = { truto: "Truto's own limits", provider: "the app's API" }[
      error.limitedBy ?? 'provider'
    ]
    return report(
      `${toolName} was rate limited by ${error.limitedBy ? by : 'the API'}. Retry after ${seconds} s, or do other work first.`,
      { type: error.name, retryAfterMs: error.retryAfterMs, limitedBy: error.limitedBy },
    )
  }
  if (isTrutoApiError(error)) {
    const said = error.serverMessage
      ? `: ${clip(error.serverMessage, 500).replace(/[\s.]+$/, '')}`
      : ''
    const next = nextStep(error, unknownOutcome)
    const text = `${toolName} failed with HTTP ${error.status}${said}. ${next}`
    return report(text, {
      type: error.name,
      status: error.status,
      message: error.serverMessage,
      isRemoteError: error.isRemoteError,
      ...(error.problem ? { problem: error.problem } : {}),
      ...(error.missingScopes ? { missingScopes: error.missingScopes } : {}),
      body: error.body,
    })
  }
  if (isTrutoMcpError(error))
    return report(mcpText(error, toolName, unknownOutcome), {
      type: error.name,
      reason: error.reason,
      code: error.code,
      message: error.serverMessage,
    })
  if (isTrutoRequestError(error)) {
    const texts = {
      timeout: `${toolName} timed out before the API answered. ${unknownOutcome}`,
      network: `${toolName} could not reach the API (network error). ${unknownOutcome}`,
      aborted: `${toolName} was cancelled before it finished. ${idempotent ? '' : unknownOutcome}`,
      redirect: `${toolName} was redirected by the server; the toolset follows no redirects, so nothing more was sent. ${idempotent ? '' : unknownOutcome}`,
      'too-large': `${toolName} got a response over 10 MB and stopped reading it. Ask for less, such as a smaller limit.${idempotent ? '' : ` ${unknownOutcome}`}`,
      'malformed-body': `${toolName} got a response that is not valid JSON. ${idempotent ? 'Try again later.' : 'The call was accepted, so check with a read tool before calling again.'}`,
    }
    return report(texts[error.reason].trim(), { type: error.name, reason: error.reason })
  }
  // a stray error's message may hold anything, even a secret: tracing callbacks get the error itself
  return report(
    `${toolName} failed because of a fault in the toolset, not in your arguments. Do not retry it; tell the user it failed.`,
    { type: 'UnexpectedError', name: error instanceof Error ? error.name : typeof error },
  )
}

function nextStep(error: TrutoApiError, unknownOutcome: string): string {
  const { status, isRemoteError: remote } = error
  switch (error.problem) {
    case 'account-blocked':
      return 'The integrated account is blocked by Truto; a person must contact Truto support to unblock it. Do not retry.'
    case 'reconnect-account':
      return "The app rejected the integrated account's credentials: a person must reconnect the account (Truto refuses its calls until then). Do not retry."
    case 'api-key-refused':
      return 'The Truto API key was refused; this needs a person, do not retry.'
    case 'missing-scopes':
      return `The connection lacks the permission scopes ${clip((error.missingScopes ?? []).join(', '), 500)}: a person must reconnect the integrated account granting them. Do not retry.`
    case 'read-only-account':
      return 'The integrated account is a sandbox account, which is read-only: writes are refused. Do not retry; tell the user.'
    case 'method-not-allowed':
      return error.method === 'GET'
        ? 'The API does not allow GET on this route, so this tool cannot work as defined. Do not retry; tell the user.'
        : `The API does not allow ${error.method} here: either the integrated account is a sandbox account, which is read-only, or this route has no ${error.method}. Do not retry; tell the user.`
    case 'provider-refused':
      return status === 409
        ? 'The app refused it as a conflict with existing data; read the record and adjust, or tell the user.'
        : 'The app refused the data; fix what its message names and call again.'
  }
  if (remote && status === 403) {
    return 'The app refused access: a person may need to reconnect the integrated account with more access. Do not retry.'
  }
  if (status === 403) return 'This API key or account lacks permission; do not retry.'
  if (status === 404) return 'Check the id, or use a list tool to find valid ids.'
  if (status === 409) return 'It conflicts with the current state; read the record and adjust.'
  if (status >= 500) return unknownOutcome
  return 'Fix the arguments and call again.'
}

const report = (text: string, artifact: Record<string, unknown>): ErrorReport => ({
  text,
  artifact: { error: artifact },
})

// a server message may carry a whole upstream payload; the artifact keeps it in full
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text)

function mcpText(error: TrutoMcpError, toolName: string, unknownOutcome: string): string {
  const said = error.serverMessage
    ? `: ${clip(error.serverMessage, 500).replace(/[\s.]+$/, '')}`
    : ''
  switch (error.reason) {
    case 'gone':
      return `${toolName} failed: its MCP server has expired or was deleted. A person must provision a new one; do not retry.`
    case 'unauthorized':
      return `${toolName} failed: the MCP server refused the credentials (it may require the Truto API token). This needs a person; do not retry.`
    case 'closed':
      return `${toolName} failed: the toolset's connection to its MCP server was closed. The application must load the tools again; do not retry.`
    case 'tool-error':
      return `${toolName} failed${said}. Fix the arguments or check the record with a read tool, then call again.`
    case 'rpc-error':
      if (error.code === -32602)
        return `${toolName} was refused by the MCP server${said}. Fix the arguments and call again.`
      if (error.code === -32601)
        return `${toolName} is not a tool of this MCP server (any longer); do not retry it.`
      return `${toolName} failed on the MCP server${said}. ${unknownOutcome}`
    default:
      return `${toolName} failed with HTTP ${error.code ?? '?'} from the MCP server${said}. ${unknownOutcome}`
  }
}
