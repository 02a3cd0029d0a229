import { isRecord } from '../basics/is-record.js'
import { hasPlainStrings } from '../basics/json-measure.js'
import { TrutoRequestError } from '../errors/errors.js'
import { accountPath } from '../safety/request-path.js'
import { cleanedText, readResponse, type TrutoRequest } from '../transport/client.js'
import type { Transport } from '../transport/transport.js'
import { ListingBudget } from './listing-budget.js'
import { isSkipped, parseDefinition, type ToolDefinition } from './tool-definition.js'

const MAX_PAGES = 100
const SWEEP_EVERY = 64

/** What the tools endpoint is asked to filter by. */
export type DefinitionFilters = {
  readonly methods?: readonly string[] | undefined
  readonly tags?: readonly string[] | undefined
  readonly hasDescription?: boolean | undefined
}

type Entry = { readonly at: number; readonly definitions: Promise<ToolDefinition[]> }

/** Fetches tool definitions per account and filter, and reuses them for `ttlMs`. */
export class DefinitionCache {
  readonly #entries = new Map<string, Entry>()
  readonly #transport: Transport
  readonly #warn: (message: string) => void
  readonly #ttlMs: number
  #gets = 0

  constructor(transport: Transport, warn: (message: string) => void, options: { ttlMs: number }) {
    this.#transport = transport
    this.#warn = warn
    this.#ttlMs = options.ttlMs
  }

  get(accountId: string, filters: DefinitionFilters): Promise<ToolDefinition[]> {
    if (++this.#gets % SWEEP_EVERY === 0) this.#sweep()
    const { methods, tags } = filters
    const described = filters.hasDescription !== false
    const key = JSON.stringify([accountId, methods ?? [], tags ?? [], described])
    const cached = this.#entries.get(key)
    if (cached && Date.now() - cached.at < this.#ttlMs) return cached.definitions
    const definitions = this.#fetch(accountId, { methods, tags, hasDescription: described })
    // concurrent callers share one fetch; a failed fetch is not remembered
    if (this.#ttlMs > 0) this.#entries.set(key, { at: Date.now(), definitions })
    definitions.catch(() => this.#entries.delete(key))
    return definitions
  }

  // expired entries are replaced when asked for again; accounts never asked for again are swept
  #sweep(): void {
    const now = Date.now()
    for (const [key, entry] of this.#entries) {
      if (now - entry.at >= this.#ttlMs) this.#entries.delete(key)
    }
  }

  clear(accountId?: string): void {
    if (accountId === undefined) {
      this.#entries.clear()
      return
    }
    for (const key of this.#entries.keys()) {
      if ((JSON.parse(key) as string[])[0] === accountId) this.#entries.delete(key)
    }
  }

  async #fetch(accountId: string, filters: DefinitionFilters): Promise<ToolDefinition[]> {
    const { methods, tags, hasDescription } = filters
    const definitions: ToolDefinition[] = []
    const budget = new ListingBudget()
    const seenCursors = new Set<string>()
    let cursor: string | undefined
    // one warning per listing names what its budgets cut
    const done = () => {
      const cut = budget.warning(`the Truto tools of account ${accountId}`)
      if (cut) this.#warn(cut)
      return definitions
    }
    for (let page = 0; page < MAX_PAGES; page++) {
      const request: TrutoRequest = {
        method: 'GET',
        path: accountPath(accountId, 'tools'),
        query: {
          ...(methods?.length ? { methods: methods.join(',') } : {}),
          ...(tags?.length ? { tags: tags.join(',') } : {}),
          // Truto's default hides tools without a description; only the other choice is sent
          ...(hasDescription === false ? { has_description: 'false' } : {}),
          ...(cursor ? { next_cursor: cursor } : {}),
        },
      }
      // Truto's own endpoint has its own limits; its answers say nothing of the upstream's
      const response = await this.#transport.send(request, {
        gateKey: `tools:${accountId}`,
        idempotent: true,
        template: '/integrated-account/{id}/tools',
      })
      const data = await readResponse(response, request, { accountId })
      // an answer without escapes is measured by string lengths alone
      const text = cleanedText(response)
      const plainStrings = text !== undefined && hasPlainStrings(text)
      // Truto's reference names the list `results`; its SDK (and older answers) `result`
      const listed = isRecord(data) ? (data.results ?? data.result) : undefined
      if (!isRecord(data) || !Array.isArray(listed)) {
        throw new TrutoRequestError(
          { reason: 'malformed-body', method: request.method, path: request.path },
          { accountId },
        )
      }
      for (const raw of listed) {
        const definition = parseDefinition(raw)
        if (isSkipped(definition)) {
          this.#warn(`Skipped Truto tool ${definition.label}: ${definition.reason}.`)
          continue
        }
        // a server that ignores the filter must not widen what the agent gets
        if (hasDescription !== false && !definition.description.trim()) continue
        const description = budget.description(definition.name, definition.description)
        const { query_schema: query, body_schema: body } = definition
        const admitted = budget.admit(definition.name, description, [query, body], plainStrings)
        if (admitted.kept)
          definitions.push(
            description === definition.description ? definition : { ...definition, description },
          )
        else if (admitted.reason)
          this.#warn(`Skipped Truto tool ${definition.name}: ${admitted.reason}.`)
        if (budget.full) return done()
      }
      const next =
        typeof data.next_cursor === 'string' && data.next_cursor ? data.next_cursor : undefined
      if (!next || seenCursors.has(next)) return done()
      seenCursors.add(next)
      cursor = next
    }
    this.#warn(
      `Stopped reading Truto tools for ${accountId} after ${MAX_PAGES} pages; narrow them with methods or tags.`,
    )
    return done()
  }
}
