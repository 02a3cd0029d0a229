import type { BaseMessage } from '@langchain/core/messages'
import { TOOLS, type TriageTask } from '../../pipeline-triage.js'
import {
  answer,
  callTools,
  giveUpAfterFailures,
  listSoFar,
  toolExchanges,
} from '../conversation.js'
import type { Policy } from '../stand-in-model.js'

type Named = { uuid: string; name: string }
type Card = { uuid: string; title: string; owner_uuid: string | null; updated_at: string }

const HOUR = 3_600_000

/** The stand-in's way through the task: resolve names to uuids, page through cards, notify and move. */
export function pipelineTriagePolicy(task: TriageTask): Policy {
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
    const review = stages.items.find((s) => s.name === task.reviewStage)
    const blocked = stages.items.find((s) => s.name === task.blockedStage)
    if (!review || !blocked)
      return answer(
        `"${task.pipeline}" has no "${task.reviewStage}" or "${task.blockedStage}" stage.`,
      )

    // every page, not just the first 15
    const cards = listSoFar<Card>(messages, TOOLS.cards)
    if (!cards.called || cards.nextCursor) {
      const cursor = cards.nextCursor ? { next_cursor: cards.nextCursor } : {}
      const filter = { pipeline_uuid: pipeline.uuid, pipeline_stage_uuid: review.uuid }
      return callTools(messages, [{ name: TOOLS.cards, args: { ...filter, ...cursor } }])
    }

    const stale = cards.items.filter(
      (card) => hoursSince(card.updated_at, task.now) >= task.staleAfterHours,
    )
    const calls = stale.flatMap((card) => [
      ...(card.owner_uuid && !alreadyCalled(messages, TOOLS.notify, 'entity_uuid', card.uuid)
        ? [{ name: TOOLS.notify, args: notification(card, card.owner_uuid, task) }]
        : []),
      ...(alreadyCalled(messages, TOOLS.updateCard, 'id', card.uuid)
        ? []
        : [
            {
              name: TOOLS.updateCard,
              args: {
                id: card.uuid,
                pipeline_uuid: pipeline.uuid,
                pipeline_stage_uuid: blocked.uuid,
              },
            },
          ]),
    ])
    if (calls.length) return callTools(messages, calls)

    if (!stale.length)
      return answer(`No card in ${task.reviewStage} is older than ${task.staleAfterHours} hours.`)
    // report what the API accepted, not what was attempted
    const moved = stale.filter((card) => succeeded(messages, TOOLS.updateCard, 'id', card.uuid))
    const failed = stale.filter((card) => !moved.includes(card))
    const titles = (list: readonly Card[]) => list.map((card) => `"${card.title}"`).join(', ')
    return answer(
      [
        moved.length
          ? `Moved ${moved.length} stale cards from ${task.reviewStage} back to ${task.blockedStage} and notified their owners: ${titles(moved)}.`
          : '',
        failed.length ? `Could not move ${failed.length}: ${titles(failed)}; see the errors.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    )
  }
}

const hoursSince = (timestamp: string, now: number) => (now - Date.parse(timestamp)) / HOUR

const succeeded = (messages: readonly BaseMessage[], tool: string, arg: string, value: string) =>
  toolExchanges(messages).some(
    (exchange) => exchange.name === tool && exchange.args[arg] === value && exchange.ok,
  )

const alreadyCalled = (
  messages: readonly BaseMessage[],
  tool: string,
  arg: string,
  value: string,
) =>
  toolExchanges(messages).some((exchange) => exchange.name === tool && exchange.args[arg] === value)

function notification(card: Card, owner: string, task: TriageTask) {
  const hours = Math.floor(hoursSince(card.updated_at, task.now))
  return {
    user_uuid: owner,
    message: `"${card.title}" sat in ${task.reviewStage} for ${hours} h without an update, so it was moved back to ${task.blockedStage}. Please update it or say what blocks it.`,
    entity_type: 'card',
    entity_uuid: card.uuid,
  }
}
