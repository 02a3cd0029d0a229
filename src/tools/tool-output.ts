import { isRecord } from '../basics/is-record.js'
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
export function formatResult(
  data: unknown,
  route: Pick<ArgumentRoute, 'method' | 'resource'>,
  maxChars: number,
): string {
  if (data === undefined) return `${route.method} ${route.resource} succeeded (no content).`
  const page = route.method === 'list' ? asListPage(data) : undefined
  if (page) return formatPage(page, maxChars)
  const text = JSON.stringify(data)
  if (text.length <= maxChars) return text
  const note = `[Cut to fit the output budget of ${maxChars} characters; the whole is ${text.length}. Ask for fewer fields or a narrower record; the full response is in the artifact.]`
  return `${cutAtBoundary(text, Math.max(0, maxChars - note.length - 1))}\n${note}`
}

/** The whole text of a list page: JSON, then in words how many items and whether more exist. */
export function pageText(page: ListPage): string {
  const count = page.result.length
  const more = page.next_cursor
    ? `More results exist: call again with next_cursor="${page.next_cursor}" for the next page.`
    : 'This is the last page.'
  const gathered = page.pages && page.pages > 1 ? ` Gathered ${page.pages} pages.` : ''
  const stopped = page.stoppedBecause ? ` Stopped early: ${page.stoppedBecause}.` : ''
  return `${pageJson(page.result, page.next_cursor)}\n${count} item${count === 1 ? '' : 's'}. ${more}${gathered}${stopped}`
}

/** The text of a list page within `maxChars`: whole, or cut to whole items with a way to the rest. */
export function formatPage(page: ListPage, maxChars: number): string {
  const whole = pageText(page)
  if (whole.length <= maxChars) return whole

  const count = page.result.length
  // the cursor points past items the model would never see, so a cut page withholds it
  const note = (shown: number) =>
    `Only the first ${shown} of ${count} items are shown (output budget of ${maxChars} characters). To see the rest, call again with the same arguments and limit=${shown}, then follow next_cursor from there; or narrow the filters.`
  const cut = (shown: number) => `${pageJson(page.result.slice(0, shown), null)}\n${note(shown)}`
  // the page that advice fetches must fit whole, cursor and all, or the advice would loop;
  // a tenth of the budget is left for its items being a little longer than these
  const cursorRoom = 'x'.repeat((page.next_cursor?.length ?? 48) + 16)
  const refetched = (shown: number) =>
    pageText({ result: page.result.slice(0, shown), next_cursor: cursorRoom })
  const fits = (shown: number) =>
    cut(shown).length <= maxChars && refetched(shown).length <= maxChars * 0.9

  // the most whole items that fit; text grows with each item, so a binary search finds it
  let low = 0
  let high = count - 1
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (fits(mid)) low = mid
    else high = mid - 1
  }
  if (low > 0) return cut(low)
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
