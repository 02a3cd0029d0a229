// What `npm run example:pipeline-triage` adds to the agent of examples/pipeline-triage.ts: the
// stand-in model when no --model is given, the trace, and checks of what the run changed.
import type { OctapipeState } from 'truto-langchainjs-toolset/testing'
import {
  prompt,
  TOOLS,
  type TriageTask,
  triageStaleCards,
  triageTask,
} from '../../pipeline-triage.js'
import { connect, type ExampleOptions, loadTools } from '../connect.js'
import { main as runMain } from '../main.js'
import { chooseModel } from '../model.js'
import { pipelineTriagePolicy } from '../policies/pipeline-triage.js'
import {
  type Check,
  check,
  type ExampleResult,
  listed,
  noneFailed,
  printResult,
} from '../result.js'
import { Trace, type TraceStep } from '../trace.js'

const HOUR = 3_600_000

export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  const print = options.print ?? console.log
  const connection = connect('octapipe', options)
  const task = triageTask(connection.now())
  const { model, label } = await chooseModel(options.model, pipelineTriagePolicy(task))
  const tools = await loadTools(connection, Object.values(TOOLS))
  const before = connection.sandbox && structuredClone(connection.sandbox.state.octapipe)

  print('\n=== Pipeline triage (Octapipe)')
  print(`Task:  ${prompt(task)}`)
  print(`Model: ${label}`)
  print(`Tools: ${tools.length} tools from ${connection.description}`)
  print('Trace:')

  const trace = new Trace(print)
  const messages = await triageStaleCards(task, { tools, model, callbacks: [trace.handler] })
  const after = connection.sandbox?.state.octapipe
  const outcome =
    before && after ? checkSandbox(task, before, after) : checkAnswers(task, trace.steps)
  const result: ExampleResult = {
    example: 'pipeline-triage',
    goalMet: outcome.checks.every((c) => c.ok),
    verified: Boolean(before),
    ...outcome,
    steps: trace.steps,
    waits: trace.waits,
    answer: messages.at(-1)?.text ?? '',
  }
  printResult(result, print)
  return result
}

/** The command line: the exit code is 0 only when the goal was met. */
export const main = () => runMain([run])

/** Compares the sandbox before and after: exactly the stale cards moved, their owners notified. */
function checkSandbox(task: TriageTask, before: OctapipeState, after: OctapipeState) {
  const stageName = (uuid: string) => before.stages.find((s) => s.uuid === uuid)?.name
  const userName = (uuid: string) => before.users.find((u) => u.uuid === uuid)?.name ?? uuid
  const pipeline = before.pipelines.find((p) => p.name === task.pipeline)
  const stale = before.cards.filter(
    (card) =>
      card.pipeline_uuid === pipeline?.uuid &&
      stageName(card.pipeline_stage_uuid) === task.reviewStage &&
      task.now - Date.parse(card.updated_at) >= task.staleAfterHours * HOUR,
  )
  const changed = after.cards.filter((card) => {
    const old = before.cards.find((c) => c.uuid === card.uuid)
    return (
      old?.updated_at !== card.updated_at || old.pipeline_stage_uuid !== card.pipeline_stage_uuid
    )
  })
  const sent = after.notifications.slice(before.notifications.length)
  const notified = (uuid: string, owner: string | null) =>
    sent.some((n) => n.entity_uuid === uuid && n.user_uuid === owner)
  const sameIds = (a: { uuid: string }[], b: { uuid: string }[]) =>
    a.length === b.length && a.every((x) => b.some((y) => y.uuid === x.uuid))

  const checks: Check[] = [
    check(
      sameIds(changed, stale) &&
        changed.every((c) => stageName(c.pipeline_stage_uuid) === task.blockedStage),
      `exactly the ${stale.length} cards untouched for ${task.staleAfterHours} h+ moved to ${task.blockedStage} (${changed.length} cards changed)`,
    ),
    check(
      stale.every((card) => notified(card.uuid, card.owner_uuid)),
      'the owner of each of those cards got a notification about it',
    ),
    check(sent.length === stale.length, `no other notifications (${sent.length} sent)`),
  ]
  const changes = [
    ...changed.map(
      (c) =>
        `moved "${c.title}" ${stageName(before.cards.find((o) => o.uuid === c.uuid)?.pipeline_stage_uuid ?? '')} → ${stageName(c.pipeline_stage_uuid)}`,
    ),
    ...sent.map((n) => `notified ${userName(n.user_uuid)}: "${n.message.slice(0, 60)}…"`),
  ]
  return { checks, changes }
}

/** Against a real account: the cards the agent read and what the API answered to each write. */
function checkAnswers(task: TriageTask, steps: readonly TraceStep[]) {
  type Card = OctapipeState['cards'][number]
  const stage = (name: string) =>
    listed<{ uuid: string; name: string }>(steps, TOOLS.stages).find((s) => s.name === name)?.uuid
  const review = stage(task.reviewStage)
  const stale = listed<Card>(steps, TOOLS.cards).filter(
    (card) =>
      card.pipeline_stage_uuid === review &&
      task.now - Date.parse(card.updated_at) >= task.staleAfterHours * HOUR,
  )
  const moves = steps.filter((s) => s.tool === TOOLS.updateCard)
  const notes = steps.filter((s) => s.tool === TOOLS.notify)
  const moved = moves.filter((s) => s.ok).map((s) => s.data as Card)
  const notified = notes.filter((s) => s.ok).map((s) => s.args)
  const cardsRead = steps.some((s) => s.tool === TOOLS.cards && s.ok)

  const checks: Check[] = [
    // nothing to triage is an honest answer, but not the run this example exists to show
    check(
      stale.length > 0,
      stale.length
        ? `the agent found ${stale.length} cards in ${task.reviewStage} untouched for ${task.staleAfterHours} h+`
        : cardsRead
          ? `no matching cards found: no card read from ${task.reviewStage} is ${task.staleAfterHours} h+ old`
          : 'no matching cards found: the cards were never read',
    ),
    check(
      moved.length === stale.length &&
        stale.every((card) => moved.some((m) => m.uuid === card.uuid)) &&
        moved.every((m) => m.pipeline_stage_uuid === stage(task.blockedStage)),
      `exactly those cards were moved to ${task.blockedStage} (${moved.length} moves accepted)`,
    ),
    check(
      notified.length === stale.filter((c) => c.owner_uuid).length &&
        stale.every(
          (c) =>
            !c.owner_uuid ||
            notified.some((n) => n.entity_uuid === c.uuid && n.user_uuid === c.owner_uuid),
        ),
      `each of their owners, and no one else, got a notification (${notified.length} accepted)`,
    ),
    noneFailed([...moves, ...notes], 'write'),
  ]
  const changes = [
    ...moved.map((card) => `moved "${card.title ?? card.uuid}" to ${task.blockedStage}`),
    ...notified.map((n) => `notified ${String(n.user_uuid)} about card ${String(n.entity_uuid)}`),
  ]
  const unverified = ['that no other card changed', 'that each owner can see the notification']
  return { checks, changes, unverified }
}
