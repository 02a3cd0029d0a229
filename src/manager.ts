import type { RunnableConfig } from '@langchain/core/runnables'
import {
  createClient,
  isRecord,
  readResponse,
  type TrutoClient,
  type TrutoRequest,
} from './client.js'
import {
  type MethodFilter,
  matchesFilters,
  methodKind,
  parseDefinition,
  type ToolDefinition,
} from './definitions.js'
import { TrutoConfigError, TrutoRequestError } from './errors.js'
import { buildRequest } from './request.js'
import { SchemaShapeError } from './schema.js'
import { TrutoTool } from './tool.js'
import { assignToolNames } from './tool-names.js'
import { formatResult } from './tool-output.js'
import { buildToolShape } from './tool-shape.js'

/** Options of {@link TrutoToolManager}. */
export type TrutoToolManagerOptions = {
  /** Truto API token. @default process.env.TRUTO_API_KEY ?? process.env.TRUTO_API_TOKEN */
  readonly apiKey?: string | undefined
  /** Alias of `apiKey`, as written in Truto's published guides. @default undefined */
  readonly trutoApiKey?: string | undefined
  /** Alias of `apiKey`, as written in Truto's published guides. @default undefined */
  readonly trutoAccessToken?: string | undefined
  /** Base URL of the Truto API. @default process.env.TRUTO_API_BASE_URL ?? 'https://api.truto.one' */
  readonly baseUrl?: string | undefined
  /** Integrated account used when `getTools()` gets none. @default process.env.TRUTO_ACCOUNT_ID */
  readonly accountId?: string | undefined
  /** Methods to load: `read`, `write`, `custom` or method names such as `list`. @default all */
  readonly methods?: readonly MethodFilter[] | undefined
  /** Load only tools carrying one of these tags. @default all */
  readonly tags?: readonly string[] | undefined
  /** The fetch to send requests with (edge runtimes, tests, the sandbox). @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch | undefined
  /** Longest time one HTTP request may take, in milliseconds. @default 30000 */
  readonly timeoutMs?: number | undefined
  /** Receives warnings, such as a tool definition that was skipped. @default console.warn */
  readonly onWarning?: ((message: string) => void) | undefined
}

/** Filters of one {@link TrutoToolManager.getTools} call; each replaces the manager's. */
export type GetToolsOptions = {
  /** Methods to load: `read`, `write`, `custom` or method names. @default the manager's `methods` */
  readonly methods?: readonly MethodFilter[] | undefined
  /** Load only tools carrying one of these tags. @default the manager's `tags` */
  readonly tags?: readonly string[] | undefined
}

const DEFAULT_BASE_URL = 'https://api.truto.one'
const MAX_DEFINITION_PAGES = 100

/** Loads the tools of Truto integrated accounts as LangChain tools. */
export class TrutoToolManager {
  readonly #client: TrutoClient
  readonly #accountId: string | undefined
  readonly #methods: readonly MethodFilter[] | undefined
  readonly #tags: readonly string[] | undefined
  readonly #warn: (message: string) => void

