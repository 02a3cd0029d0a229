import { createRandom } from './random.js'

/** What an injected fault does to a matching request. */
export type FaultKind = '429' | '5xx' | 'slow' | 'drop' | 'malformed-json' | 'html'

export type FaultOptions = {
  /** `429` rate limited, `5xx` server error, `slow` delayed answer, `drop` connection lost, `malformed-json` broken 200 body, `html` 502 gateway page. */
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
  /** `retry-after` and `ratelimit-reset` seconds of a `429` fault. @default 1 */
  readonly retryAfterSeconds?: number
}

/** A fault in force; `remove()` lifts it early. */
export type InjectedFault = {
  readonly options: FaultOptions
  readonly hits: number
  remove(): void
}

/** Run-time fault injection, switchable from tests. */
export type SandboxFaults = {
  inject(options: FaultOptions): InjectedFault
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
