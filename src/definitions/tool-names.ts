const MAX_LENGTH = 64
const VALID = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/

/** FNV-1a, 32 bit, base 36: a short stable hash that needs no crypto API. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(36).padStart(7, '0')
}

/** Makes a name every provider accepts: `^[a-zA-Z][a-zA-Z0-9_-]{0,63}$`. */
export function sanitiseToolName(name: string): string {
  if (VALID.test(name)) return name
  let clean = trimUnderscores(name.replace(/[^a-zA-Z0-9_-]+/g, '_'))
  if (!/^[a-zA-Z]/.test(clean)) clean = `tool_${clean}`
  if (clean.length <= MAX_LENGTH) return clean
  // a hash of the original keeps two long names that share a prefix apart
  return withSuffix(trimUnderscores(clean), `_${shortHash(name)}`)
}

// a loop, not /^_+|_+$/g: that regex is quadratic on a long run of underscores from a server
function trimUnderscores(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && text.charAt(start) === '_') start++
  while (end > start && text.charAt(end - 1) === '_') end--
  return text.slice(start, end)
}

const withSuffix = (name: string, suffix: string) =>
  `${name.slice(0, MAX_LENGTH - suffix.length)}${suffix}`

const isValid = (name: string) => VALID.test(name)

/**
 * Assigns each original name a unique valid name. A name that is already valid keeps it;
 * others that would collide get a hash of their original name. Returns the names that change:
 * a name the map lacks keeps itself.
 */
export function assignToolNames(names: readonly string[]): Map<string, string> {
  const renamed = new Map<string, string>()
  // the usual listing: every name valid, nothing to rename and nothing to remember
  if (names.every(isValid)) return renamed
  const used = new Set<string>()
  // valid names are taken first, in their order: a stable partition (a sort would test each name often)
  const others: string[] = []
  for (const name of names) {
    if (isValid(name)) used.add(name)
    else others.push(name)
  }
  for (const name of others) {
    if (renamed.has(name)) continue
    let candidate = sanitiseToolName(name)
    if (used.has(candidate)) {
      candidate = withSuffix(candidate, `_${shortHash(name)}`)
    }
    renamed.set(name, candidate)
    used.add(candidate)
  }
  return renamed
}
