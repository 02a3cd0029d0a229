/**
 * The whole sandbox catalogue (57 tools over three accounts), in each schema dialect, bound to
 * the real provider packages' `bindTools`. Each package's request is captured offline and its
 * tools checked against what the provider documents (see `test/schema/dialects/provider-rules.ts` for
 * the rules and their sources); a canned tool call in the provider's answer then runs through
 * the tool and must reach the sandbox in the API's shape.
 */
import { ChatAnthropic } from '@langchain/anthropic'
import type { AIMessage, ToolMessage } from '@langchain/core/messages'
import type { ToolCall } from '@langchain/core/messages/tool'
import type { RunnableConfig } from '@langchain/core/runnables'
import { DynamicStructuredTool } from '@langchain/core/tools'
import { ChatGoogleGenerativeAI } from '@langchain/google-genai'
import { ChatOpenAI } from '@langchain/openai'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import {
  type DialectView,
  dialectView,
  PROVIDER_TOOL_LIMITS,
} from '../src/schema/dialects/index.js'
import type { SchemaDialect } from '../src/schema/dialects/schema-dialect.js'
import {
  GEMINI_TOOL_NAME,
  geminiProblems,
  openAiStrictProblems,
  rootProblems,
  TOOL_LIMIT,
  TOOL_NAME,
} from './schema/dialects/provider-rules.js'

type Json = Record<string, unknown>
type TrutoTool = Awaited<ReturnType<TrutoToolManager['getTools']>>[number]
const DIALECTS: readonly SchemaDialect[] = ['json-schema', 'openai-strict', 'gemini']

// ---- the sandbox, and every request the toolset sends it

const sandbox = createSandbox()
/** Requests that reached the sandbox's proxy, with their JSON bodies. */
const received: { method: string; path: string; body: unknown }[] = []
const manager = new TrutoToolManager({
  apiKey: sandbox.apiKey,
  baseUrl: sandbox.baseUrl,
  onWarning: () => {},
  fetch: async (input, init) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    if (url.pathname.includes('/proxy/')) {
      const text = await request.clone().text()
      received.push({
        method: request.method,
        path: url.pathname.slice(url.pathname.indexOf('/proxy/')),
        body: text ? JSON.parse(text) : undefined,
      })
    }
    return sandbox.fetch(request)
  },
})

const catalogue: TrutoTool[] = []
/** Ids the canned calls refer to, read from the sandbox. */
const ids: Record<string, unknown> = {}

async function artifactOf(name: string, args: Json = {}): Promise<Json> {
  const tool = catalogue.find((t) => t.name === name)
  if (!tool) throw new Error(`no tool ${name}`)
  const message = (await tool.invoke({
    type: 'tool_call',
    id: 'setup',
    name,
    args,
  })) as unknown as ToolMessage
  return message.artifact as Json
}
const firstOf = (artifact: Json) => (artifact.result as Json[])[0] as Json

beforeAll(async () => {
  for (const account of [
    sandbox.accounts.octapipe,
    sandbox.accounts.gumloop,
    sandbox.accounts.happyfox,
  ]) {
    catalogue.push(...(await manager.getTools(account)))
  }
  ids.agent = firstOf(await artifactOf('list_all_gumloop_agents')).id
  const card = firstOf(await artifactOf('list_all_octapipe_pipeline_cards'))
  ids.card = card.uuid
  ids.pipeline = card.pipeline_uuid
  ids.stage = card.pipeline_stage_uuid
  const ticket = firstOf(await artifactOf('list_all_happyfox_tickets'))
  ids.ticket = ticket.id
  ids.database = firstOf(await artifactOf('list_all_octapipe_databases')).uuid
})

// ---- the tools in a dialect, as `getTools(…, { dialect })` will give them

/**
 * The dialect's schema for the provider; a call is mapped back to the API's shape and then
 * validated against the API's schema by the Truto tool, which is what the library will do.
 * (Core would validate against the dialect's schema first, and JSON Schema knows no `nullable`.)
 */
class DialectTool extends DynamicStructuredTool {
  readonly truto: TrutoTool
  readonly view: DialectView

  constructor(truto: TrutoTool, view: DialectView) {
    super({
      name: truto.name,
      description: truto.description,
      schema: view.schema as never,
      func: async () => '',
    })
    this.truto = truto
    this.view = view
  }

  // any: the override keeps core's generic signature
  override async invoke(input: any, config?: RunnableConfig): Promise<any> {
    const call = input as ToolCall
    return this.truto.invoke({ ...call, args: this.view.toApi(call.args) }, config)
  }
}

const inDialect = (dialect: SchemaDialect) =>
  catalogue.map((tool) => new DialectTool(tool, dialectView(tool.schema as Json, dialect)))

