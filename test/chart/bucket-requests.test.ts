import { describe, expect, test } from 'vitest'
import { bucketRequests } from '../bench/chart/bucket-requests.js'

const counts = (windows: ReturnType<typeof bucketRequests>) =>
  windows.map(({ sent, ok, refused }) => [sent, ok, refused])

describe('bucketRequests', () => {
  test('window 0 opens with the first request and each window holds windowMs of them', () => {
    const windows = bucketRequests(
      [
        { at: 5000, status: 200 },
        { at: 5400, status: 200 },
        { at: 6200, status: 200 },
      ],
      { windowMs: 1000 },
    )
    expect(windows.map((w) => [w.index, w.startMs])).toEqual([
      [0, 0],
      [1, 1000],
    ])
    expect(counts(windows)).toEqual([
      [2, 2, 0],
      [1, 1, 0],
    ])
  })

  test('a request exactly at a window edge opens the next window', () => {
    const windows = bucketRequests(
      [
        { at: 0, status: 200 },
        { at: 999.9, status: 200 },
        { at: 1000, status: 200 },
      ],
      { windowMs: 1000 },
    )
    expect(counts(windows)).toEqual([
      [2, 2, 0],
      [1, 1, 0],
    ])
  })

  test('429s are counted apart from successes, and other failures in neither', () => {
    const windows = bucketRequests(
      [
        { at: 10, status: 200 },
        { at: 20, status: 429 },
        { at: 30, status: 429 },
        { at: 40, status: 503 },
        { at: 50, status: 0 },
        { at: 60, status: 204 },
      ],
      { windowMs: 1000 },
    )
    expect(counts(windows)).toEqual([[6, 2, 2]])
  })

  test('a window without a request is there, empty, so a pause shows as a drop to zero', () => {
    const windows = bucketRequests(
      [
        { at: 0, status: 429 },
        { at: 2500, status: 200 },
      ],
      { windowMs: 1000 },
    )
    expect(counts(windows)).toEqual([
      [1, 0, 1],
      [0, 0, 0],
      [1, 1, 0],
    ])
  })

  test('requests out of order land in the same windows as in order', () => {
    const events = [
      { at: 1500, status: 200 },
      { at: 100, status: 429 },
      { at: 900, status: 200 },
    ]
    expect(bucketRequests(events, { windowMs: 1000 })).toEqual(
      bucketRequests(
        [...events].sort((a, b) => a.at - b.at),
        { windowMs: 1000 },
      ),
    )
    expect(counts(bucketRequests(events, { windowMs: 1000 }))).toEqual([
      [2, 1, 1],
      [1, 1, 0],
    ])
  })

  test('an origin and minWindows give runs a common time axis', () => {
    const windows = bucketRequests([{ at: 1200, status: 200 }], {
      windowMs: 500,
      origin: 1000,
      minWindows: 4,
    })
    expect(counts(windows)).toEqual([
      [1, 1, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ])
  })

  test('no requests give no windows, or minWindows empty ones', () => {
    expect(bucketRequests([], { windowMs: 1000 })).toEqual([])
    expect(counts(bucketRequests([], { windowMs: 1000, minWindows: 2 }))).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ])
  })

  test('restarting windows open with the first request at or after the previous end, as the sandbox counts', () => {
    const events = [0, 900, 1100, 2000, 2050, 2200].map((at) => ({ at, status: 200 }))
    const fixed = bucketRequests(events, { windowMs: 1000 })
    expect(fixed.map((w) => [w.startMs, w.sent])).toEqual([
      [0, 2],
      [1000, 1],
      [2000, 3],
    ])
    const restart = bucketRequests(events, { windowMs: 1000, windows: 'restart' })
    // 1100 opens a window to 2100: 2000 and 2050 are in it; 2200 opens the next
    expect(restart.map((w) => [w.index, w.startMs, w.sent])).toEqual([
      [0, 0, 2],
      [1, 1100, 3],
      [2, 2200, 1],
    ])
  })

  test('restarting windows show a pause of whole windows as empty ones from the last end', () => {
    const windows = bucketRequests(
      [
        { at: 500, status: 429 },
        { at: 4000, status: 200 },
      ],
      { windowMs: 1000, windows: 'restart' },
    )
    expect(windows.map((w) => [w.startMs, w.sent, w.ok, w.refused])).toEqual([
      [0, 1, 0, 1],
      [1000, 0, 0, 0],
      [2000, 0, 0, 0],
      [3500, 1, 1, 0],
    ])
  })

  test('a request before the origin, or a window of no length, is refused', () => {
    expect(() => bucketRequests([{ at: 10, status: 200 }], { windowMs: 1000, origin: 20 })).toThrow(
      RangeError,
    )
    expect(() => bucketRequests([{ at: 10, status: 200 }], { windowMs: 0 })).toThrow(RangeError)
  })
})
