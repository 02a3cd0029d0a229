/** Compiles name globs (`*` any run, `?` one character) into one matcher. */
export function globMatcher(patterns: readonly string[]): (name: string) => boolean {
  const regexes = patterns.map((pattern) => {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')
    return new RegExp(`^${source}$`)
  })
  return (name) => regexes.some((regex) => regex.test(name))
}
