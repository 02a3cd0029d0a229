import { Embeddings } from '@langchain/core/embeddings'
import { BaseChatModel, type BindToolsInput } from '@langchain/core/language_models/chat_models'
import { AIMessage, type BaseMessage, ToolMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { createAgent } from 'langchain'
import { type TrutoTool, TrutoToolManager, toolSelectorMiddleware } from 'truto-langchainjs-toolset'
import { createSandbox, type Sandbox } from 'truto-langchainjs-toolset/testing'
import { describe, expect, test } from 'vitest'

/** A tool-calling model that records the tools bound for each call and may call only those. */
class ToolSeeingModel extends BaseChatModel {
  readonly bound: string[][] = []
  readonly #decide: (messages: BaseMessage[], bound: readonly string[]) => AIMessage

  constructor(decide: (messages: BaseMessage[], bound: readonly string[]) => AIMessage) {
    super({})
    this.#decide = decide
  }

  _llmType() {
    return 'tool-seeing'
  }

  override bindTools(tools: BindToolsInput[]): this {
    this.bound.push(tools.map((tool) => String((tool as { name?: unknown }).name)))
    return this
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = this.#decide(messages, this.bound.at(-1) ?? [])
    return { generations: [{ message, text: message.text }] }
  }
}

const sandboxCatalogue = async (sandbox: Sandbox): Promise<TrutoTool[]> => {
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
  })
  const accounts = Object.values(sandbox.accounts)
  return (await Promise.all(accounts.map((id) => manager.getTools(id)))).flat()
}

const CARD = 'Fix timezone bug in reports'
const TASK = `In the Core Engineering pipeline, find the card '${CARD}', move it to the Done stage and add a note on it saying it shipped.`

type Named = { uuid: string; name?: string; title?: string }

// the results of one tool so far, from the artifacts the agent kept
const resultsOf = (messages: readonly BaseMessage[], tool: string) => {
  const names = new Map<string, string>()
  for (const message of messages) {
    for (const call of AIMessage.isInstance(message) ? (message.tool_calls ?? []) : []) {
      if (call.id) names.set(call.id, call.name)
    }
  }
  return messages.filter(
    (message): message is ToolMessage =>
      ToolMessage.isInstance(message) && names.get(message.tool_call_id) === tool,
  )
}
const listed = (messages: readonly BaseMessage[], tool: string) => {
  const pages = resultsOf(messages, tool).map(
    (message) => message.artifact as { result?: Named[]; next_cursor?: string | null },
  )
  return {
    called: pages.length > 0,
    items: pages.flatMap((page) => page.result ?? []),
    next: pages.at(-1)?.next_cursor ?? undefined,
  }
}

let callId = 0
const call = (name: string, args: Record<string, unknown>) =>
  new AIMessage({
    content: '',
    tool_calls: [{ name, args, id: `c${callId++}`, type: 'tool_call' }],
  })

// the way through the task; a tool that is not bound this turn cannot be called
const policy = (messages: BaseMessage[], bound: readonly string[]): AIMessage => {
  const use = (name: string, args: Record<string, unknown>) =>
    bound.includes(name) ? call(name, args) : new AIMessage(`I was not given ${name}.`)
  const pipelines = listed(messages, 'list_all_octapipe_pipelines')
  if (!pipelines.called) return use('list_all_octapipe_pipelines', { name: 'Core Engineering' })
  const pipeline = pipelines.items.find((p) => p.name === 'Core Engineering')
  if (!pipeline) return new AIMessage('No such pipeline.')
  const stages = listed(messages, 'list_all_octapipe_pipeline_stages')
  if (!stages.called)
    return use('list_all_octapipe_pipeline_stages', { pipeline_uuid: pipeline.uuid })
  const done = stages.items.find((s) => s.name === 'Done')
  const cards = listed(messages, 'list_all_octapipe_pipeline_cards')
  const card = cards.items.find((c) => c.title === CARD)
  if (!card) {
    const cursor = cards.next ? { next_cursor: cards.next } : {}
    if (cards.called && !cards.next) return new AIMessage('No such card.')
    return use('list_all_octapipe_pipeline_cards', { pipeline_uuid: pipeline.uuid, ...cursor })
  }
  if (!resultsOf(messages, 'update_a_octapipe_pipeline_card_by_id').length) {
    return use('update_a_octapipe_pipeline_card_by_id', {
      id: card.uuid,
      pipeline_uuid: pipeline.uuid,
      pipeline_stage_uuid: done?.uuid,
    })
  }
  if (!resultsOf(messages, 'create_a_octapipe_note').length) {
    return use('create_a_octapipe_note', {
      entity_type: 'card',
      entity_uuid: card.uuid,
      content: 'Shipped.',
    })
  }
  return new AIMessage('Moved the card to Done and noted that it shipped.')
}

