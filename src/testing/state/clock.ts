/** The sandbox's sense of time; seeded data and Gumloop sessions follow it. */
export type SandboxClock = {
  /** Milliseconds since the epoch, in sandbox time. */
  now(): number
  /** Moves sandbox time forward by `ms` (in both modes; real mode keeps ticking from there). */
  advance(ms: number): void
  /** Moves sandbox time to an absolute instant (never backwards). */
  set(time: Date | number): void
}

/** Start of sandbox time in manual mode when no `startTime` is given. */
export const MANUAL_EPOCH = Date.UTC(2025, 5, 2, 9, 0, 0)

export function createClock(mode: 'real' | 'manual', startTime?: Date | number): SandboxClock {
  const start =
    startTime === undefined ? (mode === 'manual' ? MANUAL_EPOCH : Date.now()) : Number(startTime)
  const createdAt = Date.now()
  let offset = 0
  const now = () => start + offset + (mode === 'real' ? Date.now() - createdAt : 0)
  return {
    now,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`\`ms\` must be a non-negative number, got ${ms}`)
      }
      offset += ms
    },
    set(time) {
      const target = Number(time)
      const current = now()
      if (target < current) throw new RangeError('sandbox time only moves forward')
      offset += target - current
    },
  }
}

/** ISO 8601 timestamp for a sandbox instant. */
export const iso = (ms: number): string => new Date(ms).toISOString()

/** `YYYY-MM-DD` for a sandbox instant. */
export const isoDate = (ms: number): string => iso(ms).slice(0, 10)
