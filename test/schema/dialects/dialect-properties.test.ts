import { Validator } from '@langchain/core/utils/json_schema'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { TrutoValidationError } from '../../../src/errors/errors.js'
import { createArgumentValidator } from '../../../src/schema/argument-validator.js'
import { dialectView } from '../../../src/schema/dialects/index.js'
import { normaliseSchema, SchemaShapeError } from '../../../src/schema/normalise-schema.js'
import { rootSchema, valueFor } from './arbitraries.js'
import { geminiAsJsonSchema, geminiProblems, openAiStrictProblems } from './provider-rules.js'

type Json = Record<string, unknown>
const DIALECTS = ['openai-strict', 'gemini'] as const
const RULES = { 'openai-strict': openAiStrictProblems, gemini: geminiProblems }

/** The view, or undefined for a schema past OpenAI's documented size limits (the test says so). */
function viewOf(schema: Json, dialect: (typeof DIALECTS)[number]) {
  try {
    return dialectView(schema, dialect)
  } catch (error) {
    if (dialect === 'openai-strict' && error instanceof SchemaShapeError) {
      expect(error.message).toMatch(/in OpenAI's strict mode its schema has \d+ .*past the limit/)
      fc.pre(false)
    }
    throw error
  }
}

/** What the wire makes of a value: -0 becomes 0, undefined fields go. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value))

/** Validates a value against the dialect's schema read as JSON Schema. */
function dialectValidator(schema: Json, dialect: (typeof DIALECTS)[number]) {
  const asJson = dialect === 'gemini' ? (geminiAsJsonSchema(schema) as Json) : schema
  const validator = new Validator(wire(asJson) as never, '2019-09', false)
  return (value: unknown) => validator.validate(value)
}

/** A normalised schema, its validator, and arguments the API schema accepts. */
const schemaAndArgs = rootSchema
  .map((raw) => normaliseSchema(raw))
  .chain((schema) => {
    const validate = createArgumentValidator(schema)
    return fc.array(valueFor(schema), { minLength: 1, maxLength: 4 }).map((values) => ({
      schema,
      validate,
      args: values.map(wire).filter((v) => validate(v).length === 0) as Json[],
    }))
  })

describe.each(DIALECTS)('the %s dialect', (dialect) => {
  test('is pure and deterministic, and never changes its input', () => {
    fc.assert(
      fc.property(rootSchema, (raw) => {
        const schema = normaliseSchema(raw)
        const before = structuredClone(schema)
        const first = viewOf(schema, dialect)
        expect(schema).toEqual(before)
        expect(JSON.stringify(dialectView(schema, dialect).schema)).toBe(
          JSON.stringify(first.schema),
        )
      }),
      { numRuns: 300 },
    )
  })

  test('obeys the provider’s documented rules', () => {
    fc.assert(
      fc.property(rootSchema, (raw) => {
        const { schema } = viewOf(normaliseSchema(raw), dialect)
        expect(RULES[dialect](wire(schema))).toEqual([])
      }),
      { numRuns: 500 },
    )
  })

  test('expresses every argument the API accepts, and maps it back exactly', () => {
    let checked = 0
    fc.assert(
      fc.property(schemaAndArgs, ({ schema, validate, args }) => {
        const view = viewOf(schema, dialect)
        const inDialect = dialectValidator(view.schema, dialect)
        for (const value of args) {
          // what the model would write, sent over the wire
          const written = wire(view.fromApi(value))
          const verdict = inDialect(written)
          expect(verdict.errors, JSON.stringify({ written, schema: view.schema })).toEqual([])
          const back = view.toApi(written)
          expect(back).toEqual(value)
          expect(validate(back)).toEqual([])
          checked++
        }
      }),
      { numRuns: 400 },
    )
    expect(checked).toBeGreaterThan(200)
  })

  test('checks any junk without throwing, never changes it, and passes only what the API takes', () => {
    fc.assert(
      fc.property(rootSchema, fc.dictionary(fc.string(), fc.jsonValue()), (raw, junk) => {
        const schema = normaliseSchema(raw)
        const view = viewOf(schema, dialect)
        const before = structuredClone(junk)
        const { args, issues } = view.check(junk)
        expect(junk).toEqual(before)
        expect(typeof args).toBe('object')
        for (const issue of issues) expect(typeof issue.path).toBe('string')
        // what check lets through, the API's schema takes: an invalid call is never sent
        if (!issues.length) expect(createArgumentValidator(schema)(args)).toEqual([])
        expect(typeof view.modelPath(Object.keys(junk).join('.'))).toBe('string')
        // toApi gives what check read, or refuses with its issues
        if (issues.length) expect(() => view.toApi(junk)).toThrow(TrutoValidationError)
        else expect(view.toApi(junk)).toEqual(args)
      }),
      { numRuns: 300 },
    )
  })
})
