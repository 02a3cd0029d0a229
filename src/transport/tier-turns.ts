/** A gate that can take one request's turn at Truto's tiers. */
export type TurnTaker = {
  /** Takes at most one request from the tiers, then calls {@link TierTurns.done}. */
  turn(): void
}

/** How a turn ended: `more` calls wait, `idle` none (or only the account's own window holds them), `short` the tiers were full. */
export type TurnOutcome =
  | { readonly kind: 'more' }
  | { readonly kind: 'idle' }
  | { readonly kind: 'short'; readonly waitMs: number }

// setTimeout fires at once past this
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Fairness at Truto's per-token tier, in one process: while the tier is full, accounts take turns,
 * one request each, in the order they came to wait, so no account starves and none takes the whole
 * window while others wait. Uncontended, gates take from the tiers directly.
 */
export class TierTurns {
  readonly #waiting: TurnTaker[] = []
  #serving: TurnTaker | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #draining = false

  /** True while gates wait their turn: a newcomer joins the line instead of taking directly. */
  get busy(): boolean {
    return this.#waiting.length > 0 || this.#serving !== undefined || this.#timer !== undefined
  }

  /** Joins the line (once); the turn comes when the gates ahead had theirs. */
  join(gate: TurnTaker): void {
    if (gate !== this.#serving && !this.#waiting.includes(gate)) this.#waiting.push(gate)
    this.#drain()
  }

  /** A gate found the tiers full on its own: the line starts, its first turn after `waitMs`. */
  blocked(gate: TurnTaker, waitMs: number): void {
    if (gate !== this.#serving && !this.#waiting.includes(gate)) this.#waiting.unshift(gate)
    this.#wake(waitMs)
  }

  /** Ends the serving gate's turn. */
  done(gate: TurnTaker, outcome: TurnOutcome): void {
    if (this.#serving !== gate) return
    this.#serving = undefined
    if (outcome.kind === 'short') {
      // it keeps its place: the tier had no room for anyone
      this.#waiting.unshift(gate)
      this.#wake(outcome.waitMs)
      return
    }
    if (outcome.kind === 'more' && !this.#waiting.includes(gate)) this.#waiting.push(gate)
    this.#drain()
  }

  /** Forgets a gate that no longer waits (it was swept). */
  leave(gate: TurnTaker): void {
    const at = this.#waiting.indexOf(gate)
    if (at >= 0) this.#waiting.splice(at, 1)
  }

  #wake(waitMs: number): void {
    if (this.#timer !== undefined) return
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined
        this.#drain()
      },
      Math.min(MAX_TIMER_MS, Math.max(0, waitMs)),
    )
  }

  // a loop, not recursion: with an in-memory store, hundreds of turns end synchronously
  #drain(): void {
    if (this.#draining) return
    this.#draining = true
    try {
      while (this.#serving === undefined && this.#timer === undefined) {
        const next = this.#waiting.shift()
        if (!next) break
        this.#serving = next
        next.turn()
      }
    } finally {
      this.#draining = false
    }
  }
}
