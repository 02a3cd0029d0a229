import { isRecord } from '../basics/is-record.js'
import { measureJson } from '../basics/json-measure.js'
import { SCHEMA_BUDGET } from '../schema/schema-budget.js'

/** What one account's tool listing may keep, on the tools endpoint and an MCP server alike. */
export const LISTING_BUDGET = {
  // characters of a tool's description (about 1,000 tokens); the rest is cut with an ellipsis
  description: 4_000,
  // characters of one description inside a tool's schema
  propertyDescription: 1_000,
  // characters of JSON one tool's schemas may take as listed: five times what one tool may show
  toolChars: 1_000_000,
  // tools kept from one listing
  tools: 5_000,
  // characters of JSON kept from one listing, descriptions and schemas together
  chars: 10_000_000,
} as const

// keys whose value is a map of subschemas, a subschema, or a list of subschemas
const SCHEMA_MAPS = new Set([
  'properties',
  'patternProperties',
  'dependentSchemas',
  '$defs',
  'definitions',
])
const SCHEMA_VALUES = new Set([
  'items',
  'additionalProperties',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'contains',
  'not',
  'if',
  'then',
  'else',
])
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'])
// JSON nesting past this holds a schema or a value deeper than the schema budget, at any layout
const MAX_WALK_DEPTH = 4 * SCHEMA_BUDGET.depth
// names quoted in the warning; the rest are counted
const MAX_NAMED = 5
// one answer for every tool kept: a catalogue admits thousands
const KEPT = Object.freeze({ kept: true })
const TOO_DEEP = `its schema holds a value nested deeper than the depth budget of ${SCHEMA_BUDGET.depth} levels`

/**
 * `text` cut to `max` characters with an ellipsis. The cut is a copy of its own: a slice would
 * keep the whole hostile string alive on the heap for as long as the tool lives.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  // never split a surrogate pair
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return JSON.parse(JSON.stringify(`${text.slice(0, end)}…`)) as string
}

/**
 * The budget of one listing as it is read: each tool's description and its schemas'
 * descriptions are cut, a tool whose schemas are too large is skipped, and reading stops once
 * the listing holds {@link LISTING_BUDGET}'s tools or characters. One hostile tool costs only
 * itself. {@link warning} then names what was cut, once.
 */
export class ListingBudget {
  readonly #described: string[] = []
  readonly #schemaDescribed: string[] = []
  #tools = 0
  #chars = 0
  #full: string | undefined

  /** True once the listing is full: read no further. */
  get full(): boolean {
    return this.#full !== undefined
  }

  /** The tool's description within budget. */
  description(name: string, text: string): string {
    if (text.length <= LISTING_BUDGET.description) return text
    this.#described.push(name)
    return clipText(text, LISTING_BUDGET.description)
  }

  /**
   * Cuts, in place, every description inside the tool's schemas (they came from one parsed answer,
   * so nothing else holds them), then admits the tool. Not kept: a tool too large or deep, with
   * the reason to warn of, or any tool once the listing is full (named in {@link warning}).
   * `plainStrings`: no string in the schemas needs a JSON escape (see `hasPlainStrings`).
   */
  admit(
    name: string,
    description: string,
    schemas: readonly unknown[],
    plainStrings = false,
  ): { readonly kept: boolean; readonly reason?: string } {
    if (this.#full) return { kept: false }
    let chars = description.length + name.length
    let largest = 0
    for (const schema of schemas) {
      if (schema == null) {
        chars += 4
        continue
      }
      const { chars: size, depth } = measureJson(schema, MAX_WALK_DEPTH, plainStrings)
      // past this depth the normaliser would refuse it too: dropped now, it is not kept meanwhile
      if (depth > MAX_WALK_DEPTH) return { kept: false, reason: TOO_DEEP }
      chars += size
      if (size > largest) largest = size
    }
    let cut = 0
    // a description too long takes more than its length in JSON: a smaller schema holds none
    if (largest > LISTING_BUDGET.propertyDescription + 2) {
      for (const schema of schemas) cut += clipDescriptions(schema, 0)
    }
    if (cut) {
      this.#schemaDescribed.push(name)
      chars = description.length + name.length
      for (const schema of schemas) chars += measureJson(schema, MAX_WALK_DEPTH).chars
    }
    if (chars > LISTING_BUDGET.toolChars) {
      const limit = LISTING_BUDGET.toolChars.toLocaleString('en')
      return {
        kept: false,
        reason: `its schemas are ${chars} characters of JSON as listed, past the budget of ${limit}`,
      }
    }
    if (this.#tools >= LISTING_BUDGET.tools) {
      this.#full = `${LISTING_BUDGET.tools.toLocaleString('en')} tools`
      return { kept: false }
    }
    if (this.#chars + chars > LISTING_BUDGET.chars) {
      this.#full = `${LISTING_BUDGET.chars.toLocaleString('en')} characters of definitions`
      return { kept: false }
    }
    this.#tools++
    this.#chars += chars
    return KEPT
  }

  /** One sentence naming everything this listing cut, or undefined when nothing was. */
  warning(what: string): string | undefined {
    const parts: string[] = []
    const { description, propertyDescription } = LISTING_BUDGET
    if (this.#described.length) {
      parts.push(
        `shortened the descriptions of ${named(this.#described)} to ${description.toLocaleString('en')} characters`,
      )
    }
    if (this.#schemaDescribed.length) {
      parts.push(
        `shortened descriptions in the schemas of ${named(this.#schemaDescribed)} to ${propertyDescription.toLocaleString('en')} characters`,
      )
    }
    if (this.#full) {
      parts.push(
        `stopped after ${this.#tools} tools at the budget of ${this.#full}; narrow them with methods, tags or include`,
      )
    }
    return parts.length ? `Cut ${what} to fit the listing budgets: ${parts.join('; ')}.` : undefined
  }
}

function named(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMED).join(', ')
  const more = names.length > MAX_NAMED ? ` and ${names.length - MAX_NAMED} more` : ''
  return `${names.length} tool${names.length === 1 ? '' : 's'} (${shown}${more})`
}

// schema positions only: a `description` inside an enum, default or example is data, not prose
function clipDescriptions(schema: unknown, depth: number): number {
  if (!isRecord(schema) || depth > MAX_WALK_DEPTH) return 0
  let cut = 0
  const text = schema.description
  if (typeof text === 'string' && text.length > LISTING_BUDGET.propertyDescription) {
    schema.description = clipText(text, LISTING_BUDGET.propertyDescription)
    cut++
  }
  for (const key in schema) {
    if (!Object.hasOwn(schema, key)) continue
    const value = schema[key]
    if (SCHEMA_MAPS.has(key) && isRecord(value)) {
      for (const name in value) {
        if (Object.hasOwn(value, name)) cut += clipDescriptions(value[name], depth + 1)
      }
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      for (const item of value) cut += clipDescriptions(item, depth + 1)
    } else if (SCHEMA_VALUES.has(key)) {
      cut += clipDescriptions(value, depth + 1)
    }
  }
  return cut
}