// ---- the providers, each answering one canned tool call, offline

type Captured = { url: string; body: Json }

function answering(reply: (url: string, body: Json) => unknown) {
  const captured: Captured[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const body = JSON.parse(await request.text()) as Json
    captured.push({ url: request.url, body })
    return new Response(JSON.stringify(reply(request.url, body)), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })
  })
  return { captured, fetch }
}

const openAiChatReply = (name: string, args: Json) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 0,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name, arguments: JSON.stringify(args) } },
        ],
      },
    },
  ],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
})

const openAiResponsesReply = (name: string, args: Json) => ({
  id: 'resp_1',
  object: 'response',
  created_at: 0,
  status: 'completed',
  model: 'gpt-4o-mini',
  output: [
    {
      type: 'function_call',
      id: 'fc_1',
      call_id: 'call_1',
      name,
      arguments: JSON.stringify(args),
      status: 'completed',
    },
  ],
  usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
})

const anthropicReply = (name: string, args: Json) => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [{ type: 'tool_use', id: 'toolu_1', name, input: args }],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 1, output_tokens: 1 },
})

const geminiReply = (name: string, args: Json) => ({
  candidates: [
    {
      index: 0,
      finishReason: 'STOP',
      content: { role: 'model', parts: [{ functionCall: { name, args } }] },
    },
  ],
  usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
})

/** A tool declaration as each provider's request carries it: name and parameters. */
type Declaration = { name: string; parameters: unknown; strict?: unknown }

type Provider = {
  readonly name: 'openai' | 'openai-responses' | 'anthropic' | 'gemini'
  /** Binds the tools, sends one message, returns the model's answer and the captured request. */
  call(
    tools: DialectTool[],
    dialect: SchemaDialect,
    canned: { name: string; args: Json },
  ): Promise<{ message: AIMessage; declarations: Declaration[] }>
}

const openAi = (responses: boolean): Provider => ({
  name: responses ? 'openai-responses' : 'openai',
  async call(tools, dialect, canned) {
    const { captured, fetch } = answering(() =>
      responses
        ? openAiResponsesReply(canned.name, canned.args)
        : openAiChatReply(canned.name, canned.args),
    )
    const model = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'sk-test',
      useResponsesApi: responses,
      configuration: { fetch },
    })
    const bound = model.bindTools(tools, dialect === 'openai-strict' ? { strict: true } : {})
    const message = (await bound.invoke('Go.')) as AIMessage
    const sent = (captured[0]?.body.tools ?? []) as Json[]
    const declarations = sent.map((t) => {
      const fn = (responses ? t : t.function) as Json
      return { name: fn.name as string, parameters: fn.parameters, strict: fn.strict }
    })
    return { message, declarations }
  },
})

const anthropic: Provider = {
  name: 'anthropic',
  async call(tools, _dialect, canned) {
    const { captured, fetch } = answering(() => anthropicReply(canned.name, canned.args))
    const model = new ChatAnthropic({
      model: 'claude-sonnet-4-5',
      apiKey: 'sk-ant-test',
      clientOptions: { fetch },
    })
    const message = (await model.bindTools(tools).invoke('Go.')) as AIMessage
    const sent = (captured[0]?.body.tools ?? []) as Json[]
    const declarations = sent.map((t) => ({ name: t.name as string, parameters: t.input_schema }))
    return { message, declarations }
  },
}

// `@langchain/google-genai` sends through `@google/generative-ai`, which calls the global fetch
const gemini: Provider = {
  name: 'gemini',
  async call(tools, _dialect, canned) {
    const { captured, fetch } = answering(() => geminiReply(canned.name, canned.args))
    vi.stubGlobal('fetch', fetch)
    let message: AIMessage
    try {
      const model = new ChatGoogleGenerativeAI({ model: 'gemini-2.0-flash', apiKey: 'test-key' })
      message = (await model.bindTools(tools).invoke('Go.')) as AIMessage
    } finally {
      vi.unstubAllGlobals()
    }
    const sent = (captured[0]?.body.tools ?? []) as Json[]
    const declarations = sent.flatMap((t) =>
      ((t.functionDeclarations ?? []) as Json[]).map((d) => ({
        name: d.name as string,
        parameters: d.parameters ?? { type: 'object', properties: {} },
      })),
    )
    return { message, declarations }
  },
}

const PROVIDERS = [openAi(false), openAi(true), anthropic, gemini]

