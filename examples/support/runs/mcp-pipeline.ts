// What `npm run example:mcp-pipeline` adds to the agent of examples/mcp-pipeline.ts: the stand-in
// model when no --model is given, the trace, and checks of what the run changed and of the
// server being gone.
import { isDeepStrictEqual } from 'node:util'
import { isTrutoMcpError, type TrutoMcpServer } from 'truto-langchainjs-toolset'
import type { Sandbox, SandboxState } from 'truto-langchainjs-toolset/testing'
import {
  type McpPipelineTask,
  moveCardOverMcp,
  prompt,
  SCOPE,
  TASK,
  TOOLS,
} from '../../mcp-pipeline.js'
import { type Connection, connect, type ExampleOptions } from '../connect.js'
import { main as runMain } from '../main.js'
import { chooseModel } from '../model.js'
import { mcpPipelinePolicy } from '../policies/mcp-pipeline.js'
import {
  type Check,
  check,
  type ExampleResult,
  listed,
  noneFailed,
  printResult,
} from '../result.js'
import { errorText, Trace, type TraceStep } from '../trace.js'

export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  const print = options.print ?? console.log
  const connection = connect('octapipe', options)
  const { manager, accountId, sandbox } = connection
  const task = TASK
  const { model, label } = await chooseModel(options.model, mcpPipelinePolicy(task))
  const before = sandbox && structuredClone(sandbox.state)
  const firstRequest = sandbox?.requests.length ?? 0

  print('\n=== MCP pipeline (Octapipe through a Truto MCP server)')
  print(`Task:   ${prompt(task)}`)
  print(`Model:  ${label}`)
  print(
    `Server: tags ${SCOPE.tags.join(' + ')}, methods ${SCOPE.methods.join(' + ')}, expires in 1 h, API token required, on ${connection.description}`,
  )
  print('Trace:')

  const trace = new Trace(print)
  let outcome: Awaited<ReturnType<typeof moveCardOverMcp>>
  try {
    outcome = await moveCardOverMcp(task, {
      manager,
      accountId,
      model,
      now: connection.now(),
      note: (line) => trace.note(line),
      callbacks: [trace.handler],
    })
  } catch (error) {
    // the agent deleted the server on its way out; its connections go too
    await manager.close()
    throw error
  }
  const { server, messages } = outcome
  const serverChecks = await checkGone(connection, server, trace)
  const found =
    sandbox && before
      ? checkSandbox(task, server, before, sandbox, firstRequest)
      : checkAnswers(task, trace.steps)
  const checks = [...found.checks, ...serverChecks]
  const result: ExampleResult = {
    example: 'mcp-pipeline',
    goalMet: checks.every((c) => c.ok),
    verified: Boolean(before),
    ...found,
    checks,
    steps: trace.steps,
    waits: trace.waits,
    answer: messages.at(-1)?.text ?? '',
  }
  printResult(result, print)
  return result
}

/** The command line: the exit code is 0 only when the goal was met. */
export const main = () => runMain([run])

/** Checks that the admin API no longer lists the server and its URL no longer serves tools. */
async function checkGone(connection: Connection, server: TrutoMcpServer, trace: Trace) {
  const { manager, accountId } = connection
  const remaining = await manager.mcpServers.list(accountId)
  const probe: unknown = await manager.getMcpTools(server).then(
    (tools) => `${tools.length} tools`,
    (error) => error,
  )
  await manager.close()
  const refused = typeof probe !== 'string'
  const answer = isTrutoMcpError(probe)
    ? `${probe.reason} (${probe.code})`
    : refused
      ? errorText(probe)
      : probe
  trace.note(`its URL now answers: ${answer}`)
  return [
    check(
      !remaining.some((s) => s.id === server.id),
      `the MCP server is gone from the account's server list (${remaining.length} left)`,
    ),
    check(refused, 'its URL no longer serves tools'),
  ]
}

