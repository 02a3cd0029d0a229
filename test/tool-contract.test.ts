import { AIMessage, ToolMessage } from '@langchain/core/messages'
import { ToolInputParsingException } from '@langchain/core/tools'
import { MessagesAnnotation, StateGraph } from '@langchain/langgraph'
import { ToolNode } from '@langchain/langgraph/prebuilt'
import { createAgent, toolRetryMiddleware } from 'langchain'
import {
  isTrutoApiError,
  isTrutoRequestError,
  TrutoApiError,
  TrutoError,
  TrutoTool,
  TrutoValidationError,
} from 'truto-langchainjs-toolset'
import { describe, expect, expectTypeOf, test } from 'vitest'
import { callTool, ScriptedChatModel } from './helpers/scripted-model.js'
import { sourceSetup } from './helpers/tool-sources.js'
import { definition, testManager, toolCall, useTrutoApi } from './helpers/truto-api.js'

const api = useTrutoApi()

const failing = () =>
  api.reply(() =>
    Response.json({ statusCode: 400, message: 'title is too long.' }, { status: 400 }),
  )

async function throwingTool(): Promise<TrutoTool> {
  api.definitions([definition({ method: 'list' })])
  const [tool] = await testManager({ errors: 'throw' }).getTools()
  if (!tool) throw new Error('no tool')
  return tool
}

/** A graph of one ToolNode, fed one model turn that calls the tool. */
async function runToolNode(tool: TrutoTool, options: { handleToolErrors: boolean }) {
  const graph = new StateGraph(MessagesAnnotation)
    .addNode('tools', new ToolNode([tool], options))
    .addEdge('__start__', 'tools')
    .compile()
  return graph.invoke({ messages: [callTool(tool.name, {}, 'call_1')] })
}

describe("errors: 'throw' hands failures to LangGraph and langchain", () => {
  test('a failed call throws its typed error even when called with a tool call', async () => {
    failing()
    const tool = await throwingTool()

    const error = await tool.invoke(toolCall(tool.name, {})).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(TrutoApiError)
    expect(isTrutoApiError(error) && error.status).toBe(400)
  })

  test('ToolNode({ handleToolErrors: false }) lets the error out of the graph', async () => {
    failing()
    const tool = await throwingTool()

    const outcome = await runToolNode(tool, { handleToolErrors: false }).catch((e: unknown) => e)

    expect(outcome).toBeInstanceOf(TrutoApiError)
  })

  test('createAgent’s own error handler answers the model with the typed error’s message', async () => {
    failing()
    const tool = await throwingTool()
    const model = new ScriptedChatModel((messages) =>
      messages.some((m) => m.getType() === 'tool')
        ? new AIMessage('done')
        : callTool(tool.name, {}, 'call_1'),
    )

    const state = await createAgent({ model, tools: [tool] }).invoke({
      messages: [{ role: 'user', content: 'list' }],
    })

    const answer = state.messages.find((m) => m.getType() === 'tool') as ToolMessage
    expect(answer.status).toBe('error')
    expect(String(answer.content)).toMatch(/Truto answered 400: title is too long/)
  })

  test('ToolNode({ handleToolErrors: true }) answers the model with the error text', async () => {
    failing()
    const tool = await throwingTool()

    const state = await runToolNode(tool, { handleToolErrors: true })

    const last = state.messages.at(-1) as ToolMessage
    expect(last.status).toBe('error')
    expect(String(last.content)).toMatch(/^Error: Truto answered 400: title is too long/)
  })

  test('toolRetryMiddleware in createAgent retries a thrown failure, then answers', async () => {
    let sent = 0
    api.reply(() => {
      sent++
      return sent < 3
        ? Response.json({ statusCode: 409, message: 'busy' }, { status: 409 })
        : Response.json({ result: [], next_cursor: null })
    })
    const tool = await throwingTool()
    const model = new ScriptedChatModel((messages) =>
      messages.some((m) => m.getType() === 'tool')
        ? new AIMessage('done')
        : callTool(tool.name, {}, 'call_1'),
    )
    const agent = createAgent({
      model,
      tools: [tool],
      middleware: [toolRetryMiddleware({ maxRetries: 3, initialDelayMs: 1, retryOn: () => true })],
    })

    const state = await agent.invoke({ messages: [{ role: 'user', content: 'list' }] })

    expect(sent).toBe(3)
    expect(
      state.messages.some((m) => m.getType() === 'tool' && String(m.content).includes('0 items')),
    ).toBe(true)
  })
})

