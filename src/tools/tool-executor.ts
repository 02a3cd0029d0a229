import { dispatchCustomEvent } from '@langchain/core/callbacks/dispatch/web'
import type { RunnableConfig } from '@langchain/core/runnables'
import { methodKind } from '../basics/methods.js'
import { TrutoRefusedError } from '../errors/errors.js'
import type { ToolCallRequest } from '../options/options.js'
import type { Telemetry } from '../telemetry/telemetry.js'
import { readResponse, type TrutoRequest } from '../transport/client.js'
import type { RetryContext } from '../transport/retry-options.js'
import type { Transport } from '../transport/transport.js'
import { buildRequest } from './build-request.js'
import type { ToolExecutor } from './tool.js'
import { asListPage, formatPage, formatResult, type ListPage, pageText } from './tool-output.js'
import type { ArgumentRoute } from './tool-shape.js'

/** What every tool of one manager shares. */
export type ExecutorSettings = {
  readonly transport: Transport
  readonly maxResultChars: number
  readonly autoPaginate: { readonly maxPages: number; readonly maxItems: number } | undefined
  readonly readOnly: boolean
  readonly dryRun: boolean
  readonly requireApproval: (call: ToolCallRequest) => boolean
  readonly approve: ((call: ToolCallRequest) => boolean | Promise<boolean>) | undefined
  /** Longest a call may take in all; MCP calls hand it to the SDK as their own timeout. */
  readonly totalTimeoutMs: number
  /** Whether a failed call answers with an error message or throws. */
  readonly errors: 'message' | 'throw'
  /** The manager's spans; absent when it makes none. */
  readonly telemetry?: Telemetry | undefined
}

/** What one tool's calls go by. A class, not a literal: the tool keeps it (see plainObject). */
export class ToolContext {
  constructor(
    readonly toolName: string,
    readonly accountId: string,
    readonly route: ArgumentRoute,
    /** The tool's checked proxy path, without the record id. */
    readonly path: string,
    readonly idempotent: boolean,
  ) {}
}

/** The custom event each rate-limit or retry wait dispatches, for `streamEvents` and LangSmith. */
export const RATE_LIMIT_EVENT = 'truto_rate_limited'

/** What a {@link RATE_LIMIT_EVENT} event carries: the wait, and which tool of which account. */
export type RateLimitEventData = RetryContext & {
  /** The name of the tool whose call waits. */
  readonly tool: string
  /** The integrated account the call is for. */
  readonly accountId: string
  /** Same as `attemptNumber`. */
  readonly attempt: number
}

/** Builds the function that runs one validated call of a tool. */
export function createExecutor(settings: ExecutorSettings, tool: ToolContext): ToolExecutor {
  // made once per tool, and a catalogue has many: what calls share is made on the first call
  let bound: BoundTool | undefined
  return (args, config) => {
    bound ??= bind(settings, tool)
    return execute(bound, args, config)
  }
}

type BoundTool = ToolContext & {
  readonly settings: ExecutorSettings
  readonly errorContext: { readonly toolName: string; readonly accountId: string }
  readonly gateKey: string
  // what its spans are named by: the record id stays out
  readonly recordTemplate: string
  // most managers have no read-only mode, dry run or approval: their calls skip the guard's await
  readonly guarded: boolean
}

const bind = (settings: ExecutorSettings, tool: ToolContext): BoundTool => ({
  ...tool,
  settings,
  errorContext: { toolName: tool.toolName, accountId: tool.accountId },
  gateKey: `proxy:${tool.accountId}`,
  recordTemplate: `${tool.path}/{id}`,
  guarded: settings.readOnly || settings.dryRun || settings.approve !== undefined,
})

async function execute(
  tool: BoundTool,
  args: Record<string, unknown>,
  config: RunnableConfig | undefined,
): Promise<[string, unknown]> {
  const { settings, route, toolName, accountId } = tool
  const request = buildRequest(route, tool.path, args, accountId)
  if (tool.guarded) {
    const call: ToolCallRequest = {
      toolName,
      resource: route.resource,
      method: route.method,
      accountId,
      args,
      signal: config?.signal,
    }
    const rehearsal = await guardCall(settings, call, () => dryRunResult(request, toolName))
    if (rehearsal) return rehearsal
  }

  const data = await send(tool, request, config)
  const first = route.method === 'list' ? asListPage(data) : undefined
  if (!first) return [formatResult(data, route, settings.maxResultChars), data]
  if (!settings.autoPaginate) return [formatPage(first, settings.maxResultChars), data]
  const limits = { ...settings.autoPaginate, maxChars: settings.maxResultChars }
  const nextPage = (cursor: string) =>
    send(tool, { ...request, query: { ...request.query, next_cursor: cursor } }, config)
  const gathered = await gatherPages(first, limits, nextPage)
  return [formatPage(gathered, settings.maxResultChars), gathered]
}

