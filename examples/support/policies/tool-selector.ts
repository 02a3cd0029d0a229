import type { BaseMessage } from '@langchain/core/messages'
import type { MoveTask } from '../../tool-selector.js'
import { answer, callTools, giveUpAfterFailures, listSoFar, resultsOf } from '../conversation.js'
import type { Policy } from '../stand-in-model.js'

/** The tools the stand-in uses, in the order it needs them. */
export const TOOLS = {
  pipelines: 'list_all_octapipe_pipelines',
  stages: 'list_all_octapipe_pipeline_stages',
  cards: 'list_all_octapipe_pipeline_cards',
  updateCard: 'update_a_octapipe_pipeline_card_by_id',
  note: 'create_a_octapipe_note',
} as const

type Named = { uuid: string; name: string }
type Card = { uuid: string; title: string }

/**
 * The stand-in's way through the task, calling only tools bound for this turn (`bound()`): a
 * tool the selector left out cannot be called, and the stand-in says so instead.
 */
export function toolSelectorPolicy(task: MoveTask, bound: () => readonly string[]): Policy {
  return (messages: BaseMessage[]) => {
    const failure = giveUpAfterFailures(messages)
    if (failure) return answer(failure)
    const use = (name: string, args: Record<string, unknown>) =>
      bound().includes(name)
        ? callTools(messages, [{ name, args }])
        : answer(`I need ${name}, but it was not among the tools I was given.`)

    const pipelines = listSoFar<Named>(messages, TOOLS.pipelines)
    if (!pipelines.called) return use(TOOLS.pipelines, { name: task.pipeline })
    const pipeline = pipelines.items.find((p) => p.name === task.pipeline)
    if (!pipeline) return answer(`There is no pipeline named "${task.pipeline}".`)

    const stages = listSoFar<Named>(messages, TOOLS.stages)
    if (!stages.called || stages.nextCursor) {
      const cursor = stages.nextCursor ? { next_cursor: stages.nextCursor } : {}
      return use(TOOLS.stages, { pipeline_uuid: pipeline.uuid, ...cursor })
    }
    const stage = stages.items.find((s) => s.name === task.stage)
    if (!stage) return answer(`"${task.pipeline}" has no "${task.stage}" stage.`)

    // page through the pipeline's cards until the one named turns up
    const cards = listSoFar<Card>(messages, TOOLS.cards)
    const card = cards.items.find((c) => c.title === task.card)
    if (!card) {
      if (cards.called && !cards.nextCursor) return answer(`No card is named "${task.card}".`)
      const cursor = cards.nextCursor ? { next_cursor: cards.nextCursor } : {}
      return use(TOOLS.cards, { pipeline_uuid: pipeline.uuid, ...cursor })
    }

    if (!resultsOf(messages, TOOLS.updateCard).length) {
      return use(TOOLS.updateCard, {
        id: card.uuid,
        pipeline_uuid: pipeline.uuid,
        pipeline_stage_uuid: stage.uuid,
      })
    }
    if (!resultsOf(messages, TOOLS.note).length) {
      return use(TOOLS.note, { entity_type: 'card', entity_uuid: card.uuid, content: task.note })
    }
    return answer(`Moved "${task.card}" to ${task.stage} and noted: ${task.note}`)
  }
}
