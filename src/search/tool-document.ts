import { isRecord } from '../basics/is-record.js'

/** What the ranking reads of a tool, one text per field. */
export type ToolDocument = {
  readonly name: string
  readonly description: string
  /** The record type, e.g. Truto's resource `pipeline-cards`. */
  readonly resource: string
  /** The method word, e.g. `list` or `bulk_update`. */
  readonly method: string
  /** Each parameter's name and description. */
  readonly parameters: string
}

/** A tool as LangChain knows it: a name, a description, a schema and maybe metadata. */
export type RankableTool = {
  readonly name: string
  readonly description: string
  readonly schema?: unknown
  readonly metadata?: Record<string, unknown> | undefined
}

// a server may send megabytes of description; what a person would read is enough to rank on
const MAX_DESCRIPTION_CHARS = 2_000
const MAX_PARAMETERS = 64
const MAX_PARAMETER_CHARS = 200

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text)
const text = (value: unknown) => (typeof value === 'string' ? value : '')

/** The fields of a tool the ranking reads, each clipped so a hostile tool costs no more than others. */
export function toolDocument(tool: RankableTool): ToolDocument {
  const method = text(tool.metadata?.method)
  return {
    name: tool.name,
    description: clip(text(tool.description), MAX_DESCRIPTION_CHARS),
    resource: text(tool.metadata?.resource),
    // a custom method of an MCP server says nothing its name does not
    method: method === 'custom' ? '' : method,
    parameters: parameterText(tool.schema),
  }
}

// JSON Schema's properties, or a zod object's shape, each field with its description
function parameterText(schema: unknown): string {
  if (!isRecord(schema)) return ''
  const fields = isRecord(schema.properties)
    ? schema.properties
    : isRecord(schema.shape)
      ? schema.shape
      : {}
  return Object.entries(fields)
    .slice(0, MAX_PARAMETERS)
    .map(([name, field]) => {
      const description = isRecord(field) ? text(field.description) : ''
      return `${name} ${clip(description, MAX_PARAMETER_CHARS)}`
    })
    .join('\n')
}
