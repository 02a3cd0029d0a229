import { createRandom } from './random.js'

/** What an injected fault does to a matching request. */
export type FaultKind = '429' | '403' | '5xx' | 'slow' | 'drop' | 'malformed-json' | 'html'

/** Who answers a `429` or `5xx` fault: Truto itself, or the provider through Truto. */
export type FaultOrigin = 'truto' | 'provider'

/** What {@link SandboxFaults.inject} takes: the fault's kind, which requests it strikes, and how. */
export type FaultOptions = {
  /** `429` rate limited, `403` forbidden by the provider, `5xx` server error, `slow` delayed answer, `drop` connection lost, `malformed-json` broken 200 body, `html` 502 gateway page. */
  readonly kind: FaultKind
  /** Requests whose path starts with this string, or matches this RegExp (e.g. `/proxy/pipeline-cards`, or `/mcp/` for every MCP server URL). @default every route */
  readonly route?: string | RegExp
  /** Only requests with this HTTP method. @default every method */
  readonly method?: string
  /** The fault removes itself after striking this many times. @default Infinity */
  readonly times?: number
  /** Share of matching requests that fail, drawn from a seeded generator. @default 1 */
  readonly fraction?: number
  /** Delay of a `slow` fault, in real milliseconds. @default 1000 */
  readonly delayMs?: number
  /** Status of a `5xx` fault. @default 503 */
  readonly status?: number
  /** `retry-after` (and, from the provider, `ratelimit-reset`) seconds of a `429` fault. @default 1 */
  readonly retryAfterSeconds?: number
  /** `provider`: `truto_is_remote_error`, `raw_response` and the provider's headers; `truto`: Truto's own answer (a `429` with `Retry-After` only). Applies to `429` and `5xx`. @default 'provider' */
  readonly from?: FaultOrigin
  /** OAuth scopes a `403` fault names in `truto_error_insight.forbidden_error.value.missing_scopes`; left out, the 403 has no insight. @default undefined */
  readonly missingScopes?: readonly string[]
}

/** A fault in force; `remove()` lifts it early. */
export type InjectedFault = {
  /** The options it was injected with. */
  readonly options: FaultOptions
  /** How many requests it has struck so far. */
  readonly hits: number
  /** Lifts the fault; requests after it are answered normally. */
  remove(): void
}

/** Run-time fault injection, switchable from tests. */
export type SandboxFaults = {
  /**
   * Injects a fault, tried after those already in force: the first that matches a request (and
   * passes its `fraction` draw) strikes it.
   *
   * @example
   * ```ts
   * sandbox.faults.inject({ kind: '429', route: '/proxy/pipeline-cards', times: 2 })
   * ```
   */
  inject(options: FaultOptions): InjectedFault
  /** Lifts every fault and restarts the generator behind `fraction`. */
  clear(): void
  /** The faults in force, in the order they are tried. */
  readonly active: readonly InjectedFault[]
}

export type FaultRegistry = SandboxFaults & {
  /** The fault that strikes this request, if any (counts the strike). */
  strike(method: string, path: string): FaultOptions | undefined
}

export function createFaults(seed: number): FaultRegistry {
  let random = createRandom(seed)
  const active: (InjectedFault & { hits: number })[] = []
  const remove = (fault: InjectedFault) => {
    const index = active.indexOf(fault as InjectedFault & { hits: number })
    if (index >= 0) active.splice(index, 1)
  }
  return {
    active,
    inject(options) {
      const fraction = options.fraction ?? 1
      if (!(fraction >= 0 && fraction <= 1))
        throw new RangeError('`fraction` must be between 0 and 1')
      if (options.times !== undefined && !(options.times >= 1))
        throw new RangeError('`times` must be at least 1')
      if (options.from !== undefined && options.from !== 'truto' && options.from !== 'provider')
        throw new TypeError("`from` must be 'truto' or 'provider'")
      const scopes = options.missingScopes
      if (
        scopes !== undefined &&
        !(Array.isArray(scopes) && scopes.every((s) => typeof s === 'string'))
      )
        throw new TypeError('`missingScopes` must be an array of strings')
      const fault = { options, hits: 0, remove: () => remove(fault) }
      active.push(fault)
      return fault
    },
    clear() {
      active.length = 0
      random = createRandom(seed)
    },
    strike(method, path) {
      for (const fault of active) {
        const {
          route,
          method: only,
          fraction = 1,
          times = Number.POSITIVE_INFINITY,
        } = fault.options
        if (only && only.toUpperCase() !== method) continue
        if (typeof route === 'string' && !path.startsWith(route)) continue
        if (route instanceof RegExp && !route.test(path)) continue
        if (fraction < 1 && random() >= fraction) continue
        fault.hits++
        if (fault.hits >= times) remove(fault)
        return fault.options
      }
      return undefined
    },
  }
}