  constructor(options: TrutoToolManagerOptions = {}) {
    const apiKey =
      options.apiKey ??
      options.trutoApiKey ??
      options.trutoAccessToken ??
      env('TRUTO_API_KEY') ??
      env('TRUTO_API_TOKEN')
    if (!apiKey) {
      throw new TrutoConfigError(
        'apiKey',
        'Missing Truto API key: pass `apiKey` or set the TRUTO_API_KEY environment variable.',
      )
    }
    const timeoutMs = options.timeoutMs ?? 30_000
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new TrutoConfigError(
        'timeoutMs',
        '`timeoutMs` must be a positive number of milliseconds.',
      )
    }
    const baseUrl = options.baseUrl ?? env('TRUTO_API_BASE_URL') ?? DEFAULT_BASE_URL
    if (!isAbsoluteUrl(baseUrl)) {
      throw new TrutoConfigError('baseUrl', '`baseUrl` must be an absolute URL.')
    }
    this.#client = createClient({ apiKey, baseUrl, timeoutMs, fetch: options.fetch })
    this.#accountId = options.accountId ?? env('TRUTO_ACCOUNT_ID')
    this.#methods = options.methods
    this.#tags = options.tags
    this.#warn = options.onWarning ?? ((message) => console.warn(message))
  }

  /**
   * Fetches the account's tool definitions (every page) and returns them as LangChain tools,
   * ready for `model.bindTools`, `createAgent({ tools })` and LangGraph's `ToolNode`.
   */
  async getTools(accountId?: string, options: GetToolsOptions = {}): Promise<TrutoTool[]> {
    const account = accountId ?? this.#accountId
    if (!account) {
      throw new TrutoConfigError(
        'accountId',
        'Missing integrated account id: pass it to `getTools(accountId)`, set the `accountId` option, or set the TRUTO_ACCOUNT_ID environment variable.',
      )
    }
    const methods = options.methods ?? this.#methods
    const tags = options.tags ?? this.#tags
    const definitions = await this.#fetchDefinitions(account, methods, tags)
    // a server that ignores a filter must not widen what the agent gets
    const wanted = definitions.filter((d) => matchesFilters(d, methods, tags))
    const names = assignToolNames(wanted.map((d) => d.name))
    const tools: TrutoTool[] = []
    for (const definition of wanted) {
      const tool = this.#buildTool(
        definition,
        names.get(definition.name) ?? definition.name,
        account,
      )
      if (tool) tools.push(tool)
    }
    return tools
  }

  async #fetchDefinitions(
    accountId: string,
    methods: readonly string[] | undefined,
    tags: readonly string[] | undefined,
  ): Promise<ToolDefinition[]> {
    const definitions: ToolDefinition[] = []
    const seenCursors = new Set<string>()
    let cursor: string | undefined
    for (let page = 0; page < MAX_DEFINITION_PAGES; page++) {
      const request: TrutoRequest = {
        method: 'GET',
        path: `/integrated-account/${encodeURIComponent(accountId)}/tools`,
        query: {
          ...(methods?.length ? { methods: methods.join(',') } : {}),
          ...(tags?.length ? { tags: tags.join(',') } : {}),
          ...(cursor ? { next_cursor: cursor } : {}),
        },
      }
      const data = await readResponse(await this.#client.send(request), request, { accountId })
      if (!isRecord(data) || !Array.isArray(data.result)) {
        throw new TrutoRequestError(
          { reason: 'malformed-body', method: request.method, path: request.path },
          { accountId },
        )
      }
      for (const raw of data.result) {
        const parsed = parseDefinition(raw)
        if (parsed.ok) definitions.push(parsed.definition)
        else this.#warn(`Skipped Truto tool ${parsed.label}: ${parsed.reason}.`)
      }
      const next =
        typeof data.next_cursor === 'string' && data.next_cursor ? data.next_cursor : undefined
      if (!next || seenCursors.has(next)) break
      seenCursors.add(next)
      cursor = next
    }
    return definitions
  }

  #buildTool(definition: ToolDefinition, name: string, accountId: string): TrutoTool | undefined {
    let shape: ReturnType<typeof buildToolShape>
    try {
      shape = buildToolShape(definition)
    } catch (error) {
      if (!(error instanceof SchemaShapeError)) throw error
      this.#warn(`Skipped Truto tool ${definition.name}: ${error.message}.`)
      return undefined
    }
    const { route } = shape
    const client = this.#client
    const idempotent = methodKind(definition.method) === 'read' || definition.method === 'delete'
    const context = { toolName: name, accountId }
    return new TrutoTool({
      name,
      description: definition.description || `${definition.method} ${definition.resource}`,
      schema: shape.schema,
      route,
      idempotent,
      metadata: {
        resource: definition.resource,
        method: definition.method,
        accountId,
        originalName: definition.name,
      },
      async execute(args: Record<string, unknown>, config: RunnableConfig | undefined) {
        const request = buildRequest(route, args, accountId)
        const response = await client.send(request, config?.signal)
        const data = await readResponse(response, request, context)
        return [formatResult(data, route), data]
      },
    })
  }
}

function isAbsoluteUrl(text: string): boolean {
  try {
    return Boolean(new URL(text).protocol)
  } catch {
    return false
  }
}

function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env?.[name]
  return value?.trim() ? value : undefined
}
