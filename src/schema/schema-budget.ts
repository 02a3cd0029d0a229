import { measureJson } from '../basics/json-measure.js'
import { SchemaShapeError } from './schema-shape-error.js'

/** What normalising one tool's schemas may cost; past any of these the tool is skipped. */
export const SCHEMA_BUDGET = {
  // real API schemas nest a dozen levels; 64 keeps every recursive walk far from the stack limit
  depth: 64,
  // subschemas normalised per schema, each $ref target once; bounds the work of one definition
  subschemas: 20_000,
  // JSON characters of one tool's schema (~50k tokens); more crowds out the model's context
  chars: 200_000,
} as const

// a schema within the depth budget nests a few hundred JSON levels; this only guards the walk
const MAX_JSON_DEPTH = 1024

/**
 * Throws a {@link SchemaShapeError} when a finished tool schema is longer, as JSON, than the
 * output budget. `atMost` bounds that length from above; only past the budget is it measured.
 */
export function assertWithinBudget(schema: unknown, atMost: number): void {
  if (atMost <= SCHEMA_BUDGET.chars) return
  const { chars, depth } = measureJson(schema, MAX_JSON_DEPTH)
  if (depth > MAX_JSON_DEPTH) {
    throw new SchemaShapeError(`its schema nests deeper than ${MAX_JSON_DEPTH} JSON levels`)
  }
  if (chars > SCHEMA_BUDGET.chars) {
    throw new SchemaShapeError(
      `its schema inlined would be ${chars} characters of JSON, past the output budget of ${SCHEMA_BUDGET.chars}`,
    )
  }
}
