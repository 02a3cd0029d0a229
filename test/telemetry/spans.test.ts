import { readFileSync } from 'node:fs'
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import fc from 'fast-check'
import {
  type TelemetryOptions,
  TrutoToolManager,
  type TrutoToolManagerOptions,
} from 'truto-langchainjs-toolset'
import { createSandbox, type Sandbox } from 'truto-langchainjs-toolset/testing'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { TRACER_VERSION } from '../../src/telemetry/semconv.js'

const packageJson = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string }
const exporter = new InMemorySpanExporter()
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
const contextManager = new AsyncLocalStorageContextManager()

// parent and child spans need a context manager, as in any traced Node process
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable())
})
afterAll(() => {
  context.disable()
})
afterEach(() => exporter.reset())

function setup(
  telemetry: TelemetryOptions = {},
  more: Partial<TrutoToolManagerOptions> = {},
  sandbox: Sandbox = createSandbox(),
) {
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
    accountId: sandbox.accounts.octapipe,
    trutoLimits: false,
    onWarning: () => {},
    telemetry: { tracerProvider: provider, ...telemetry },
    ...more,
  })
  return { sandbox, manager }
}

async function toolOf(manager: TrutoToolManager, method: string, resource: string) {
  const tools = await manager.getTools()
  const tool = tools.find((t) => t.metadata.method === method && t.metadata.resource === resource)
  if (!tool) throw new Error(`no ${method} ${resource} tool`)
  return tool
}

const spans = (from = exporter) => from.getFinishedSpans()
const toolSpans = (from = exporter) =>
  spans(from).filter((span) => span.name.startsWith('execute_tool '))
const childrenOf = (parent: ReadableSpan, from = exporter) =>
  spans(from).filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId)

/** A provider and exporter of the test's own, for a test that runs beside others. */
function ownTracing() {
  const own = new InMemorySpanExporter()
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(own)] })
  return { exporter: own, tracerProvider }
}
const call = (id: string, name: string, args: Record<string, unknown> = {}) =>
  ({ type: 'tool_call', id, name, args }) as const

describe('a tool call is an execute_tool span (OpenTelemetry GenAI conventions)', () => {
  test('with the GenAI attributes and the call’s own under truto.*', async () => {
    const { manager, sandbox } = setup()
    const tool = await toolOf(manager, 'list', 'pipelines')

    const message = await tool.invoke(call('call_1', tool.name))

    expect(message.status).toBe('success')
    const [span] = toolSpans()
    expect(span?.name).toBe(`execute_tool ${tool.name}`)
    expect(span?.kind).toBe(SpanKind.INTERNAL)
    expect(span?.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': tool.name,
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.description': tool.description,
      'gen_ai.tool.type': 'function',
      'truto.account.id': sandbox.accounts.octapipe,
      'truto.resource': 'pipelines',
      'truto.method': 'list',
      'truto.tool.source': 'tools-endpoint',
      'truto.dry_run': false,
      'truto.attempts': 1,
    })
    expect(span?.status.code).toBe(SpanStatusCode.UNSET)
    expect(span?.instrumentationScope).toEqual(
      expect.objectContaining({ name: 'truto-langchainjs-toolset', version: packageJson.version }),
    )
  })

  test('a tool whose metadata a caller replaced still names its own account and method', async () => {
    const { manager, sandbox } = setup()
    const tool = await toolOf(manager, 'list', 'pipelines')
    // LangChain users tag tools by replacing metadata; the span must not follow their fields
    Object.assign(tool, { metadata: { team: 'sales', accountId: 'someone-else' } })

    await tool.invoke(call('call_meta', tool.name))

    const span = toolSpans().find((s) => s.attributes['gen_ai.tool.call.id'] === 'call_meta')
    expect(span?.attributes).toMatchObject({
      'truto.account.id': sandbox.accounts.octapipe,
      'truto.resource': 'pipelines',
      'truto.method': 'list',
    })
  })

  test('each HTTP attempt is a CLIENT child named by its route template, never its URL', async () => {
    const { manager, sandbox } = setup()
    const list = await toolOf(manager, 'list', 'pipelines')
    const get = await toolOf(manager, 'get', 'pipelines')
    const listed = await list.invoke(call('call_1', list.name))
    const id = (listed.artifact as { result: { uuid: string }[] }).result[0]?.uuid ?? ''
    exporter.reset()

    await get.invoke(call('call_2', get.name, { id }))

    const [toolSpan] = toolSpans()
    const [http] = childrenOf(toolSpan as ReadableSpan)
    expect(http?.name).toBe('GET /proxy/pipelines/{id}')
    expect(http?.kind).toBe(SpanKind.CLIENT)
    expect(http?.attributes).toEqual({
      'http.request.method': 'GET',
      'url.template': '/proxy/pipelines/{id}',
      'server.address': new URL(sandbox.baseUrl).hostname,
      'server.port': expect.any(Number),
      'http.response.status_code': 200,
    })
    // the record id and the account are in the URL, and in no attribute of the request's span
    const text = JSON.stringify(http?.attributes)
    expect(text).not.toContain(id)
    expect(text).not.toContain(sandbox.accounts.octapipe)
  })

  test('the span joins the caller’s active context: a LangGraph node’s span is its parent', async () => {
    const { manager } = setup()
    const tool = await toolOf(manager, 'list', 'pipelines')
    const tracer = provider.getTracer('app')

    const parentId = await tracer.startActiveSpan('graph node', async (node) => {
      await tool.invoke(call('call_1', tool.name))
      node.end()
      return node.spanContext()
    })

    const [span] = toolSpans()
    expect(span?.parentSpanContext?.spanId).toBe(parentId.spanId)
    expect(span?.spanContext().traceId).toBe(parentId.traceId)
  })
})

