// Module hooks for without-sdk.ts: @modelcontextprotocol/sdk resolves as in a project that never
// installed the optional peer, so each import of it fails as Node's own resolution would.
export async function resolve(specifier, context, nextResolve) {
  if (
    specifier === '@modelcontextprotocol/sdk' ||
    specifier.startsWith('@modelcontextprotocol/sdk/')
  ) {
    const error = new Error(
      `Cannot find package '@modelcontextprotocol/sdk' imported from ${context.parentURL}`,
    )
    error.code = 'ERR_MODULE_NOT_FOUND'
    throw error
  }
  return nextResolve(specifier, context)
}
