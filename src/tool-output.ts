import { isRecord } from './client.js'
import type { ArgumentRoute } from './tool-shape.js'

/** One page of a list, or several gathered by auto-pagination. */
export type ListPage = {
  readonly result: readonly unknown[]
  readonly next_cursor: string | null
  /** Why gathering stopped before the last page, when it did. */
  readonly stoppedBecause?: string | undefined
  readonly pages?: number | undefined
}

/** Reads a list response, or undefined when it is not one. */
export function asListPage(data: unknown): ListPage | undefined {
  if (!isRecord(data) || !Array.isArray(data.result)) return undefined
  const cursor = typeof data.next_cursor === 'string' && data.next_cursor ? data.next_cursor : null
  return { result: data.result, next_cursor: cursor }
}

/** The compact text a model reads for a successful call, within `maxChars`. */
export function formatResult(data: unknown, route: ArgumentRoute, maxChars: number): string {
  if (data === undefined) return `${route.method} ${route.resource} succeeded (no content).`
  const page = route.method === 'list' ? asListPage(data) : undefined
  if (page) return formatPage(page, maxChars)
  const text = JSON.stringify(data)
  if (text.length <= maxChars) return text
  const note = `[Cut to fit the output budget of ${maxChars} characters; the whole is ${text.length}. Ask for fewer fields or a narrower record; the full response is in the artifact.]`
  return `${cutAtBoundary(text, Math.max(0, maxChars - note.length - 1))}\n${note}`
}

/** The text of a list page: JSON, then in words how many items and whether more exist. */
export function formatPage(page: ListPage, maxChars: number): string {
  const count = page.result.length
  const more = page.next_cursor
    ? `More results exist: call again with next_cursor="${page.next_cursor}" for the next page.`
    : 'This is the last page.'
  const gathered = page.pages && page.pages > 1 ? ` Gathered ${page.pages} pages.` : ''
  const stopped = page.stoppedBecause ? ` Stopped early: ${page.stoppedBecause}.` : ''
  const whole = `${pageJson(page.result, page.next_cursor)}\n${count} item${count === 1 ? '' : 's'}. ${more}${gathered}${stopped}`
  if (whole.length <= maxChars) return whole

  // the cursor points past items the model would never see, so a cut page withholds it
  const note = (shown: number) =>
    `Only the first ${shown} of ${count} items are shown (output budget of ${maxChars} characters). To see the rest, call again with the same arguments and limit=${shown}, then follow next_cursor from there; or narrow the filters.`
  let shown = count
  let body = pageJson(page.result, null)
  // drop whole items from the end so the text stays valid JSON
  while (shown > 0 && body.length + 1 + note(shown).length > maxChars) {
    const estimate = Math.floor((shown * (maxChars - note(shown).length)) / body.length)
    shown = Math.max(0, Math.min(shown - 1, estimate))
    body = pageJson(page.result.slice(0, shown), null)
  }
  if (shown > 0) return `${body}\n${note(shown)}`
  const alone = `The first of ${count} items alone is longer than the output budget of ${maxChars} characters and is cut; ask for fewer fields or narrower filters. The full page is in the artifact.`
  return `${cutAtBoundary(JSON.stringify(page.result[0]), Math.max(0, maxChars - alone.length - 1))}\n${alone}`
}

const pageJson = (items: readonly unknown[], cursor: string | null) =>
  JSON.stringify({ result: items, next_cursor: cursor })

function cutAtBoundary(text: string, maxChars: number): string {
  const head = text.slice(0, maxChars)
  const boundary = Math.max(head.lastIndexOf(','), head.lastIndexOf('}'), head.lastIndexOf(']'))
  return boundary > maxChars / 2 ? head.slice(0, boundary + 1) : head
}
