import type { CallbackHandlerMethods } from '@langchain/core/callbacks/base'
import { ToolMessage } from '@langchain/core/messages'

/** One tool call as the trace saw it. */
export type TraceStep = {
  readonly tool: string
  readonly args: Record<string, unknown>
  readonly ok: boolean
  /** The parsed API response (the tool's artifact), or the error details. */
  readonly data: unknown
}

/** One `truto_rate_limited` event: a call waiting before it is sent (again). */
export type RateLimitWait = {
  readonly tool: string
  readonly accountId: string
  readonly attempt: number
  readonly waitMs: number
  readonly reason: string
  readonly status?: number
  readonly shared: boolean
}

/** Prints each tool call and rate-limit wait as it happens, and keeps them for the report. */
export class Trace {
  readonly steps: TraceStep[] = []
  readonly waits: RateLimitWait[] = []
  readonly #print: (line: string) => void
  readonly #started = new Map<string, { tool: string; args: Record<string, unknown> }>()

  constructor(print: (line: string) => void) {
    this.#print = print
  }

  /** Pass as `callbacks: [trace.handler]` to `invoke`; tool runs and custom events report here. */
  readonly handler: CallbackHandlerMethods = {
    handleToolStart: (tool, input, runId, _parent, _tags, _metadata, runName) => {
      this.#started.set(runId, { tool: runName ?? tool.id.at(-1) ?? '?', args: parseArgs(input) })
    },
    handleToolEnd: (output, runId) => {
      const start = this.#started.get(runId)
      if (!start) return
      const message = ToolMessage.isInstance(output) ? output : undefined
      const ok = message?.status !== 'error'
      const text = message ? String(message.content) : String(output)
      this.steps.push({ ...start, ok, data: message?.artifact })
      const outcome = ok ? summariseResult(message?.artifact, text) : `ERROR ${firstLine(text)}`
      this.#print(`  ${this.steps.length}. ${start.tool}(${summariseArgs(start.args)})`)
      this.#print(`     ${ok ? '→' : '✗'} ${outcome}`)
    },
    handleCustomEvent: (name, data) => {
      if (name !== 'truto_rate_limited') return
      const wait = data as RateLimitWait
      this.waits.push(wait)
      const seconds = (wait.waitMs / 1000).toFixed(1)
      const why = wait.shared
        ? "the account's window is used up"
        : `answered ${wait.status ?? wait.reason}, retry ${wait.attempt}`
      this.#print(`     ⏳ rate limit: ${wait.tool} waits ${seconds} s (${why})`)
    },
  }

  /** A line of its own in the trace, e.g. what a non-model node is doing. */
  note(line: string): void {
    this.#print(`  · ${line}`)
  }
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

const LONG_TEXT = new Set(['message', 'text', 'input', 'name'])

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
  const name = item.title ?? item.name ?? item.subject ?? item.message ?? item.text
  const id = item.uuid ?? item.id
  const status = item.status === undefined ? '' : ` [${String(item.status)}]`
  if (name !== undefined) return `${clip(String(name), 40)}${status}`
  return `${String(id ?? 'ok')}${status}`
}
