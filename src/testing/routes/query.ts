import { forbiddenKeyError, isForbiddenKey } from './forbidden-keys.js'

type Tree = { [key: string]: unknown }

// no prototype: a key path can only ever reach objects this parser made
const tree = (): Tree => Object.create(null)

/**
 * Reads a query string into nested values: `a[0]=x&a[1]=y` and repeated `a=x&a=y` become
 * arrays, `a[b]=1` becomes an object. Leaf values stay strings; schemas coerce them later.
 * Objects have a null prototype, and a `__proto__`, `constructor` or `prototype` key is a 400.
 */
export function parseQuery(params: URLSearchParams): Record<string, unknown> {
  const root = tree()
  for (const [key, value] of params) insert(root, checkedPath(key), value)
  return arrayify(root) as Record<string, unknown>
}

function checkedPath(key: string): string[] {
  const path = splitKey(key)
  const forbidden = path.find(isForbiddenKey)
  if (forbidden !== undefined) throw forbiddenKeyError(forbidden, 'query', key)
  return path
}

function insert(root: Tree, path: readonly string[], value: string): void {
  let node = root
  path.forEach((segment, index) => {
    const current = node[segment]
    if (index === path.length - 1) {
      if (current === undefined) node[segment] = value
      else if (Array.isArray(current)) current.push(value)
      else if (typeof current === 'string') node[segment] = [current, value]
      return
    }
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      node[segment] = tree()
    }
    node = node[segment] as Tree
  })
}

// "a[b][0]" -> ["a", "b", "0"]; "a[]" appends
function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key)
  if (!match?.[1]) return [key]
  const rest = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')
  return rest.at(-1) === '' ? [match[1], ...rest.slice(0, -1)] : [match[1], ...rest]
}

// objects whose keys are all indexes become arrays, in index order; others stay prototype-free
function arrayify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(arrayify)
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value).map(([k, v]) => [k, arrayify(v)] as const)
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v)
  }
  const out = tree()
  for (const [k, v] of entries) out[k] = v
  return out
}

/** A query value as text; nested values as JSON, since String() throws on prototype-free objects. */
export function queryText(value: unknown): string | undefined {
  if (value === undefined) return undefined
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)
}

/** A list parameter in any form a client sends: `a,b`, `a[0]=a&a[1]=b` or repeated keys. */
export function listParam(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return items
    .flatMap((item) => (typeof item === 'string' ? item.split(',') : []))
    .map((item) => item.trim())
    .filter(Boolean)
}
