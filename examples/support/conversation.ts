import { AIMessage, type BaseMessage, ToolMessage } from '@langchain/core/messages'

/** One tool call from the conversation and the result that came back for it. */
export type ToolExchange = {
  readonly name: string
  readonly args: Record<string, unknown>
  /** False when the tool answered with an error message. */
  readonly ok: boolean
  /** The text the model read. */
  readonly text: string
  /** The JSON at the start of that text, parsed; undefined when there is none. */
  readonly data: unknown
  /** The cursor from "More results exist: call again with next_cursor=…", when the text has one. */
  readonly nextCursor: string | undefined
}

/** Every tool call made so far, paired with its result, oldest first. */
export function toolExchanges(messages: readonly BaseMessage[]): ToolExchange[] {
  const results = new Map<string, ToolMessage>()
  for (const message of messages) {
    if (ToolMessage.isInstance(message)) results.set(message.tool_call_id, message)
  }
  const exchanges: ToolExchange[] = []
  for (const message of messages) {
    if (!AIMessage.isInstance(message)) continue
    for (const call of message.tool_calls ?? []) {
      const result = call.id === undefined ? undefined : results.get(call.id)
      if (!result) continue
      const text =
        typeof result.content === 'string' ? result.content : JSON.stringify(result.content)
      exchanges.push({
        name: call.name,
        args: call.args,
        ok: result.status !== 'error',
        text,
        data: parseLeadingJson(text),
        nextCursor: /next_cursor="([^"]+)"/.exec(text)?.[1],
      })
    }
  }
  return exchanges
}

/** The successful results of one tool, oldest first. */
export const resultsOf = (messages: readonly BaseMessage[], toolName: string) =>
  toolExchanges(messages).filter((exchange) => exchange.name === toolName && exchange.ok)

/** The items of a list result (`{ result: [...] }`), or none. */
export function itemsOf<T>(exchange: ToolExchange | undefined): T[] {
  const data = exchange?.data as { result?: unknown } | undefined
  return Array.isArray(data?.result) ? (data.result as T[]) : []
}

/** A model turn that calls these tools (in parallel, as real models do). */
export function callTools(
  messages: readonly BaseMessage[],
  calls: readonly { name: string; args: Record<string, unknown> }[],
): AIMessage {
  // ids only need to be unique within the conversation
  const turn = messages.length
  return new AIMessage({
    content: '',
    tool_calls: calls.map((call, i) => ({ ...call, id: `call_${turn}_${i}`, type: 'tool_call' })),
  })
}

/** A final answer: no tool calls, so the agent loop ends. */
export const answer = (text: string) => new AIMessage(text)

// list results are compact JSON on the first line, then a sentence about paging
function parseLeadingJson(text: string): unknown {
  try {
    return JSON.parse(text.split('\n', 1)[0] ?? '')
  } catch {
    return undefined
  }
}

/** Items gathered over every page of one list tool so far, and the cursor of the next page. */
export function listSoFar<T>(messages: readonly BaseMessage[], toolName: string) {
  const pages = resultsOf(messages, toolName)
  return {
    called: pages.length > 0,
    items: pages.flatMap((page) => itemsOf<T>(page)),
    nextCursor: pages.at(-1)?.nextCursor,
  }
}

/** The last error text when this many tool calls failed, so a stand-in gives up instead of looping. */
export function giveUpAfterFailures(
  messages: readonly BaseMessage[],
  limit = 3,
): string | undefined {
  const failed = toolExchanges(messages).filter((exchange) => !exchange.ok)
  if (failed.length < limit) return undefined
  return `Stopping after ${failed.length} failed tool calls; the last said: ${failed.at(-1)?.text}`
}
