import { AIMessage, type BaseMessage, ToolMessage } from '@langchain/core/messages'
import { ToolNode } from '@langchain/langgraph/prebuilt'
import { createAgent, createMiddleware } from 'langchain'
import { HttpResponse } from 'msw'
import { describe, expect, test } from 'vitest'
import { callTool, ScriptedChatModel } from './helpers/scripted-model.js'
import { definition, testManager, useTrutoApi } from './helpers/truto-api.js'

const api = useTrutoApi()

const body = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] }

// four tools, each failing its own way: 400, 500, malformed body, invalid arguments
async function failingTools() {
  api.definitions([
    definition({ name: 'list_all_cards', method: 'list', resource: 'bad-request' }),
    definition({ name: 'get_single_card_by_id', method: 'get', resource: 'server-error' }),
    definition({ name: 'list_all_notes', method: 'list', resource: 'malformed' }),
    definition({ name: 'create_a_card', method: 'create', resource: 'cards', body_schema: body }),
  ])
  api.reply((call) => {
    if (call.path.startsWith('/proxy/bad-request')) {
      return HttpResponse.json(
        { statusCode: 400, error: 'Bad Request', message: 'pipeline_uuid is required' },
        { status: 400 },
      )
    }
    if (call.path.startsWith('/proxy/server-error'))
      return new HttpResponse('oops', { status: 500 })
    if (call.path.startsWith('/proxy/malformed'))
      return new HttpResponse('{"result":', { status: 200 })
    return HttpResponse.json({ id: 'card_1' })
  })
  const manager = testManager({ maxRetries: 0 })
  return manager.getTools()
}

const plan = [
  callTool('list_all_cards', {}, 't1'),
  callTool('get_single_card_by_id', { id: 'c1' }, 't2'),
  callTool('list_all_notes', {}, 't3'),
  callTool('create_a_card', { title: 42 }, 't4'),
]

// calls the planned tools one per turn, then answers with what the last tool said
const stepThroughPlan = (messages: BaseMessage[]) => {
  const done = messages.filter((m) => m instanceof ToolMessage).length
  return plan[done] ?? new AIMessage(`done after ${done} tool results`)
}

const errorsSeen = (model: ScriptedChatModel) =>
  (model.seen.at(-1) ?? []).filter(
    (m): m is ToolMessage => m instanceof ToolMessage && m.status === 'error',
  )

const expectedErrors = [
  /HTTP 400: pipeline_uuid is required/,
  /HTTP 500/,
  /not valid JSON/,
  /`title` must be string, not number/,
]

describe('inside createAgent', () => {
  test('after a 400, a 500, a malformed body and invalid arguments the loop goes on', async () => {
    const model = new ScriptedChatModel(stepThroughPlan)
    const agent = createAgent({ model, tools: await failingTools() })
    const result = await agent.invoke({ messages: [{ role: 'user', content: 'triage' }] })
    expect(result.messages.at(-1)?.content).toBe('done after 4 tool results')
    const errors = errorsSeen(model)
    expect(errors).toHaveLength(4)
    for (const [i, message] of errors.entries()) expect(message.content).toMatch(expectedErrors[i]!)
  })

  test('with a wrapToolCall middleware the errors still come back as messages', async () => {
    const passThrough = createMiddleware({
      name: 'PassThrough',
      wrapToolCall: (request, handler) => handler(request),
    })
    const model = new ScriptedChatModel(stepThroughPlan)
    const agent = createAgent({ model, tools: await failingTools(), middleware: [passThrough] })
    const result = await agent.invoke({ messages: [{ role: 'user', content: 'triage' }] })
    expect(result.messages.at(-1)?.content).toBe('done after 4 tool results')
    expect(errorsSeen(model)).toHaveLength(4)
  })

  test('the model sees no stack trace in any tool result', async () => {
    const model = new ScriptedChatModel(stepThroughPlan)
    const agent = createAgent({ model, tools: await failingTools() })
    await agent.invoke({ messages: [{ role: 'user', content: 'triage' }] })
    const text = errorsSeen(model)
      .map((m) => String(m.content))
      .join('\n')
    expect(text).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/)
  })
})

describe("inside LangGraph's ToolNode", () => {
  test('each failing call becomes an error ToolMessage with its call id', async () => {
    const node = new ToolNode(await failingTools())
    const result = await node.invoke({
      messages: [
        new AIMessage({ content: '', tool_calls: plan.flatMap((m) => m.tool_calls ?? []) }),
      ],
    })
    const messages = result.messages as ToolMessage[]
    expect(messages.map((m) => m.tool_call_id)).toEqual(['t1', 't2', 't3', 't4'])
    expect(messages.every((m) => m.status === 'error')).toBe(true)
    for (const [i, message] of messages.entries()) {
      expect(message.content).toMatch(expectedErrors[i]!)
    }
  })
})
