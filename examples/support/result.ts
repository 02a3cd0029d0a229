import type { RateLimitEventData } from 'truto-langchainjs-toolset'
import { errorText, type TraceStep } from './trace.js'

/** One thing the example checked after the run. */
export type Check = { readonly ok: boolean; readonly text: string }

/** What every example's `run()` resolves to. */
export type ExampleResult = {
  readonly example: string
  /** True only when every check passed. */
  readonly goalMet: boolean
  /** True when the checks read the sandbox's state; false when only the API's answers were seen. */
  readonly verified: boolean
  readonly checks: readonly Check[]
  /** What the checks could not see (set for a real account). */
  readonly unverified?: readonly string[]
  /** What the run changed, in words: cards moved, notifications sent, notes added… */
  readonly changes: readonly string[]
  readonly steps: readonly TraceStep[]
  readonly waits: readonly RateLimitEventData[]
  /** The model's final answer (or the summary, for session polling). */
  readonly answer: string
}

export const check = (ok: boolean, text: string): Check => ({ ok, text })

/** Fails when any of these calls failed, quoting the first error. */
export function noneFailed(calls: readonly TraceStep[], what: string): Check {
  const failed = calls.filter((s) => !s.ok)
  if (!failed.length) return check(true, `every ${what} was accepted (${calls.length})`)
  return check(
    false,
    `${failed.length} of ${calls.length} ${what}s failed: ${errorText(failed[0]?.data)}`,
  )
}

/** The items every successful call of a list tool answered with, as the agent saw them. */
export const listed = <T>(steps: readonly TraceStep[], tool: string): T[] =>
  steps
    .filter((s) => s.tool === tool && s.ok)
    .flatMap((s) => (s.data as { result?: T[] } | undefined)?.result ?? [])

/** Prints what changed, each check, and the verdict. */
export function printResult(result: ExampleResult, print: (line: string) => void): void {
  print('')
  const [first, ...rest] = result.answer.split('\n')
  print(`Final answer: ${first}`)
  for (const line of rest) print(`              ${line}`)
  print('')
  print('What changed:')
  for (const change of result.changes.length ? result.changes : ['nothing']) print(`  - ${change}`)
  // parallel calls wait side by side, so the longest wait says more than their sum
  const longest = Math.max(0, ...result.waits.map((wait) => wait.waitMs))
  const waits = result.waits.length
    ? `${result.waits.length} (longest ${(longest / 1000).toFixed(1)} s)`
    : 'none'
  print(`Tool calls: ${result.steps.length}, rate-limit waits: ${waits}`)
  print(
    result.verified
      ? 'Checks (against the sandbox state):'
      : 'Checks (from the API answers only; the account state was not re-read):',
  )
  for (const { ok, text } of result.checks) print(`  ${ok ? '✓' : '✗'} ${text}`)
  for (const text of result.unverified ?? []) print(`  ? not verified: ${text}`)
  const verdict = result.goalMet ? 'GOAL MET' : 'GOAL NOT MET'
  print(`${verdict}${result.verified ? '' : ' (unverified: real account)'}`)
}