/** The documented rules a declaration of this provider breaks (names and parameters). */
function refusals(provider: Provider['name'], dialect: SchemaDialect, declaration: Declaration) {
  const problems: string[] = []
  const names = provider === 'gemini' ? GEMINI_TOOL_NAME : TOOL_NAME
  if (!names.test(declaration.name)) problems.push(`name ${declaration.name}`)
  if (provider === 'gemini') problems.push(...geminiProblems(declaration.parameters))
  else problems.push(...rootProblems(declaration.parameters))
  const strict = provider.startsWith('openai') && dialect === 'openai-strict'
  if (strict) {
    if (declaration.strict !== true) problems.push('not sent with strict: true')
    problems.push(...openAiStrictProblems(declaration.parameters))
  }
  return problems
}

// a cheap call whose answer the round trip does not depend on
const canned = { name: 'list_all_gumloop_agents', args: {} }

describe.each(PROVIDERS)('$name', (provider) => {
  test.each(DIALECTS)('binds the whole catalogue in the %s dialect', async (dialect) => {
    const tools = inDialect(dialect)
    const { declarations, message } = await provider.call(tools, dialect, canned)
    expect(declarations.map((d) => d.name).sort()).toEqual(catalogue.map((t) => t.name).sort())
    expect(message.tool_calls?.[0]).toMatchObject({ name: canned.name, args: {} })
    const limit = provider.name === 'gemini' ? TOOL_LIMIT.gemini : TOOL_LIMIT.openai
    if (provider.name !== 'anthropic') expect(declarations.length).toBeLessThanOrEqual(limit)
    const refused = declarations.filter((d) => refusals(provider.name, dialect, d).length)
    const own =
      (provider.name === 'gemini' && dialect === 'gemini') ||
      (provider.name.startsWith('openai') && dialect === 'openai-strict')
    if (own) expect(refused.map((d) => [d.name, refusals(provider.name, dialect, d)])).toEqual([])
    if (dialect !== 'json-schema') return
    if (provider.name !== 'gemini') {
      expect(refused).toEqual([])
      return
    }
    // the schemas as they are: 11 tools with shapes Gemini refuses (type lists, oneOf, maps
    // that lose their values), 22 more only for string formats such as uuid, date and email
    const beyondFormats = refused.filter((d) =>
      refusals(provider.name, dialect, d).some((p) => !/: format /.test(p)),
    )
    expect(refused).toHaveLength(33)
    expect(beyondFormats.map((d) => d.name).sort()).toEqual([
      'create_a_gumloop_session',
      'create_a_happyfox_ticket',
      'create_a_octapipe_database_record',
      'create_a_octapipe_pipeline_card',
      'create_a_octapipe_task',
      'octapipe_database_records_bulk_delete',
      'octapipe_database_records_bulk_update',
      'update_a_happyfox_ticket_by_id',
      'update_a_octapipe_database_record_by_id',
      'update_a_octapipe_pipeline_card_by_id',
      'update_a_octapipe_task_by_id',
    ])
  })
})

test('OpenAI strict mode refuses every tool of the catalogue as it is', async () => {
  for (const responses of [false, true]) {
    const { captured, fetch } = answering(() =>
      responses
        ? openAiResponsesReply(canned.name, canned.args)
        : openAiChatReply(canned.name, canned.args),
    )
    const model = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'sk-test',
      useResponsesApi: responses,
      configuration: { fetch },
    })
    await model.bindTools(inDialect('json-schema'), { strict: true }).invoke('Go.')
    const sent = (captured[0]?.body.tools ?? []) as Json[]
    const refused = sent.filter((t) => {
      const fn = (responses ? t : t.function) as Json
      return fn.strict === true && openAiStrictProblems(fn.parameters).length > 0
    })
    expect(refused).toHaveLength(57)
  }
})

test('the catalogue fits every provider’s tool limit', () => {
  expect(catalogue).toHaveLength(57)
  expect(catalogue.length).toBeLessThanOrEqual(PROVIDER_TOOL_LIMITS.gemini ?? 0)
  expect(PROVIDER_TOOL_LIMITS['openai-strict']).toBe(TOOL_LIMIT.openai)
  expect(PROVIDER_TOOL_LIMITS.gemini).toBe(TOOL_LIMIT.gemini)
})

// ---- round trips: the provider's tool call, through the tool, to the sandbox

async function roundTrip(
  provider: Provider,
  dialect: SchemaDialect,
  call: { name: string; args: Json },
) {
  const tools = inDialect(dialect)
  const { message } = await provider.call(tools, dialect, call)
  const toolCall = message.tool_calls?.[0] as ToolCall
  expect(toolCall).toMatchObject({ name: call.name, args: call.args })
  const tool = tools.find((t) => t.name === call.name) as DialectTool
  received.length = 0
  const result = (await tool.invoke(toolCall)) as ToolMessage
  return { result, received: [...received] }
}

