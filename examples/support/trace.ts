import type { CallbackHandlerMethods } from '@langchain/core/callbacks/base'
import { ToolMessage } from '@langchain/core/messages'
import { isTrutoError, RATE_LIMIT_EVENT, type RateLimitEventData } from 'truto-langchainjs-toolset'

/** One tool call as the trace saw it. */
export type TraceStep = {
  readonly tool: string
  readonly args: Record<string, unknown>
  /** False when the call failed: the library reported it through `handleToolError`. */
  readonly ok: boolean
  /** The parsed API response (the tool's artifact); for a failed call, the typed error (`TrutoApiError`, …). */
  readonly data: unknown
  /** The rate-limit and retry waits before this call went through (or gave up). */
  readonly waits: readonly RateLimitEventData[]
}

type Started = { tool: string; args: Record<string, unknown>; waits: RateLimitEventData[] }

/** Prints each tool call, with the rate-limit waits it sat through, and keeps them for the report. */
export class Trace {
  readonly steps: TraceStep[] = []
  readonly waits: RateLimitEventData[] = []
  readonly #print: (line: string) => void
  readonly #started = new Map<string, Started>()

  constructor(print: (line: string) => void) {
    this.#print = print
  }

  /** Pass as `callbacks: [trace.handler]` to `invoke`; tool runs and custom events report here. */
  readonly handler: CallbackHandlerMethods = {
    handleToolStart: (tool, input, runId, _parent, _tags, _metadata, runName) => {
      const name = runName ?? tool.id.at(-1) ?? '?'
      this.#started.set(runId, { tool: name, args: parseArgs(input), waits: [] })
    },
    handleToolEnd: (output, runId) => {
      const message = ToolMessage.isInstance(output) ? output : undefined
      const text = message ? String(message.content) : String(output)
      this.#finish(runId, true, message?.artifact, summariseResult(message?.artifact, text))
    },
    // invalid arguments, HTTP errors, refusals and exhausted retries all end here, never in handleToolEnd
    handleToolError: (error, runId) => {
      // a call rejected before it ran may reach handleToolStart without its name; the error has it
      const start = this.#started.get(runId)
      if (start && isTrutoError(error) && error.toolName) start.tool = error.toolName
      this.#finish(runId, false, error, `ERROR ${firstLine(errorText(error))}`)
    },
    handleCustomEvent: (name, data, runId) => {
      if (name !== RATE_LIMIT_EVENT) return
      const wait = data as RateLimitEventData
      this.waits.push(wait)
      // the event's run is the waiting tool call: keep the wait to print under that call's step
      const start = this.#started.get(runId)
      if (start) start.waits.push(wait)
      else this.#print(`     ⏳ ${describeWaits([wait])}`)
    },
  }

  /** A line of its own in the trace, e.g. what a non-model node is doing. */
  note(line: string): void {
    this.#print(`  · ${line}`)
  }

  #finish(runId: string, ok: boolean, data: unknown, outcome: string): void {
    const start = this.#started.get(runId)
    if (!start) return
    this.#started.delete(runId)
    this.steps.push({ ...start, ok, data })
    this.#print(`  ${this.steps.length}. ${start.tool}(${summariseArgs(start.args)})`)
    if (start.waits.length) this.#print(`     ⏳ ${describeWaits(start.waits)}`)
    this.#print(`     ${ok ? '→' : '✗'} ${outcome}`)
  }
}

// only the library's errors promise a message without tokens or request bodies in it
export const errorText = (error: unknown) =>
  isTrutoError(error) ? error.message : `${(error as Error)?.name ?? 'Error'} (message withheld)`

/** `rate limit: held back 2.0 s over 2 waits (the account's window was used up)`. */
function describeWaits(waits: readonly RateLimitEventData[]): string {
  // one call's waits happen one after another, so they add up
  const seconds = (waits.reduce((sum, wait) => sum + wait.waitMs, 0) / 1000).toFixed(1)
  const reasons = new Set(
    waits.map((wait) =>
      wait.shared
        ? "the account's window was used up"
        : `answered ${wait.status ?? wait.reason}, retry ${wait.attempt}`,
    ),
  )
  const count = waits.length > 1 ? ` over ${waits.length} waits` : ''
  return `rate limit: held back ${seconds} s${count} (${[...reasons].join('; ')})`
}

function parseArgs(input: string): Record<string, unknown> {
  try {
    const args: unknown = JSON.parse(input)
    return typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text
const firstLine = (text: string) => clip(text.split('\n', 1)[0] ?? '', 140)

const LONG_TEXT = new Set(['message', 'text', 'input', 'name', 'content'])

/** `name="Core Engineering", pipeline_uuid="3f2a…"`: long values clipped. */
export function summariseArgs(args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(
      ([key, value]) => `${key}=${clip(JSON.stringify(value) ?? '', LONG_TEXT.has(key) ? 40 : 14)}`,
    )
    .join(', ')
}

/** `15 items (Rate-limit webhook retries, …), more pages` or the key fields of one record. */
export function summariseResult(data: unknown, text: string): string {
  const record = data as Record<string, unknown> | undefined
  if (Array.isArray(record?.result)) {
    const items = record.result as Record<string, unknown>[]
    const names = items.slice(0, 3).map(label).join(', ')
    const more = items.length > 3 ? ', …' : ''
    const pages = record.next_cursor ? '; more pages exist' : ''
    return `${items.length} item${items.length === 1 ? '' : 's'}${names ? ` (${names}${more})` : ''}${pages}`
  }
  if (record && typeof record === 'object') return label(record)
  return firstLine(text)
}

function label(item: Record<string, unknown>): string {
  const name = item.title ?? item.name ?? item.subject ?? item.message ?? item.text ?? item.content
  const id = item.uuid ?? item.id
  const status = item.status === undefined ? '' : ` [${String(item.status)}]`
  if (name !== undefined) return `${clip(String(name), 40)}${status}`
  return `${String(id ?? 'ok')}${status}`
}
