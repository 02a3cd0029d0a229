import type { SandboxHttpError } from '../http-error.js'

export type Page<T> = { result: T[]; next_cursor: string | null }

const encode = (offset: number) => btoa(`offset:${offset}`).replace(/=+$/, '')

function decode(cursor: string): number | undefined {
  try {
    const match = /^offset:(\d+)$/.exec(atob(cursor))
    return match?.[1] === undefined ? undefined : Number(match[1])
  } catch {
    return undefined
  }
}

/** One page of `items` by the `limit` and opaque `next_cursor` query parameters. */
export function paginate<T>(
  items: readonly T[],
  query: Readonly<Record<string, unknown>>,
  page: { readonly default: number; readonly max: number },
  fail: (status: number, message: string, field?: string) => SandboxHttpError,
): Page<T> {
  const asked = typeof query.limit === 'number' ? query.limit : page.default
  // the upstream clamps silently instead of rejecting, as Octapipe does at 15
  const limit = Math.max(1, Math.min(asked, page.max))
  const cursor = query.next_cursor
  const offset = typeof cursor === 'string' && cursor !== '' ? decode(cursor) : 0
  if (offset === undefined)
    throw fail(400, 'next_cursor is not a cursor this API issued', 'next_cursor')
  const end = offset + limit
  return { result: items.slice(offset, end), next_cursor: end < items.length ? encode(end) : null }
}
