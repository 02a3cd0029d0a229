export { dialectView } from './dialect-view.js'
export { PROVIDER_TOOL_LIMITS } from './provider-tool-limits.js'
export type { DialectView, SchemaDialect } from './schema-dialect.js'
