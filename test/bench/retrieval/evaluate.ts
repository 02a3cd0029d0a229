// recall@1, recall@5 and MRR of a ranking over labelled requests.
import type { Labelled } from './labelled.js'

/** Ranks a catalogue for a request: tool names, best first. */
export type Ranking = (request: string) => Promise<readonly string[]> | readonly string[]

export type Scores = {
  readonly requests: number
  readonly recallAt1: number
  readonly recallAt5: number
  readonly mrr: number
  /** Requests whose tool was not first: the request, the tool, its rank (0: not in the top 20). */
  readonly misses: readonly (readonly [string, string, number])[]
}

export async function evaluate(rank: Ranking, labelled: readonly Labelled[]): Promise<Scores> {
  let at1 = 0
  let at5 = 0
  let reciprocal = 0
  const misses: [string, string, number][] = []
  for (const [request, tool] of labelled) {
    const found = (await rank(request)).slice(0, 20)
    const position = found.indexOf(tool) + 1
    if (position === 1) at1++
    else misses.push([request, tool, position])
    if (position >= 1 && position <= 5) at5++
    if (position >= 1) reciprocal += 1 / position
  }
  const n = labelled.length
  return { requests: n, recallAt1: at1 / n, recallAt5: at5 / n, mrr: reciprocal / n, misses }
}

/** Checks every label names a tool of the catalogue, so a typo cannot pass as a miss. */
export function checkLabels(labelled: readonly Labelled[], names: ReadonlySet<string>): void {
  const unknown = labelled.filter(([, tool]) => !names.has(tool)).map(([, tool]) => tool)
  if (unknown.length) throw new Error(`labels name no tool of the catalogue: ${unknown.join(', ')}`)
}