describe('a canned tool call reaches the sandbox as the API expects', () => {
  test('OpenAI strict: nulls for absent fields dropped, entries back to a map', async () => {
    for (const provider of [openAi(false), openAi(true)]) {
      const { result, received } = await roundTrip(provider, 'openai-strict', {
        name: 'create_a_gumloop_session',
        args: { agent_id: ids.agent, input: null, metadata: [{ key: 'owner', value: 'ana' }] },
      })
      expect(result.status).toBe('success')
      expect(received).toEqual([
        {
          method: 'POST',
          path: '/proxy/sessions',
          body: { agent_id: ids.agent, metadata: { owner: 'ana' } },
        },
      ])
    }
  })

  test('OpenAI strict: an explicit null through its marker, the other nulls left out', async () => {
    const { result, received } = await roundTrip(openAi(false), 'openai-strict', {
      name: 'update_a_octapipe_pipeline_card_by_id',
      args: {
        id: ids.card,
        title: 'Renamed',
        description: { null: true },
        pipeline_uuid: ids.pipeline,
        pipeline_stage_uuid: ids.stage,
        owner_uuid: null,
        priority: null,
        labels: null,
        due_date: null,
      },
    })
    expect(result.status).toBe('success')
    expect(received).toEqual([
      {
        method: 'PATCH',
        path: `/proxy/pipeline-cards/${ids.card}`,
        body: {
          title: 'Renamed',
          description: null,
          pipeline_uuid: ids.pipeline,
          pipeline_stage_uuid: ids.stage,
        },
      },
    ])
  })

  test('OpenAI strict: nested optional fields and maps inside a bulk update', async () => {
    const { received } = await roundTrip(openAi(true), 'openai-strict', {
      name: 'octapipe_database_records_bulk_update',
      args: {
        database_uuid: ids.database,
        filters: [{ field: 'status', op: null, value: 'open' }],
        custom_fields_values: [{ key: 'status', value: 'closed' }],
      },
    })
    expect(received).toEqual([
      {
        method: 'POST',
        path: '/proxy/database-records/bulk_update',
        body: {
          database_uuid: ids.database,
          filters: [{ field: 'status', value: 'open' }],
          custom_fields_values: { status: 'closed' },
        },
      },
    ])
  })

  test('Gemini: a nullable field keeps its null, entries back to a map', async () => {
    const { received } = await roundTrip(gemini, 'gemini', {
      name: 'update_a_happyfox_ticket_by_id',
      args: { id: ids.ticket, assignee_id: null, custom_fields: [{ key: 'Plan', value: 'Pro' }] },
    })
    expect(received).toEqual([
      {
        method: 'PATCH',
        path: `/proxy/tickets/${ids.ticket}`,
        body: { assignee_id: null, custom_fields: { Plan: 'Pro' } },
      },
    ])
  })

  test('Gemini: entries of a map of values', async () => {
    const { result, received } = await roundTrip(gemini, 'gemini', {
      name: 'create_a_gumloop_session',
      args: { agent_id: ids.agent, metadata: [{ key: 'owner', value: 'ana' }] },
    })
    expect(result.status).toBe('success')
    expect(received).toEqual([
      {
        method: 'POST',
        path: '/proxy/sessions',
        body: { agent_id: ids.agent, metadata: { owner: 'ana' } },
      },
    ])
  })

  test('Anthropic and the json-schema dialect: the arguments as they are', async () => {
    const { result, received } = await roundTrip(anthropic, 'json-schema', {
      name: 'create_a_gumloop_session',
      args: { agent_id: ids.agent, metadata: { owner: 'ana' } },
    })
    expect(result.status).toBe('success')
    expect(received).toEqual([
      {
        method: 'POST',
        path: '/proxy/sessions',
        body: { agent_id: ids.agent, metadata: { owner: 'ana' } },
      },
    ])
  })

  test('every provider, every dialect: the mapping back of a call written from API arguments', async () => {
    const api = {
      agent_id: ids.agent,
      input: 'Research brief',
      metadata: { owner: 'ana', team: 'x' },
    }
    const tool = catalogue.find((t) => t.name === 'create_a_gumloop_session') as TrutoTool
    for (const provider of PROVIDERS) {
      for (const dialect of DIALECTS) {
        const args = dialectView(tool.schema as Json, dialect).fromApi(api)
        const { received } = await roundTrip(provider, dialect, { name: tool.name, args })
        expect({ provider: provider.name, dialect, received }).toEqual({
          provider: provider.name,
          dialect,
          received: [{ method: 'POST', path: '/proxy/sessions', body: api }],
        })
      }
    }
  })
})
