import { BaseChatModel } from '@langchain/core/language_models/chat_models'
import type { AIMessage, BaseMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'

/** Decides the next model turn (tool calls or a final answer) from the conversation so far. */
export type Policy = (messages: BaseMessage[]) => AIMessage

/**
 * A deterministic stand-in for a real chat model, so the examples run offline without an API key.
 * It does not replay fixed calls: its policy reads ids out of earlier tool results and decides.
 */
export class StandInChatModel extends BaseChatModel {
  readonly #policy: Policy

  constructor(policy: Policy) {
    super({})
    this.#policy = policy
  }

  _llmType(): string {
    return 'stand-in'
  }

  // the policy already knows the tools by name, so binding them changes nothing
  override bindTools(): this {
    return this
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = this.#policy(messages)
    const text = typeof message.content === 'string' ? message.content : ''
    return { generations: [{ message, text }] }
  }
}
