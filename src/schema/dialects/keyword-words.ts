import { isRecord } from '../../basics/is-record.js'

const BRIEF_CHARS = 160

/** A value as short JSON, for a sentence. */
export function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > BRIEF_CHARS ? `${text.slice(0, BRIEF_CHARS - 1)}…` : text
}

const count = (n: unknown, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`

/** What a keyword the provider does not take asks of a value, in words. */
export function keywordWords(key: string, value: unknown, node: Record<string, unknown>): string {
  switch (key) {
    case 'minLength':
      return `at least ${count(value, 'character', 'characters')}`
    case 'maxLength':
      return `at most ${count(value, 'character', 'characters')}`
    case 'pattern':
      return `must match the pattern ${String(value)}`
    case 'format':
      return `format: ${String(value)}`
    case 'minimum':
      return `at least ${String(value)}`
    case 'maximum':
      return `at most ${String(value)}`
    case 'exclusiveMinimum':
      return `greater than ${String(value)}`
    case 'exclusiveMaximum':
      return `less than ${String(value)}`
    case 'multipleOf':
      return `a multiple of ${String(value)}`
    case 'minItems':
      return `at least ${count(value, 'item', 'items')}`
    case 'maxItems':
      return `at most ${count(value, 'item', 'items')}`
    case 'uniqueItems':
      return value === true ? 'no two items may be equal' : ''
    case 'contains':
      return `must include an item matching ${brief(value)}`
    case 'minContains':
      return `at least ${count(value, 'item', 'items')} must match ${brief(node.contains)}`
    case 'maxContains':
      return `at most ${count(value, 'item', 'items')} may match ${brief(node.contains)}`
    case 'minProperties':
      return `at least ${count(value, 'field', 'fields')}`
    case 'maxProperties':
      return `at most ${count(value, 'field', 'fields')}`
    case 'propertyNames':
      return `field names must match ${brief(value)}`
    case 'required':
      return Array.isArray(value) && value.length
        ? `must include the ${value.length === 1 ? 'key' : 'keys'} ${value.map((v) => JSON.stringify(v)).join(', ')}`
        : ''
    case 'dependentRequired':
    case 'dependencies':
      return dependencies(value)
    case 'dependentSchemas':
      return isRecord(value)
        ? Object.keys(value)
            .map(
              (name) => `when ${JSON.stringify(name)} is given, must match ${brief(value[name])}`,
            )
            .join('; ')
        : ''
    case 'not':
      return `must not match ${brief(value)}`
    case 'if':
      return conditional(node)
    case 'then':
    case 'else':
      // said with `if`; alone they mean nothing
      return ''
    case 'default':
      return `default: ${brief(value)}`
    case 'examples':
      return Array.isArray(value) ? `examples: ${value.map((v) => brief(v)).join(', ')}` : ''
    case 'example':
      return `example: ${brief(value)}`
    case 'deprecated':
      return value === true ? 'deprecated' : ''
    case 'readOnly':
      return value === true ? 'read-only' : ''
    case 'contentEncoding':
      return `encoded as ${String(value)}`
    case 'contentMediaType':
      return `media type ${String(value)}`
    default:
      return `${key}: ${brief(value)}`
  }
}

function dependencies(value: unknown): string {
  if (!isRecord(value)) return ''
  return Object.keys(value)
    .map((name) => {
      const needs = value[name]
      return Array.isArray(needs)
        ? `when ${JSON.stringify(name)} is given, ${needs.map((n) => JSON.stringify(n)).join(', ')} must be given too`
        : `when ${JSON.stringify(name)} is given, must match ${brief(needs)}`
    })
    .join('; ')
}

function conditional(node: Record<string, unknown>): string {
  const parts = [`if it matches ${brief(node.if)}`]
  if (node.then !== undefined) parts.push(`it must match ${brief(node.then)}`)
  if (node.else !== undefined) parts.push(`otherwise it must match ${brief(node.else)}`)
  return parts.join(', ')
}

/** The description with sentences added for keywords the provider does not take. */
export function withWords(description: unknown, words: readonly string[]): string | undefined {
  const said = words.filter(Boolean)
  const base = typeof description === 'string' && description ? description : undefined
  if (!said.length) return base
  const text = said.join('; ')
  const sentence = `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
  if (!base) return sentence
  return `${base}${/[.!?:;)]$/.test(base.trimEnd()) ? '' : '.'} ${sentence}`
}
