// Preloaded (`node --import`) into a process that runs a copied example: OpenAI's Chat Completions
// endpoint answered at the network edge, by the stand-in policy of `npm run examples`, so the
// copy runs on `openai:gpt-4o-mini` exactly as it would on the real API, without a key or network.
import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { triageTask } from '../../examples/pipeline-triage.js'
import { pipelineTriagePolicy } from '../../examples/support/policies/pipeline-triage.js'

type WireMessage = {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool'
  content: string | { type: string; text?: string }[] | null
  tool_calls?: { id: string; function: { name: string; arguments: string } }[]
  tool_call_id?: string
}

const text = (content: WireMessage['content']) =>
  typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('')

function toMessage(wire: WireMessage): BaseMessage {
  switch (wire.role) {
    case 'system':
    case 'developer':
      return new SystemMessage(text(wire.content))
    case 'user':
      return new HumanMessage(text(wire.content))
    case 'tool':
      return new ToolMessage({ content: text(wire.content), tool_call_id: wire.tool_call_id ?? '' })
    case 'assistant':
      return new AIMessage({
        content: text(wire.content),
        tool_calls: (wire.tool_calls ?? []).map((call) => ({
          id: call.id,
          name: call.function.name,
          args: JSON.parse(call.function.arguments),
          type: 'tool_call' as const,
        })),
      })
  }
}

let requests = 0

const server = setupServer(
  http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
    requests++
    const body = (await request.json()) as { model: string; messages: WireMessage[] }
    const messages = body.messages.map(toMessage)
    // the task's time is the one the prompt gives: the copy's sandbox clock
    const asked = messages.find((m) => HumanMessage.isInstance(m))?.text ?? ''
    const now = Date.parse(/It is now (\S+)\.$/.exec(asked)?.[1] ?? '')
    const reply = pipelineTriagePolicy(triageTask(now))(messages)
    const calls = reply.tool_calls ?? []
    return HttpResponse.json({
      id: `chatcmpl-${requests}`,
      object: 'chat.completion',
      created: 0,
      model: body.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: reply.text || null,
            ...(calls.length
              ? {
                  tool_calls: calls.map((call) => ({
                    id: call.id,
                    type: 'function',
                    function: { name: call.name, arguments: JSON.stringify(call.args) },
                  })),
                }
              : {}),
          },
          finish_reason: calls.length ? 'tool_calls' : 'stop',
        },
      ],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    })
  }),
)
server.listen({ onUnhandledRequest: 'error' })
// the test reads how many model turns the copy asked for
process.on('exit', () => process.stderr.write(`fake-openai: ${requests} completions\n`))
