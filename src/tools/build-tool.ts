import { methodTraits } from '../basics/methods.js'
import type { ToolDefinition } from '../definitions/tool-definition.js'
import { proxyPath } from '../safety/request-path.js'
import { dialectView, type SchemaDialect } from '../schema/dialects/index.js'
import { TrutoTool, toolMetadata } from './tool.js'
import { createExecutor, type ExecutorSettings, ToolContext } from './tool-executor.js'
import { buildToolShape } from './tool-shape.js'

/**
 * A definition of the tools endpoint as a LangChain tool that calls Truto's proxy API. Throws
 * when its schema or path cannot be made safe, or the dialect cannot express its schema.
 */
export function buildTool(
  definition: ToolDefinition,
  name: string,
  accountId: string,
  dialect: SchemaDialect,
  settings: ExecutorSettings,
): TrutoTool {
  const { schema, route } = buildToolShape(definition)
  const view = dialect === 'json-schema' ? undefined : dialectView(schema, dialect)
  const path = proxyPath(definition.resource, definition.method)
  const { idempotent } = methodTraits(definition.method)
  const paged =
    definition.method === 'list'
      ? ' Results are paged: the result says whether more exist and which next_cursor to pass.'
      : ''
  return new TrutoTool({
    name,
    description: `${definition.description || `${definition.method} ${definition.resource}`}${paged}`,
    schema,
    idempotent,
    metadata: toolMetadata(definition.resource, definition.method, accountId, definition.name),
    execute: createExecutor(settings, new ToolContext(name, accountId, route, path, idempotent)),
    errors: settings.errors,
    view,
    trace: settings,
    source: 'tools-endpoint',
  })
}
