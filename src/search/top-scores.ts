/**
 * The indices of the `limit` highest positive scores among `candidates`, best first; equal
 * scores keep the lower index first. A heap of `limit` entries, so a query touching most of a
 * large catalogue costs no sort of it.
 */
export function topScores(
  scores: Float64Array,
  candidates: ArrayLike<number>,
  count: number,
  limit: number,
): number[] {
  const heap: number[] = []
  // the heap's root is the worst kept entry: lowest score, then highest index
  const worse = (a: number, b: number) => {
    const sa = scores[a] ?? 0
    const sb = scores[b] ?? 0
    return sa < sb || (sa === sb && a > b)
  }
  const swap = (i: number, j: number) => {
    const held = heap[i] ?? 0
    heap[i] = heap[j] ?? 0
    heap[j] = held
  }
  const down = (start: number) => {
    let i = start
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let worst = i
      if (left < heap.length && worse(heap[left] ?? 0, heap[worst] ?? 0)) worst = left
      if (right < heap.length && worse(heap[right] ?? 0, heap[worst] ?? 0)) worst = right
      if (worst === i) return
      swap(i, worst)
      i = worst
    }
  }
  for (let c = 0; c < count && limit > 0; c++) {
    const candidate = candidates[c] ?? 0
    if ((scores[candidate] ?? 0) <= 0) continue
    if (heap.length < limit) {
      heap.push(candidate)
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1
        if (!worse(heap[i] ?? 0, heap[parent] ?? 0)) break
        swap(i, parent)
        i = parent
      }
    } else if (worse(heap[0] ?? 0, candidate)) {
      heap[0] = candidate
      down(0)
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0))
}
