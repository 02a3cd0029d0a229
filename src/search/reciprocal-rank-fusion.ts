// Cormack, Clarke and Büttcher's constant: a first place counts 1/61, a tenth 1/70
const K = 60

/**
 * Reciprocal rank fusion: each item scores the sum of `1 / (60 + rank)` over the rankings that
 * hold it, so an item near the top of both beats one at the top of only one. Items are indices;
 * equal scores keep the order of the first ranking, then the second.
 */
export function fuseRankings(rankings: readonly (readonly number[])[], limit: number): number[] {
  const scores = new Map<number, number>()
  for (const ranking of rankings) {
    ranking.forEach((item, rank) => {
      scores.set(item, (scores.get(item) ?? 0) + 1 / (K + rank + 1))
    })
  }
  // a stable sort over the insertion order: the first ranking's items come first
  return [...scores]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([item]) => item)
}