describe('LangChain’s tool contract', () => {
  test('a TrutoValidationError is also core’s ToolInputParsingException and a TrutoError', async () => {
    api.definitions([
      definition({
        method: 'create',
        body_schema: { type: 'object', properties: { title: { type: 'string' } } },
      }),
    ])
    const [tool] = await testManager().getTools()

    const error = await tool?.invoke({ title: 5 }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(TrutoValidationError)
    expect(error).toBeInstanceOf(ToolInputParsingException)
    expect(error).toBeInstanceOf(TrutoError)
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('error ToolMessages carry the same metadata as successful ones', async () => {
    api.definitions([definition({ method: 'list' })])
    const [tool] = await testManager().getTools()
    if (!tool) throw new Error('no tool')

    const ok = await tool.invoke(toolCall(tool.name, {}))
    failing()
    const failed = await tool.invoke(toolCall(tool.name, {}))

    expect(failed.status).toBe('error')
    expect(failed.metadata).toEqual(ok.metadata)
    expect(failed.metadata).toMatchObject({
      method: 'list',
      originalName: tool.metadata.originalName,
    })
  })

  test('invoke with a literal tool call is typed, and is, a ToolMessage', async () => {
    api.definitions([definition()])
    const [tool] = await testManager().getTools()
    if (!tool) throw new Error('no tool')

    const message = await tool.invoke({ type: 'tool_call', id: 'c1', name: tool.name, args: {} })
    const text = await tool.invoke({})

    expectTypeOf(message).toEqualTypeOf<ToolMessage>()
    expectTypeOf(text).toEqualTypeOf<string>()
    expect(message).toBeInstanceOf(ToolMessage)
    expect(typeof text).toBe('string')
  })

  test('TrutoTool is a class at runtime, so instanceof works', async () => {
    api.definitions([definition()])

    const [tool] = await testManager().getTools()

    expect(tool).toBeInstanceOf(TrutoTool)
  })

  test('a network failure names the tool and the account', async () => {
    api.definitions([definition()])
    const [tool] = await testManager({
      maxRetries: 0,
      fetch: async (input, init) => {
        const url = new URL(new Request(input, init).url)
        if (url.pathname.endsWith('/tools'))
          return Response.json({ result: [definition()], next_cursor: null })
        throw new TypeError('fetch failed')
      },
    }).getTools()

    const error = await tool?.invoke({}).catch((e: unknown) => e)

    expect(isTrutoRequestError(error) && [error.reason, error.toolName, error.accountId]).toEqual([
      'network',
      tool?.name,
      tool?.metadata.accountId,
    ])
  })

  test('a server message ending in a period reads cleanly in the error', () => {
    const error = new TrutoApiError({
      status: 502,
      method: 'GET',
      path: '/x',
      serverMessage: 'Bad gateway.',
    })

    expect(error.message).toBe('Truto answered 502: Bad gateway: GET /x')
  })
})

describe('the search pair', () => {
  test('call_tool answers carry call_tool’s own metadata, and the called tool’s under calledTool', async () => {
    const { sandbox, manager } = sourceSetup()
    const [, call] = await manager.getSearchTools(sandbox.accounts.octapipe)

    const ok = (await call.invoke(
      toolCall('call_tool', { name: 'list_all_octapipe_pipelines', arguments: {} }),
    )) as ToolMessage
    const failed = (await call.invoke(
      toolCall('call_tool', { name: 'get_single_octapipe_pipeline_by_id', arguments: {} }),
    )) as ToolMessage
    const unknown = (await call.invoke(
      toolCall('call_tool', { name: 'no_such_tool', arguments: {} }),
    )) as ToolMessage

    expect([ok.status, failed.status, unknown.status]).toEqual(['success', 'error', 'error'])
    expect(ok.name).toBe('call_tool')
    for (const answer of [ok, failed, unknown])
      expect(answer.metadata).toMatchObject(call.metadata ?? {})
    expect(ok.metadata?.calledTool).toMatchObject({
      originalName: 'list_all_octapipe_pipelines',
      method: 'list',
    })
    expect(failed.metadata?.calledTool).toMatchObject({ method: 'get' })
  })

  test('error answers of search_tools and call_tool carry their metadata, as every tool’s do', async () => {
    const { sandbox, manager } = sourceSetup()
    const [search, call] = await manager.getSearchTools(sandbox.accounts.octapipe)
    const cancelled = { signal: AbortSignal.abort() }

    const answers = (await Promise.all([
      search.invoke(toolCall('search_tools', { query: 42 })),
      call.invoke(toolCall('call_tool', { name: 7 })),
      search.invoke(toolCall('search_tools', { query: 'pipelines' }), cancelled),
      call.invoke(toolCall('call_tool', { name: 'list_all_octapipe_pipelines' }), cancelled),
    ])) as ToolMessage[]

    expect(answers.map((a) => a.status)).toEqual(['error', 'error', 'error', 'error'])
    const owners = [search, call, search, call]
    answers.forEach((answer, i) => {
      expect(answer.metadata).toBeDefined()
      expect(answer.metadata).toEqual(owners[i]?.metadata)
    })
  })

  test('an already-aborted signal rejects search_tools and call_tool as it rejects every tool, on every path', async () => {
    const { sandbox, manager } = sourceSetup()
    const [search, call] = await manager.getSearchTools(sandbox.accounts.octapipe)
    const [tool] = await manager.getTools(sandbox.accounts.octapipe)
    const signal = AbortSignal.abort()
    const before = sandbox.requests.length
    const reason = (promise: Promise<unknown>) =>
      promise.then(
        () => 'resolved',
        (error: unknown) => (isTrutoRequestError(error) ? error.reason : String(error)),
      )

    const outcomes = await Promise.all([
      reason(tool?.invoke({}, { signal }) ?? Promise.resolve()),
      reason(search.invoke({ query: 'pipelines' }, { signal })),
      reason(call.invoke({ name: 'list_all_octapipe_pipelines' }, { signal })),
      // the deprecated entry point LangChain still ships skips invoke
      reason(search.call({ query: 'pipelines' }, { signal })),
      reason(call.call({ name: 'list_all_octapipe_pipelines' }, { signal })),
    ])

    expect(outcomes).toEqual(['aborted', 'aborted', 'aborted', 'aborted', 'aborted'])
    expect(sandbox.requests).toHaveLength(before)
  })

  test('a cancelled run runs neither search_tools nor call_tool', async () => {
    const { sandbox, manager } = sourceSetup()
    const [search, call] = await manager.getSearchTools(sandbox.accounts.octapipe)
    const controller = new AbortController()
    controller.abort()
    const before = sandbox.requests.length

    const found = (await search.invoke(toolCall('search_tools', { query: 'pipelines' }), {
      signal: controller.signal,
    })) as ToolMessage
    const called = (await call.invoke(
      toolCall('call_tool', { name: 'list_all_octapipe_pipelines', arguments: {} }),
      { signal: controller.signal },
    )) as ToolMessage

    expect([found.status, called.status]).toEqual(['error', 'error'])
    expect(String(found.content)).toMatch(/cancelled/)
    expect(sandbox.requests).toHaveLength(before)
  })

  test('under readOnly, call_tool says a write tool is withheld, not that it does not exist', async () => {
    const { sandbox, manager } = sourceSetup({ readOnly: true })
    const [, call] = await manager.getSearchTools(sandbox.accounts.octapipe)

    const answer = (await call.invoke(
      toolCall('call_tool', { name: 'create_a_octapipe_task', arguments: { title: 'T' } }),
    )) as ToolMessage

    expect(String(answer.content)).toMatch(/not available here: this toolset is read-only/)
  })
})
