import { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { AIMessage, type BaseMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'

/** Decides the next model turn from the conversation so far. */
export type Decide = (messages: BaseMessage[]) => AIMessage

/** A tool-calling chat model driven by a function, for agent loops without a provider. */
export class ScriptedChatModel extends BaseChatModel {
  readonly seen: BaseMessage[][] = []
  readonly #decide: Decide

  constructor(decide: Decide) {
    super({})
    this.#decide = decide
  }

  _llmType(): string {
    return 'scripted'
  }

  override bindTools(): this {
    return this
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.seen.push(messages)
    const message = this.#decide(messages)
    return {
      generations: [{ message, text: typeof message.content === 'string' ? message.content : '' }],
    }
  }
}

/** A model turn that calls one tool. */
export const callTool = (name: string, args: Record<string, unknown>, id: string) =>
  new AIMessage({ content: '', tool_calls: [{ name, args, id, type: 'tool_call' }] })