/** Compares the sandbox before and after: the card moved, one note on it, the server gone, nothing else. */
function checkSandbox(
  task: McpPipelineTask,
  server: TrutoMcpServer,
  before: SandboxState,
  sandbox: Sandbox,
  firstRequest: number,
) {
  const after = sandbox.state
  const stageName = (uuid: string | undefined) =>
    before.octapipe.stages.find((s) => s.uuid === uuid)?.name
  const pipeline = before.octapipe.pipelines.find((p) => p.name === task.pipeline)
  const old = before.octapipe.cards.find(
    (c) => c.pipeline_uuid === pipeline?.uuid && c.title === task.card,
  )
  const card = after.octapipe.cards.find((c) => c.uuid === old?.uuid)
  const added = after.octapipe.notes.slice(before.octapipe.notes.length)
  const noted = added.filter((n) => n.entity_type === 'card' && n.entity_uuid === card?.uuid)

  // undo the two intended changes; whatever still differs is a change nobody asked for
  const undone = {
    ...after,
    octapipe: {
      ...after.octapipe,
      cards: after.octapipe.cards.map((c) =>
        c.uuid === old?.uuid
          ? { ...c, pipeline_stage_uuid: old.pipeline_stage_uuid, updated_at: old.updated_at }
          : c,
      ),
      notes: after.octapipe.notes.slice(0, before.octapipe.notes.length),
    },
  }
  const requests = sandbox.requests.slice(firstRequest)
  const mcpCalls = requests.filter((r) => r.path.startsWith('/mcp/')).length
  const proxyCalls = requests.filter((r) => r.path.startsWith('/proxy/')).length

  const checks: Check[] = [
    check(
      stageName(card?.pipeline_stage_uuid) === task.targetStage,
      `"${task.card}" is in ${task.targetStage} (it was in ${stageName(old?.pipeline_stage_uuid)}, now ${stageName(card?.pipeline_stage_uuid)})`,
    ),
    check(
      added.length === 1 && noted.length === 1 && noted[0]?.content === task.note,
      `one note was added, on that card, with the task's text (${added.length} added, ${noted.length} on the card)`,
    ),
    check(
      isDeepStrictEqual(undone, before),
      'nothing else changed: other cards, notes, stages and accounts are as they were',
    ),
    check(
      !after.mcpServers.some((s) => s.id === server.id),
      `sandbox.state.mcpServers no longer holds the server (${after.mcpServers.length} servers)`,
    ),
    check(
      mcpCalls > 0 && proxyCalls === 0,
      `the tool calls went through the MCP server (${mcpCalls} MCP requests, ${proxyCalls} proxy requests)`,
    ),
  ]
  const changes = [
    ...(card && old && card.pipeline_stage_uuid !== old.pipeline_stage_uuid
      ? [
          `moved "${card.title}" ${stageName(old.pipeline_stage_uuid)} → ${stageName(card.pipeline_stage_uuid)}`,
        ]
      : []),
    ...added.map(
      (n) =>
        `noted on ${n.entity_uuid === card?.uuid ? `"${task.card}"` : `${n.entity_type} ${n.entity_uuid}`}: "${clip(n.content)}"`,
    ),
  ]
  return { checks, changes }
}

/** Against a real account: what the agent read and what the API answered to each write. */
function checkAnswers(task: McpPipelineTask, steps: readonly TraceStep[]) {
  type Named = { uuid: string; name: string }
  type Card = { uuid: string; title?: string; pipeline_stage_uuid?: string }
  type Note = { uuid: string; entity_uuid?: string; content?: string }
  const target = listed<Named>(steps, TOOLS.stages).find((s) => s.name === task.targetStage)
  const card = listed<Card>(steps, TOOLS.cards).find((c) => c.title === task.card)
  const moves = steps.filter((s) => s.tool === TOOLS.updateCard)
  const notes = steps.filter((s) => s.tool === TOOLS.addNote)
  const moved = moves.filter((s) => s.ok).map((s) => s.data as Card)
  const noted = notes.filter((s) => s.ok).map((s) => s.data as Note)

  const checks: Check[] = [
    check(
      Boolean(target && card),
      `the agent found the ${task.targetStage} stage (${target ? 'yes' : 'no'}) and the card "${task.card}" (${card ? 'yes' : 'no'})`,
    ),
    check(
      moved.length === 1 &&
        moved[0]?.uuid === card?.uuid &&
        moved[0]?.pipeline_stage_uuid === target?.uuid,
      `the API accepted one move of that card to ${task.targetStage} (${moved.length} moves accepted)`,
    ),
    check(
      noted.length === 1 && noted[0]?.entity_uuid === card?.uuid,
      `the API accepted one note on that card (${noted.length} notes accepted)`,
    ),
    noneFailed([...moves, ...notes], 'write'),
  ]
  const changes = [
    ...moved.map((c) => `moved "${c.title ?? c.uuid}" to ${task.targetStage}`),
    ...noted.map((n) => `noted on "${task.card}": "${clip(n.content ?? '')}"`),
  ]
  const unverified = [
    'the card and the note as the account now holds them (only the API answers were seen)',
    'that nothing else in the account changed',
  ]
  return { checks, changes, unverified }
}

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text)
