// a long-running multi-tenant process meets unbounded distinct messages; the oldest go first
const MAX_REMEMBERED = 1000

/** `warn`, passing each distinct message on once (of the last thousand). */
export function warnOnce(warn: (message: string) => void): (message: string) => void {
  const warned = new Set<string>()
  return (message) => {
    if (warned.has(message)) return
    if (warned.size >= MAX_REMEMBERED) warned.delete(warned.values().next().value ?? '')
    warned.add(message)
    warn(message)
  }
}
