import { SandboxHttpError } from '../http-error.js'

// keys that reach a prototype when code walks, assigns or merges by a request-controlled name
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])

export const isForbiddenKey = (key: string): boolean => FORBIDDEN.has(key)

/** The 400 a request gets for using `key` in its query or body; `at` says where. */
export const forbiddenKeyError = (key: string, where: 'query' | 'body', at: string) =>
  new SandboxHttpError(400, `Key "${key}" is not allowed in the ${where} (at ${at})`)

// one value on the walk; the path is spelled out only for the error, via the parents
type Step = { readonly value: unknown; readonly segment: string; readonly parent?: Step }

/** Refuses a parsed JSON value holding a forbidden key at any depth. */
export function refuseForbiddenKeys(value: unknown): void {
  // a stack, not recursion: JSON.parse accepts nesting deeper than the call stack
  const pending: Step[] = [{ value, segment: '' }]
  for (let step = pending.pop(); step; step = pending.pop()) {
    const node = step.value
    if (typeof node !== 'object' || node === null) continue
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) {
        pending.push({ value: item, segment: `[${index}]`, parent: step })
      }
      continue
    }
    for (const [key, item] of Object.entries(node)) {
      const child = { value: item, segment: key, parent: step }
      if (isForbiddenKey(key)) throw forbiddenKeyError(key, 'body', pathOf(child))
      pending.push(child)
    }
  }
}

// "a.b[0].c", the way schema validation names a field
function pathOf(step: Step): string {
  const segments: string[] = []
  for (let at: Step | undefined = step; at?.parent; at = at.parent) segments.push(at.segment)
  return segments
    .reverse()
    .map((segment, index) => (index === 0 || segment.startsWith('[') ? segment : `.${segment}`))
    .join('')
}
