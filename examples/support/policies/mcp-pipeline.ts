import type { BaseMessage } from '@langchain/core/messages'
import { type McpPipelineTask, TOOLS } from '../../mcp-pipeline.js'
import {
  answer,
  callTools,
  giveUpAfterFailures,
  listSoFar,
  type ToolExchange,
  toolExchanges,
} from '../conversation.js'
import type { Policy } from '../stand-in-model.js'

type Named = { uuid: string; name: string }
type Card = { uuid: string; title: string; pipeline_stage_uuid: string }

/** The stand-in's way through the task: pipeline, stage and card by name, then the move, then the note. */
export function mcpPipelinePolicy(task: McpPipelineTask): Policy {
  return (messages) => {
    const failure = giveUpAfterFailures(messages)
    if (failure) return answer(failure)

    const pipelines = listSoFar<Named>(messages, TOOLS.pipelines)
    const pipeline = pipelines.items.find((p) => p.name === task.pipeline)
    if (!pipelines.called)
      return callTools(messages, [{ name: TOOLS.pipelines, args: { name: task.pipeline } }])
    if (!pipeline) return answer(`There is no pipeline named "${task.pipeline}".`)

    const stages = listSoFar<Named>(messages, TOOLS.stages)
    if (!stages.called || stages.nextCursor) {
      const cursor = stages.nextCursor ? { next_cursor: stages.nextCursor } : {}
      return callTools(messages, [
        { name: TOOLS.stages, args: { pipeline_uuid: pipeline.uuid, ...cursor } },
      ])
    }
    const target = stages.items.find((s) => s.name === task.targetStage)
    if (!target)
      return answer(
        `"${task.pipeline}" has no "${task.targetStage}" stage, so "${task.card}" stays where it is and no note was added.`,
      )

    // every page: the card may not be on the first
    const cards = listSoFar<Card>(messages, TOOLS.cards)
    const card = cards.items.find((c) => c.title === task.card)
    if (!card && (!cards.called || cards.nextCursor)) {
      const cursor = cards.nextCursor ? { next_cursor: cards.nextCursor } : {}
      return callTools(messages, [
        { name: TOOLS.cards, args: { pipeline_uuid: pipeline.uuid, ...cursor } },
      ])
    }
    if (!card) return answer(`"${task.pipeline}" has no card titled "${task.card}".`)

    // the note says the card moved, so it waits until the API accepted the move
    const move = lastCall(messages, TOOLS.updateCard, 'id', card.uuid)
    if (!move) {
      const args = { id: card.uuid, pipeline_uuid: pipeline.uuid, pipeline_stage_uuid: target.uuid }
      return callTools(messages, [{ name: TOOLS.updateCard, args }])
    }
    if (!move.ok)
      return answer(`Could not move "${task.card}" to ${task.targetStage}: ${move.text}`)

    const note = lastCall(messages, TOOLS.addNote, 'entity_uuid', card.uuid)
    if (!note) {
      const args = { entity_type: 'card', entity_uuid: card.uuid, content: task.note }
      return callTools(messages, [{ name: TOOLS.addNote, args }])
    }
    const from = stages.items.find((s) => s.uuid === card.pipeline_stage_uuid)?.name ?? 'its stage'
    const moved = `Moved "${task.card}" from ${from} to ${task.targetStage} in ${task.pipeline}`
    return answer(
      note.ok
        ? `${moved} and added a note on the card: "${task.note}"`
        : `${moved}, but the note was refused: ${note.text}`,
    )
  }
}

/** The latest call of `tool` whose `arg` was `value`, with its result. */
const lastCall = (
  messages: readonly BaseMessage[],
  tool: string,
  arg: string,
  value: string,
): ToolExchange | undefined =>
  toolExchanges(messages)
    .filter((exchange) => exchange.name === tool && exchange.args[arg] === value)
    .at(-1)
