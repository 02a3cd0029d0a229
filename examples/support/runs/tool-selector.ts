// What `npm run example:tool-selector` adds to the agent of examples/tool-selector.ts: a stand-in
// model that may call only the tools bound for its turn, the trace, and checks of the sandbox.
import { BaseChatModel, type BindToolsInput } from '@langchain/core/language_models/chat_models'
import type { BaseMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import type { OctapipeState } from 'truto-langchainjs-toolset/testing'
import { MAX_TOOLS, type MoveTask, moveAndNote, moveTask, prompt } from '../../tool-selector.js'
import { connect, type ExampleOptions } from '../connect.js'
import { main as runMain } from '../main.js'
import { chooseModel } from '../model.js'
import { TOOLS, toolSelectorPolicy } from '../policies/tool-selector.js'
import { type Check, check, type ExampleResult, noneFailed, printResult } from '../result.js'
import type { Policy } from '../stand-in-model.js'
import { Trace, type TraceStep } from '../trace.js'

/** The stand-in model, keeping the names of the tools bound for each of its calls. */
class SelectedToolsStandIn extends BaseChatModel {
  readonly bound: string[][] = []
  readonly #policy: Policy

  constructor(policy: Policy) {
    super({})
    this.#policy = policy
  }

  _llmType(): string {
    return 'stand-in'
  }

  override bindTools(tools: BindToolsInput[]): this {
    this.bound.push(tools.map((tool) => String((tool as { name?: unknown }).name)))
    return this
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = this.#policy(messages)
    return { generations: [{ message, text: message.text }] }
  }
}

export async function run(options: ExampleOptions = {}): Promise<ExampleResult> {
  const print = options.print ?? console.log
  const connection = connect('octapipe', options)
  const accounts = connection.sandbox
    ? Object.values(connection.sandbox.accounts)
    : [connection.accountId]
  const tools = (await Promise.all(accounts.map((id) => connection.manager.getTools(id)))).flat()
  const standIn: SelectedToolsStandIn | undefined = options.model
    ? undefined
    : new SelectedToolsStandIn(
        toolSelectorPolicy(moveTask, (): readonly string[] => standIn?.bound.at(-1) ?? []),
      )
  const { model, label } = standIn
    ? {
        model: standIn,
        label:
          'a deterministic STAND-IN model that may call only the tools bound for its turn (no LLM; pass --model openai:gpt-4o-mini for a real one)',
      }
    : await chooseModel(options.model, () => {
        throw new Error('a real model was asked for')
      })
  const before = connection.sandbox && structuredClone(connection.sandbox.state.octapipe)

  print('\n=== Tool selector (Octapipe, Gumloop and HappyFox)')
  print(`Task:  ${prompt(moveTask)}`)
  print(`Model: ${label}`)
  print(
    `Tools: ${tools.length} tools of ${accounts.length} accounts, from ${connection.description.replace(/, account \S+$/, '')}; each model call sees ${MAX_TOOLS} (plus the ones it just called)`,
  )
  print('Trace:')

  const trace = new Trace(print)
  const messages = await moveAndNote(moveTask, { tools, model, callbacks: [trace.handler] })
  // the tools each model call saw, a run of calls that saw the same ones on one line
  const seen = standIn?.bound ?? ([] as string[][])
  for (let i = 0; i < seen.length; ) {
    const names = seen[i] ?? []
    let end = i + 1
    while (end < seen.length && seen[end]?.join() === names.join()) end++
    const calls = end - i > 1 ? `model calls ${i + 1}-${end}` : `model call ${i + 1}`
    print(`  ${calls} saw ${names.length} of ${tools.length} tools: ${names.join(', ')}`)
    i = end
  }
  const after = connection.sandbox?.state.octapipe
  const outcome =
    before && after ? checkSandbox(moveTask, before, after) : checkAnswers(trace.steps)
  const bound: string[][] = standIn?.bound ?? []
  const checks = standIn
    ? [
        ...outcome.checks,
        check(
          bound.length > 0 && bound.every((names) => names.length <= MAX_TOOLS + 1),
          `every model call saw at most ${MAX_TOOLS + 1} of the ${tools.length} tools (${bound.map((names) => names.length).join(', ')})`,
        ),
      ]
    : outcome.checks
  const result: ExampleResult = {
    example: 'tool-selector',
    goalMet: checks.every((c) => c.ok),
    verified: Boolean(before),
    ...outcome,
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

/** Compares the sandbox before and after: the one card moved and noted, nothing else. */
function checkSandbox(task: MoveTask, before: OctapipeState, after: OctapipeState) {
  const stageName = (uuid: string) => after.stages.find((s) => s.uuid === uuid)?.name
  const card = after.cards.find((c) => c.title === task.card)
  const notes = after.notes.slice(before.notes.length)
  const others = before.cards.filter((c) => c.uuid !== card?.uuid)
  const untouched = others.every(
    (c) => JSON.stringify(c) === JSON.stringify(after.cards.find((a) => a.uuid === c.uuid)),
  )
  const checks: Check[] = [
    check(
      stageName(card?.pipeline_stage_uuid ?? '') === task.stage,
      `"${task.card}" is in ${task.stage}`,
    ),
    check(
      notes.length === 1 && notes[0]?.entity_uuid === card?.uuid && notes[0]?.content === task.note,
      `one note was added, on that card, saying what was asked (${notes.length} added)`,
    ),
    check(untouched, `the other ${others.length} cards are untouched`),
  ]
  const changes = [
    `moved "${task.card}" to ${stageName(card?.pipeline_stage_uuid ?? '')}`,
    ...notes.map((n) => `noted on the card: "${n.content}"`),
  ]
  return { checks, changes }
}

/** Against a real account: what the API answered to the move and the note. */
function checkAnswers(steps: readonly TraceStep[]) {
  const writes = steps.filter((s) => s.tool === TOOLS.updateCard || s.tool === TOOLS.note)
  const checks: Check[] = [
    check(
      steps.some((s) => s.tool === TOOLS.updateCard && s.ok),
      'the card was moved (the API accepted the update)',
    ),
    check(
      steps.some((s) => s.tool === TOOLS.note && s.ok),
      'a note was added (the API accepted it)',
    ),
    noneFailed(writes, 'write'),
  ]
  const unverified = ['that no other card changed']
  return { checks, changes: writes.filter((s) => s.ok).map((s) => s.tool), unverified }
}
