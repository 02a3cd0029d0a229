import { describe, expect, test } from 'vitest'
import { backoffDelayMs } from '../../src/transport/backoff-delay.js'
import {
  rateLimitResetMs,
  retryAfterMs,
  waitFromHeaders,
} from '../../src/transport/rate-limit-headers.js'

const now = Date.parse('2025-01-15T12:00:00Z')
const headers = (init: Record<string, string>) => new Headers(init)

describe('ratelimit-reset', () => {
  test('delta seconds', () => {
    expect(rateLimitResetMs(headers({ 'ratelimit-reset': '12' }), now)).toBe(12_000)
  })

  test('fractional seconds', () => {
    expect(rateLimitResetMs(headers({ 'ratelimit-reset': '0.25' }), now)).toBe(250)
  })

  test('a Unix timestamp in seconds', () => {
    const reset = String(now / 1000 + 30)
    expect(rateLimitResetMs(headers({ 'ratelimit-reset': reset }), now)).toBe(30_000)
  })

  test('a Unix timestamp just past means no wait', () => {
    const reset = String(now / 1000 - 2)
    expect(rateLimitResetMs(headers({ 'ratelimit-reset': reset }), now)).toBe(0)
  })

  test.each([
    ['negative', '-5'],
    ['not a number', 'soon'],
    ['NaN', 'NaN'],
    ['empty', ''],
    ['absurd delta', String(3 * 24 * 60 * 60)], // three days
    ['absurd timestamp', String(now / 1000 + 3 * 24 * 60 * 60)],
    ['timestamp in milliseconds', String(now)],
    ['exponent', '1e3'],
  ])('garbage: %s', (_, value) => {
    expect(rateLimitResetMs(headers({ 'ratelimit-reset': value }), now)).toBeUndefined()
  })

  test('absent', () => {
    expect(rateLimitResetMs(headers({}), now)).toBeUndefined()
  })
})

describe('retry-after', () => {
  test('delta seconds', () => {
    expect(retryAfterMs(headers({ 'retry-after': '7' }), now)).toBe(7000)
  })

  test('an HTTP date', () => {
    const date = new Date(now + 45_000).toUTCString()
    expect(retryAfterMs(headers({ 'retry-after': date }), now)).toBe(45_000)
  })

  test('an HTTP date already past means no wait', () => {
    const date = new Date(now - 5000).toUTCString()
    expect(retryAfterMs(headers({ 'retry-after': date }), now)).toBe(0)
  })

  test.each([
    ['negative', '-1'],
    ['not a date', 'tomorrow-ish'],
    ['absurd delta', '999999999'],
    ['absurd date', 'Fri, 01 Jan 2100 00:00:00 GMT'],
  ])('garbage: %s', (_, value) => {
    expect(retryAfterMs(headers({ 'retry-after': value }), now)).toBeUndefined()
  })
})

describe('waitFromHeaders', () => {
  test('ratelimit-reset comes first', () => {
    const both = headers({ 'ratelimit-reset': '3', 'retry-after': '9' })
    expect(waitFromHeaders(both, now)).toBe(3000)
  })

  test('garbage reset falls through to retry-after', () => {
    const both = headers({ 'ratelimit-reset': '-3', 'retry-after': '9' })
    expect(waitFromHeaders(both, now)).toBe(9000)
  })

  test('nothing usable leaves it to backoff', () => {
    const garbage = headers({ 'ratelimit-reset': 'x', 'retry-after': 'y' })
    expect(waitFromHeaders(garbage, now)).toBeUndefined()
  })
})

describe('backoffDelayMs', () => {
  const shape = { baseMs: 500, capMs: 30_000 }

  test('doubles per retry up to the cap', () => {
    const top = () => 0.999_999
    expect([0, 1, 2, 6, 7, 50].map((n) => backoffDelayMs(n, shape, top))).toEqual([
      499, 999, 1999, 29_999, 29_999, 29_999,
    ])
  })

  test('full jitter spans zero to the ceiling', () => {
    expect(backoffDelayMs(3, shape, () => 0)).toBe(0)
    expect(backoffDelayMs(3, shape, () => 0.5)).toBe(2000)
  })
})
