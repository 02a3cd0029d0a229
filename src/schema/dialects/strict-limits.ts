import { isRecord } from '../../basics/is-record.js'
import type { JsonSchema } from '../json-schema.js'
import { SchemaShapeError } from '../schema-shape-error.js'

/**
 * OpenAI Structured Outputs' documented limits on one schema
 * (platform.openai.com/docs/guides/structured-outputs#supported-schemas, "Objects have
 * limitations on nesting depth and size"; jsonschemaprofiles.unitvectorylabs.com/schemas/openai).
 * Older documents said 100 properties and 5 levels; these are the current numbers.
 */
export const OPENAI_STRICT_LIMITS = {
  /** Object properties in total. */
  properties: 5000,
  /** Levels of nested objects; the root counts as the first. */
  depth: 10,
  /** Characters of all property names, enum values and const values. */
  chars: 120_000,
  /** Enum values in total. */
  enumValues: 1000,
  /** For an enum of strings with more than this many values… */
  largeEnum: 250,
  /** …the characters of its values together. */
  largeEnumChars: 15_000,
} as const

/** Throws a {@link SchemaShapeError} when a strict schema is past one of OpenAI's limits. */
export function assertWithinStrictLimits(schema: JsonSchema): void {
  const tally = { properties: 0, depth: 0, chars: 0, enumValues: 0 }
  walk(schema, 0, tally)
  const limits = OPENAI_STRICT_LIMITS
  const past = (what: string, n: number, limit: number) =>
    new SchemaShapeError(
      `in OpenAI's strict mode its schema has ${n} ${what}, past the limit of ${limit}`,
    )
  if (tally.depth > limits.depth) throw past('levels of nested objects', tally.depth, limits.depth)
  if (tally.properties > limits.properties) {
    throw past('object properties', tally.properties, limits.properties)
  }
  if (tally.enumValues > limits.enumValues) {
    throw past('enum values', tally.enumValues, limits.enumValues)
  }
  if (tally.chars > limits.chars) {
    throw past('characters of property names and enum values', tally.chars, limits.chars)
  }
}

type Tally = { properties: number; depth: number; chars: number; enumValues: number }

function walk(node: unknown, depth: number, tally: Tally): void {
  if (!isRecord(node)) return
  const isObject =
    node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object'))
  const level = isObject ? depth + 1 : depth
  tally.depth = Math.max(tally.depth, level)
  if (Array.isArray(node.enum)) {
    tally.enumValues += node.enum.length
    let chars = 0
    for (const value of node.enum) if (typeof value === 'string') chars += value.length
    tally.chars += chars
    if (
      node.enum.length > OPENAI_STRICT_LIMITS.largeEnum &&
      chars > OPENAI_STRICT_LIMITS.largeEnumChars
    ) {
      throw new SchemaShapeError(
        `in OpenAI's strict mode its schema has an enum of ${node.enum.length} values and ${chars} characters, past the limit of ${OPENAI_STRICT_LIMITS.largeEnumChars} characters for enums of more than ${OPENAI_STRICT_LIMITS.largeEnum} values`,
      )
    }
  }
  if (isRecord(node.properties)) {
    for (const name of Object.keys(node.properties)) {
      tally.properties += 1
      tally.chars += name.length
      walk(node.properties[name], level, tally)
    }
  }
  walk(node.items, level, tally)
  if (Array.isArray(node.anyOf)) for (const branch of node.anyOf) walk(branch, level, tally)
}
