import { delay, HttpResponse } from 'msw'
import { isTrutoApiError, isTrutoRequestError, type TrutoTool } from 'truto-langchainjs-toolset'
import { describe, expect, test } from 'vitest'
import { API_KEY, definition, testManager, toolCall, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()

async function loadTool(
  overrides: Record<string, unknown> = {},
  timeoutMs = 5_000,
): Promise<TrutoTool> {
  api.definitions([definition(overrides)])
  // no retries: these tests are about how each failure reads; test/rate-limits covers retrying
  const manager = testManager({ timeoutMs, maxRetries: 0 })
  const [tool] = await manager.getTools()
  if (!tool) throw new Error('no tool was built')
  return tool
}

const trutoError = (status: number, message: string, extra: Record<string, unknown> = {}) =>
  HttpResponse.json({ statusCode: status, error: 'Error', message, ...extra }, { status })

describe('failures reach the model as error ToolMessages', () => {
  test('a 400 carries the status and the server message, and says to fix the arguments', async () => {
    api.reply(() =>
      trutoError(400, 'pipeline_stage_uuid is required', {
        truto_is_remote_error: true,
        raw_response: { code: 'MISSING' },
      }),
    )
    const tool = await loadTool({
      method: 'create',
      body_schema: { type: 'object', properties: {} },
    })
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.status).toBe('error')
    expect(message.tool_call_id).toBe('call_1')
    expect(message.content).toBe(
      'list_all_octapipe_pipeline_cards failed with HTTP 400: pipeline_stage_uuid is required. Fix the arguments and call again.',
    )
    expect(message.artifact).toMatchObject({
      error: { status: 400, isRemoteError: true, body: { raw_response: { code: 'MISSING' } } },
    })
  })

  test('a 404 points the model at a list tool', async () => {
    api.reply(() => trutoError(404, 'Card not found'))
    const tool = await loadTool({ method: 'get' })
    const message = await tool.invoke(toolCall(tool.name, { id: 'nope' }))
    expect(message.content).toMatch(/HTTP 404: Card not found\. Check the id, or use a list tool/)
  })

  test('a 401 says a person is needed', async () => {
    api.reply(() => trutoError(401, 'Invalid API token'))
    const tool = await loadTool()
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.content).toMatch(/needs a person, do not retry/)
  })

  test('a 401 from the upstream app asks for the account to be reconnected', async () => {
    api.reply(() => trutoError(401, 'Remote API: invalid_grant.', { truto_is_remote_error: true }))
    const tool = await loadTool()
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.content).toBe(
      "list_all_octapipe_pipeline_cards failed with HTTP 401: Remote API: invalid_grant. The app rejected the integrated account's credentials: a person must reconnect the account (Truto refuses its calls until then). Do not retry.",
    )
  })

  test('a 500 on a write says the outcome is unknown', async () => {
    api.reply(() => trutoError(500, 'Internal Server Error'))
    const tool = await loadTool({ method: 'create' })
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.status).toBe('error')
    expect(message.content).toMatch(/HTTP 500.*outcome is unknown.*Check with a read tool/)
  })

  test('an HTML gateway page is reported by status without the markup', async () => {
    api.reply(
      () =>
        new HttpResponse('<html><body>502 Bad Gateway</body></html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
    )
    const tool = await loadTool()
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.content).toMatch(
      /failed with HTTP 502: Bad Gateway\. It is safe to call again\./,
    )
    expect(message.content).not.toMatch(/<html>/)
  })

  test('a 200 with a malformed body is an error, not a success', async () => {
    api.reply(
      () =>
        new HttpResponse('{"result": [', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    )
    const tool = await loadTool()
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.status).toBe('error')
    expect(message.content).toMatch(/not valid JSON/)
  })

  test('a timeout on a read says it is safe to call again', async () => {
    api.reply(async () => {
      await delay(500)
      return HttpResponse.json({ result: [] })
    })
    const tool = await loadTool({}, 50)
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.content).toMatch(/timed out.*safe to call again/)
  })

  test('a network failure on an update says the outcome is unknown', async () => {
    api.reply(() => HttpResponse.error())
    const tool = await loadTool({ method: 'update' })
    const message = await tool.invoke(toolCall(tool.name, { id: 'c1' }))
    expect(message.content).toMatch(/could not reach the API.*outcome is unknown/)
  })

  test('no token and no stack trace ever reach the model', async () => {
    api.reply(() => trutoError(400, 'bad'))
    const tool = await loadTool()
    const texts: string[] = []
    for (const args of [{}, { nope: 1 }]) {
      const message = await tool.invoke(toolCall(tool.name, args))
      texts.push(String(message.content), JSON.stringify(message.artifact))
    }
    expect(texts.join('\n')).not.toContain(API_KEY)
    expect(texts.join('\n')).not.toMatch(/\s+at .+:\d+:\d+/)
  })
})