describe('waits, retries and failures', () => {
  test('a server error retried says why', async () => {
    const { manager, sandbox } = setup()
    const tool = await toolOf(manager, 'list', 'pipelines')
    sandbox.faults.inject({ kind: '5xx', status: 502, route: '/proxy/', times: 1 })

    await tool.invoke(call('call_1', tool.name))

    const [span] = toolSpans()
    expect(span?.events).toEqual([
      expect.objectContaining({
        name: 'truto.retry',
        attributes: expect.objectContaining({ 'truto.wait.reason': 'server-error' }),
      }),
    ])
  })

  test('a failed call sets error.type and an ERROR status, also when the model gets a message', async () => {
    const { manager } = setup()
    const get = await toolOf(manager, 'get', 'pipelines')

    const missing = '00000000-0000-4000-8000-000000000000'
    const message = await get.invoke(call('call_1', get.name, { id: missing }))
    const invalid = await get.invoke(call('call_2', get.name, { id: 42 }))

    expect([message.status, invalid.status]).toEqual(['error', 'error'])
    const [notFound, rejected] = toolSpans()
    expect(notFound?.attributes['error.type']).toBe('TrutoApiError')
    expect(notFound?.status).toEqual({ code: SpanStatusCode.ERROR, message: expect.any(String) })
    expect(rejected?.attributes['error.type']).toBe('TrutoValidationError')
    expect(rejected?.attributes['truto.attempts']).toBe(0)
  })
})

test('a person’s answer to an approval is on the span', async () => {
  const { manager } = setup({}, { requireApproval: () => true, approve: () => false })
  const tool = await toolOf(manager, 'list', 'pipelines')

  const message = await tool.invoke(call('call_1', tool.name))

  expect(message.status).toBe('error')
  const [span] = toolSpans()
  expect(span?.attributes).toEqual(
    expect.objectContaining({
      'truto.approval': 'declined',
      'truto.attempts': 0,
      'error.type': 'TrutoRefusedError',
    }),
  )
})

describe('content', () => {
  test('arguments and results are not recorded unless asked', async () => {
    const { manager } = setup()
    const tool = await toolOf(manager, 'list', 'pipelines')

    await tool.invoke(call('call_1', tool.name, { limit: 2 }))

    const [span] = toolSpans()
    expect(span?.attributes).not.toHaveProperty('gen_ai.tool.call.arguments')
    expect(span?.attributes).not.toHaveProperty('gen_ai.tool.call.result')
  })

  test('asked, they are recorded redacted and within the size cap', async () => {
    const { manager, sandbox } = setup({ recordContent: true, maxContentChars: 60 })
    const tool = await toolOf(manager, 'list', 'pipelines')

    // a model that echoes the token it saw somewhere
    await tool.invoke(call('call_1', tool.name, { next_cursor: `x${sandbox.apiKey}` }))

    const [span] = toolSpans()
    const args = String(span?.attributes['gen_ai.tool.call.arguments'])
    expect(args).toContain('[redacted]')
    expect(args).not.toContain(sandbox.apiKey)
    const result = String(span?.attributes['gen_ai.tool.call.result'])
    expect(result.length).toBeLessThanOrEqual(60)
  })
})

describe('MCP tools', () => {
  test('their span carries the MCP attributes, and neither the server’s token nor its URL', async () => {
    const { manager, sandbox } = setup()
    const server = await manager.mcpServers.create({
      name: 'traced',
      accountId: sandbox.accounts.octapipe,
    })
    const tools = await manager.getMcpTools(server)
    const tool = tools.find((t) => t.metadata.method === 'list')
    if (!tool) throw new Error('no MCP list tool')
    exporter.reset()

    await tool.invoke(call('call_1', tool.name))

    const [span] = toolSpans()
    expect(span?.attributes).toEqual(
      expect.objectContaining({
        'truto.tool.source': 'mcp',
        'mcp.method.name': 'tools/call',
        'network.transport': 'tcp',
      }),
    )
    const everything = JSON.stringify(spans().map(recorded))
    expect(everything).not.toContain(server.token)
    expect(everything).not.toContain(String(server.url))
    await manager.close()
  })
})