async function send(
  tool: BoundTool,
  request: TrutoRequest,
  config: RunnableConfig | undefined,
): Promise<unknown> {
  const response = await tool.settings.transport.send(request, {
    gateKey: tool.gateKey,
    idempotent: tool.idempotent,
    signal: config?.signal,
    context: tool.errorContext,
    onWait: rateLimitNotifier(config, tool.toolName, tool.accountId),
    template: request.path === tool.path ? tool.path : tool.recordTemplate,
  })
  return readResponse(response, request, tool.errorContext)
}

/**
 * The checks every call passes before anything is sent: read-only mode, dry run, approval.
 * Resolves to the dry run's answer, or undefined when the call may go; throws a refusal.
 */
export async function guardCall(
  settings: ExecutorSettings,
  call: ToolCallRequest,
  dryRun: () => [string, unknown],
): Promise<[string, unknown] | undefined> {
  const context = { toolName: call.toolName, accountId: call.accountId }
  // checked here too, so a definition that slipped past the filter still cannot write
  if (settings.readOnly && methodKind(call.method) !== 'read') {
    throw new TrutoRefusedError('read-only', context)
  }
  if (settings.dryRun) return dryRun()
  // a person may answer after the run was cancelled; the send after this honours the signal first
  if (settings.approve && settings.requireApproval(call)) {
    const approved = await settings.approve(call)
    settings.telemetry?.annotate({ 'truto.approval': approved ? 'approved' : 'declined' })
    if (!approved) throw new TrutoRefusedError('not-approved', context)
  }
  return undefined
}

/** Dispatches each wait of a call as a {@link RATE_LIMIT_EVENT} in the call's run. */
export function rateLimitNotifier(
  config: RunnableConfig | undefined,
  tool: string,
  accountId: string,
): ((wait: RetryContext) => Promise<void>) | undefined {
  if (!config) return undefined
  return async (wait) => {
    const payload: RateLimitEventData = { tool, accountId, ...wait, attempt: wait.attemptNumber }
    // tracing must never break the call it traces
    await dispatchCustomEvent(RATE_LIMIT_EVENT, payload, config).catch(() => undefined)
  }
}

/** Reads further pages after `first` while they fit the limits; whole pages only. */
export async function gatherPages(
  first: ListPage,
  limits: { readonly maxPages: number; readonly maxItems: number; readonly maxChars: number },
  nextPage: (cursor: string) => Promise<unknown>,
): Promise<ListPage> {
  const items = [...first.result]
  let cursor = first.next_cursor
  let pages = 1
  let full = false
  const budgetStop = `the next page would not fit the output budget of ${limits.maxChars} characters`
  // whole pages only, and only as many as fit the budget with every sentence, so the cursor stays exact
  const fits = (more: ListPage) =>
    pageText({
      result: [...items, ...more.result],
      next_cursor: more.next_cursor,
      pages: pages + 1,
      stoppedBecause: budgetStop,
    }).length <= limits.maxChars
  while (cursor && pages < limits.maxPages && items.length < limits.maxItems) {
    const page = asListPage(await nextPage(cursor))
    if (!page) break
    if (!fits(page)) {
      full = true
      break
    }
    items.push(...page.result)
    cursor = page.next_cursor
    pages++
  }
  const stoppedBecause = !cursor
    ? undefined
    : full
      ? budgetStop
      : items.length >= limits.maxItems
        ? `reached autoPaginate.maxItems (${limits.maxItems})`
        : `reached autoPaginate.maxPages (${limits.maxPages})`
  return { result: items, next_cursor: cursor, pages, stoppedBecause }
}

function dryRunResult(request: TrutoRequest, toolName: string): [string, unknown] {
  const query = new URLSearchParams(request.query).toString()
  const target = `${request.method} ${request.path}${query ? `?${query}` : ''}`
  const body = request.body === undefined ? '' : ` with body ${JSON.stringify(request.body)}`
  return [
    `Dry run of ${toolName}: would send ${target}${body}. Nothing was sent.`,
    {
      dryRun: true,
      request: {
        method: request.method,
        path: request.path,
        query: request.query,
        body: request.body,
      },
    },
  ]
}