describe('toolSelectorMiddleware', () => {
  test('the model sees at most k tools per turn of a 57-tool catalogue and still reaches its goal', async () => {
    const sandbox = createSandbox()
    const tools = await sandboxCatalogue(sandbox)
    const model = new ToolSeeingModel(policy)
    const agent = createAgent({
      model,
      tools,
      middleware: [toolSelectorMiddleware({ maxTools: 8 })],
    })

    const { messages } = await agent.invoke({ messages: [{ role: 'user', content: TASK }] })

    const state = sandbox.state.octapipe
    const card = state.cards.find((c) => c.title === CARD)
    const done = state.stages.find((s) => s.uuid === card?.pipeline_stage_uuid)
    expect(tools.length).toBe(57)
    expect(messages.at(-1)?.text).toBe('Moved the card to Done and noted that it shipped.')
    expect(done?.name).toBe('Done')
    expect(
      state.notes.filter((n) => n.entity_uuid === card?.uuid && n.content === 'Shipped.'),
    ).toHaveLength(1)
    // eight ranked, plus at most the one the model called in its last turn
    for (const names of model.bound) expect(names.length).toBeLessThanOrEqual(9)
  })

  test('tools the model just called stay bound, and alwaysInclude ones always are', async () => {
    const sandbox = createSandbox()
    const tools = await sandboxCatalogue(sandbox)
    const calls = ['list_all_happyfox_staff', 'get_single_gumloop_agent_by_id']
    const model = new ToolSeeingModel((messages) => {
      const made = messages.filter((m) => ToolMessage.isInstance(m)).length
      const name = calls[made]
      return name ? call(name, name.startsWith('get') ? { id: 'x' } : {}) : new AIMessage('done')
    })
    const agent = createAgent({
      model,
      tools,
      middleware: [
        toolSelectorMiddleware({ maxTools: 2, alwaysInclude: ['list_all_gumloop_credit_logs'] }),
      ],
    })

    await agent.invoke({ messages: [{ role: 'user', content: 'list the HappyFox staff' }] })

    const [first, second, third] = model.bound
    expect(first).toContain('list_all_happyfox_staff')
    expect(second).not.toContain('get_single_gumloop_agent_by_id')
    expect(third).toContain('get_single_gumloop_agent_by_id')
    expect(third).toHaveLength(4)
    for (const names of model.bound) expect(names).toContain('list_all_gumloop_credit_logs')
  })

  test('a catalogue no larger than maxTools is bound whole', async () => {
    const tools = (await sandboxCatalogue(createSandbox())).slice(0, 4)
    const model = new ToolSeeingModel(() => new AIMessage('done'))
    const agent = createAgent({
      model,
      tools,
      middleware: [toolSelectorMiddleware({ maxTools: 5 })],
    })

    await agent.invoke({ messages: [{ role: 'user', content: 'hello' }] })

    expect(model.bound[0]).toEqual(tools.map((t) => t.name))
  })

  test('with embeddings it binds a tool the request shares no word with', async () => {
    const tools = await sandboxCatalogue(createSandbox())
    const model = new ToolSeeingModel(() => new AIMessage('done'))
    const middleware = toolSelectorMiddleware({ maxTools: 3, embeddings: new ConceptEmbeddings() })
    const agent = createAgent({ model, tools, middleware: [middleware] })

    await agent.invoke({ messages: [{ role: 'user', content: 'zorp the quux' }] })

    expect(model.bound[0]).toContain('list_all_gumloop_credit_logs')
  })

  test('maxTools below 1 is refused when the middleware is made', () => {
    expect(() => toolSelectorMiddleware({ maxTools: 0 })).toThrow(/maxTools/)
  })
})

/** Deterministic embeddings: one dimension per concept, where made-up words share a concept. */
class ConceptEmbeddings extends Embeddings {
  static readonly CONCEPTS = [/credit|zorp|quux/i, /ticket/i, /card/i, /session/i]
  constructor() {
    super({})
  }
  async embedDocuments(texts: string[]) {
    return texts.map((text) => this.#vector(text))
  }
  async embedQuery(text: string) {
    return this.#vector(text)
  }
  #vector(text: string) {
    return [...ConceptEmbeddings.CONCEPTS.map((concept) => (concept.test(text) ? 1 : 0)), 0.01]
  }
}
