type Tree = { [key: string]: unknown }

/**
 * Reads a query string into nested values: `a[0]=x&a[1]=y` and repeated `a=x&a=y` become
 * arrays, `a[b]=1` becomes an object. Leaf values stay strings; schemas coerce them later.
 */
export function parseQuery(params: URLSearchParams): Record<string, unknown> {
  const root: Tree = {}
  for (const [key, value] of params) {
    const path = splitKey(key)
    let node: Tree = root
    path.forEach((segment, index) => {
      const last = index === path.length - 1
      const current = node[segment]
      if (last) {
        if (current === undefined) node[segment] = value
        else if (Array.isArray(current)) current.push(value)
        else if (typeof current === 'string') node[segment] = [current, value]
        return
      }
      if (typeof current !== 'object' || current === null || Array.isArray(current)) {
        node[segment] = {}
      }
      node = node[segment] as Tree
    })
  }
  return arrayify(root) as Record<string, unknown>
}

// "a[b][0]" -> ["a", "b", "0"]; "a[]" appends
function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key)
  if (!match?.[1]) return [key]
  const rest = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')
  return rest.at(-1) === '' ? [match[1], ...rest.slice(0, -1)] : [match[1], ...rest]
}

// objects whose keys are all indexes become arrays, in index order
function arrayify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(arrayify)
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value).map(([k, v]) => [k, arrayify(v)] as const)
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v)
  }
  return Object.fromEntries(entries)
}

/** A list parameter in any form a client sends: `a,b`, `a[0]=a&a[1]=b` or repeated keys. */
export function listParam(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return items
    .flatMap((item) => (typeof item === 'string' ? item.split(',') : []))
    .map((item) => item.trim())
    .filter(Boolean)
}