test('telemetry: false records nothing', async () => {
  const sandbox = createSandbox()
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
    accountId: sandbox.accounts.octapipe,
    telemetry: false,
  })
  const tool = await toolOf(manager, 'list', 'pipelines')

  await tool.invoke(call('call_1', tool.name))

  expect(spans()).toEqual([])
})

test('the tracer’s version is the package’s', () => {
  expect(TRACER_VERSION).toBe(packageJson.version)
})

/** Everything a span exports that a person could read. */
const recorded = (span: ReadableSpan) => ({
  name: span.name,
  attributes: span.attributes,
  events: span.events.map((event) => [event.name, event.attributes]),
  status: span.status,
})

test('no span, attribute, event or status ever holds the API token (generated tokens)', async () => {
  const token = fc
    .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-'), minLength: 16 })
    .filter((text) => !/^\d+$/.test(text))
  await fc.assert(
    fc.asyncProperty(token, fc.string(), async (apiKey, noise) => {
      exporter.reset()
      // the server error is answered, not retried: its status is what is checked
      const { manager, sandbox } = setup(
        { recordContent: true },
        { maxRetries: 0 },
        createSandbox({ apiKey, seed: false }),
      )
      const list = await toolOf(manager, 'list', 'pipelines')
      const get = await toolOf(manager, 'get', 'pipelines')
      sandbox.faults.inject({ kind: '5xx', status: 500, route: '/proxy/', times: 1 })

      await list.invoke(call('call_1', list.name, { next_cursor: `${noise}${apiKey}${noise}` }))
      await get.invoke(call('call_2', get.name, { id: apiKey }))

      expect(spans().length).toBeGreaterThan(2)
      expect(JSON.stringify(spans().map(recorded))).not.toContain(apiKey)
    }),
    { numRuns: 15 },
  )
})

// each case waits out a rate-limit window or two, so they run side by side; those that read spans
// read their own exporter's
describe.concurrent('waiting calls', () => {
  test('a rate-limit wait is an event with its tier and duration; the retry is a second attempt', async () => {
    const own = ownTracing()
    const { manager, sandbox } = setup({ tracerProvider: own.tracerProvider })
    const tool = await toolOf(manager, 'list', 'pipelines')
    sandbox.faults.inject({ kind: '429', route: '/proxy/', times: 1, retryAfterSeconds: 1 })

    const message = await tool.invoke(call('call_1', tool.name))

    expect(message.status).toBe('success')
    const [span] = toolSpans(own.exporter)
    expect(span?.attributes['truto.attempts']).toBe(2)
    expect(span?.events.map((event) => [event.name, event.attributes])).toEqual([
      [
        'truto.rate_limit.wait',
        expect.objectContaining({
          'truto.wait.reason': 'rate-limited',
          'truto.wait.tier': 'provider',
          'truto.wait.duration_ms': expect.any(Number),
          'http.response.status_code': 429,
        }),
      ],
    ])
    const attempts = childrenOf(span as ReadableSpan, own.exporter).map((http) => ({
      status: http.attributes['http.response.status_code'],
      resend: http.attributes['http.request.resend_count'],
      code: http.status.code,
    }))
    expect(attempts).toEqual([
      { status: 429, resend: undefined, code: SpanStatusCode.ERROR },
      { status: 200, resend: 1, code: SpanStatusCode.UNSET },
    ])
  })

  test('each call’s rate-limit wait is on its own span, not on the call that woke the queue', async () => {
    const sandbox = createSandbox({ rateLimit: { limit: 1, windowMs: 1000 } })
    const tracing = ownTracing()
    const { manager } = setup({ tracerProvider: tracing.tracerProvider }, {}, sandbox)
    const tool = await toolOf(manager, 'list', 'pipelines')

    // each call's own waits, as LangChain reports them to that call's callbacks
    const told: Record<string, number> = { first: 0, second: 0 }
    const counting = (id: string) => ({
      callbacks: [
        {
          handleCustomEvent: () => {
            told[id] = (told[id] ?? 0) + 1
          },
        },
      ],
    })

    await Promise.all([
      tool.invoke(call('first', tool.name), counting('first')),
      tool.invoke(call('second', tool.name), counting('second')),
    ])

    const onSpans = Object.fromEntries(
      toolSpans(tracing.exporter).map((span) => [
        span.attributes['gen_ai.tool.call.id'],
        span.events.length,
      ]),
    )
    expect((told.first ?? 0) + (told.second ?? 0)).toBeGreaterThanOrEqual(2)
    expect(onSpans).toEqual(told)
  })
})

