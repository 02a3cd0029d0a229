/** A JSON Schema object as Truto sends it. */
export type JsonSchema = Record<string, unknown>