describe('bodies that break or stall', () => {
  test('a body that fails mid-stream is a network error, not an empty success', async () => {
    api.reply(() => {
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"result":['))
          controller.error(new Error('connection reset'))
        },
      })
      return new HttpResponse(body, {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    })
    const tool = await loadTool()
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.status).toBe('error')
    expect(message.content).toMatch(/could not reach the API/)
  })

  test('timeoutMs bounds a body that never finishes', async () => {
    api.reply(() => {
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"result":['))
        },
      })
      return new HttpResponse(body, {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    })
    const tool = await loadTool({}, 100)
    const message = await tool.invoke(toolCall(tool.name, {}))
    expect(message.content).toMatch(/timed out/)
  })
})

describe('called without a tool call, failures throw typed errors', () => {
  test('an HTTP error throws TrutoApiError with the status', async () => {
    api.reply(() => trutoError(422, 'title too long'))
    const tool = await loadTool({ method: 'create' })
    const error = await tool.invoke({}).catch((e: unknown) => e)
    expect(isTrutoApiError(error) && error.status).toBe(422)
    expect(isTrutoApiError(error) && error.path).toBe('/proxy/pipeline-cards')
  })

  test('a network failure throws TrutoRequestError whose cause holds no token', async () => {
    api.reply(() => HttpResponse.error())
    const tool = await loadTool()
    const error = await tool.invoke({}).catch((e: unknown) => e)
    expect(isTrutoRequestError(error) && error.reason).toBe('network')
    // where it could not reach, for the person reading it; never the query or the token
    expect(String(error)).toMatch(/\(network\): GET https?:\/\/[^/]+\/proxy\/pipeline-cards$/)
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(API_KEY)
  })
})

describe('tracing sees every failure', () => {
  const recorder = () => {
    const seen: string[] = []
    const callbacks = [
      {
        handleToolStart: (
          _tool: unknown,
          _input: string,
          _runId: string,
          _parent?: string,
          _tags?: string[],
          _metadata?: Record<string, unknown>,
          runName?: string,
        ) => void seen.push(`start ${runName}`),
        handleToolEnd: () => void seen.push('end'),
        handleToolError: (error: Error) => void seen.push(`error ${error.name}`),
      },
    ]
    return { seen, callbacks }
  }

  test('invalid arguments open and fail a tool run, though nothing is sent', async () => {
    const tool = await loadTool({
      query_schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
    })
    const { seen, callbacks } = recorder()

    const message = await tool.invoke(toolCall(tool.name, { q: 5 }), { callbacks })

    expect(message.status).toBe('error')
    expect(seen).toEqual([`start ${tool.name}`, 'error TrutoValidationError'])
    expect(api.proxyCalls).toHaveLength(0)
  })

  test('an HTTP error fails the tool run with the typed error', async () => {
    api.reply(() => trutoError(400, 'bad'))
    const tool = await loadTool()
    const { seen, callbacks } = recorder()

    await tool.invoke(toolCall(tool.name, {}), { callbacks })

    expect(seen).toEqual([`start ${tool.name}`, 'error TrutoApiError'])
  })

  test('called with plain arguments, the validation error names the tool and every field', async () => {
    const tool = await loadTool({
      query_schema: {
        type: 'object',
        properties: { q: { type: 'string' }, n: { type: 'integer' } },
        required: ['q'],
      },
    })

    const error = await tool.invoke({ n: 'x' }).catch((e: unknown) => e)

    expect(String(error)).toMatch(/Invalid arguments for list_all_octapipe_pipeline_cards: /)
    expect(String(error)).toMatch(/`q` .*required/)
    expect(String(error)).toMatch(/`n` /)
  })

  test('a fault inside a callback never shows the model its message or stack', async () => {
    const secret = `boom ${API_KEY}`
    api.definitions([definition({ method: 'delete', resource: 'pipeline-cards' })])
    const manager = testManager({
      approve: () => {
        throw new Error(secret)
      },
    })
    const [tool] = await manager.getTools()

    const message = await tool!.invoke(toolCall(tool!.name, { id: 'c1' }))

    expect(message.status).toBe('error')
    expect(JSON.stringify(message)).not.toContain(API_KEY)
    expect(JSON.stringify(message)).not.toMatch(/\s+at .+:\d+:\d+/)
    expect(String(message.content)).toMatch(/fault in the toolset/)
    expect(api.proxyCalls).toHaveLength(0)
  })
})