describe.concurrent('a tracer that fails never fails a call', () => {
  /** The real provider's tracer, with one method that throws. */
  const breaking = (method: 'startActiveSpan' | 'startSpan' | 'addEvent', times = Infinity) => {
    let left = times
    return {
      getTracer(name: string, version?: string) {
        const tracer = provider.getTracer(name, version)
        const fail = () => {
          if (left-- > 0) throw new Error('exporter down')
        }
        if (method === 'addEvent') {
          return {
            startActiveSpan: (...args: unknown[]) => {
              const run = args.at(-1) as (span: unknown) => unknown
              return (tracer.startActiveSpan as (...a: unknown[]) => unknown)(
                ...args.slice(0, -1),
                (span: { addEvent: () => void }) => {
                  span.addEvent = () => fail()
                  return run(span)
                },
              )
            },
            startSpan: tracer.startSpan.bind(tracer),
          }
        }
        return {
          startActiveSpan: (...args: unknown[]) => {
            if (method === 'startActiveSpan') fail()
            return (tracer.startActiveSpan as (...a: unknown[]) => unknown)(...args)
          },
          startSpan: (...args: unknown[]) => {
            if (method === 'startSpan') fail()
            return (tracer.startSpan as (...a: unknown[]) => unknown)(...args)
          },
        }
      },
    }
  }

  test.each([
    [
      'getTracer throws',
      {
        getTracer: () => {
          throw new Error('no provider')
        },
      },
    ],
    ['getTracer hands out no tracer', { getTracer: () => ({}) }],
    ['startActiveSpan throws', breaking('startActiveSpan')],
    ['startSpan throws once', breaking('startSpan', 1)],
  ])(
    '%s: the calls succeed, and later calls of the account are not held up',
    async (_, tracerProvider) => {
      // one request a second: a slot the failure kept would stall the next call for good
      const sandbox = createSandbox({ rateLimit: { limit: 1, windowMs: 1000 } })
      const { manager } = setup({ tracerProvider }, { totalTimeoutMs: 5_000 }, sandbox)
      const tool = await toolOf(manager, 'list', 'pipelines')

      const first = await tool.invoke(call('call_1', tool.name))
      const second = await tool.invoke(call('call_2', tool.name))

      expect([first.status, second.status]).toEqual(['success', 'success'])
    },
  )

  test('a span event that throws (a retry) leaves the call to succeed', async () => {
    const { manager, sandbox } = setup({ tracerProvider: breaking('addEvent') })
    const tool = await toolOf(manager, 'list', 'pipelines')
    sandbox.faults.inject({ kind: '5xx', status: 502, route: '/proxy/', times: 1 })

    const message = await tool.invoke(call('call_1', tool.name))

    expect(message.status).toBe('success')
  })
})

test('a span’s status names the failure, never the record id, the URL or the upstream’s words', async () => {
  const { manager, sandbox } = setup()
  const get = await toolOf(manager, 'get', 'pipelines')
  const missing = '00000000-0000-4000-8000-00000000beef'

  await get.invoke(call('call_1', get.name, { id: missing }))

  const statuses = spans().map((span) => span.status.message ?? '')
  expect(statuses.join(' ')).not.toContain('beef')
  expect(statuses.join(' ')).not.toContain(new URL(sandbox.baseUrl).host)
  expect(toolSpans()[0]?.status.message).toBe('TrutoApiError HTTP 404')
})

test.each([
  [{ maxContentChars: 0 }, '`telemetry.maxContentChars` must be a number at least 1'],
  [{ maxContentChars: 2.5 }, '`telemetry.maxContentChars` must be a whole number'],
  [{ recordContent: 'yes' }, '`telemetry.recordContent` must be true or false'],
  [{ tracerProvider: {} }, '`telemetry.tracerProvider` must be a TracerProvider'],
])('a bad telemetry option is refused at once: %j', (telemetry, message) => {
  const sandbox = createSandbox()
  expect(
    () =>
      new TrutoToolManager({
        apiKey: sandbox.apiKey,
        telemetry: telemetry as TelemetryOptions,
      }),
  ).toThrow(message)
})

test('the global provider: nothing while no SDK is registered, spans once one is', async () => {
  const sandbox = createSandbox()
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
    accountId: sandbox.accounts.octapipe,
  })
  const tool = await toolOf(manager, 'list', 'pipelines')
  await tool.invoke(call('before', tool.name))
  expect(spans()).toEqual([])

  trace.setGlobalTracerProvider(provider)
  try {
    await tool.invoke(call('after', tool.name))
  } finally {
    trace.disable()
  }

  expect(toolSpans().map((span) => span.attributes['gen_ai.tool.call.id'])).toEqual(['after'])
  expect(spans().some((span) => span.kind === SpanKind.CLIENT)).toBe(true)
})
