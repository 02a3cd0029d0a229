import { toJsonSchema } from '@langchain/core/utils/json_schema'
import fc from 'fast-check'
import { TrutoToolManager } from 'truto-langchainjs-toolset'
import { createSandbox } from 'truto-langchainjs-toolset/testing'
import { beforeAll, describe, expect, test } from 'vitest'
import { createArgumentValidator } from '../../../src/schema/argument-validator.js'
import { dialectView } from '../../../src/schema/dialects/index.js'
import { normaliseSchema } from '../../../src/schema/normalise-schema.js'
import { valueFor } from './arbitraries.js'
import { geminiProblems, openAiStrictProblems } from './provider-rules.js'

type Json = Record<string, unknown>
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value))

/** The sandbox's 57 tools and the search pair, by name, as the schemas a model is shown. */
const catalogue = new Map<string, Json>()

beforeAll(async () => {
  const sandbox = createSandbox()
  const manager = new TrutoToolManager({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
    onWarning: () => {},
  })
  for (const account of Object.values(sandbox.accounts)) {
    for (const tool of await manager.getTools(account))
      catalogue.set(tool.name, tool.schema as Json)
  }
  for (const tool of await manager.getSearchTools(sandbox.accounts.octapipe)) {
    catalogue.set(tool.name, normaliseSchema(toJsonSchema(tool.schema as never) as Json))
  }
})

test('the catalogue is the 57 sandbox tools and the search pair', () => {
  expect(catalogue.size).toBe(59)
})

test('the schemas as they are break each provider’s documented rules', () => {
  const broken = (check: (schema: unknown) => string[]) =>
    [...catalogue].filter(([, schema]) => check(wire(schema)).length > 0).map(([name]) => name)
  // every object is open and most fields are optional
  expect(broken(openAiStrictProblems)).toHaveLength(59)
  // type lists, oneOf, propertyNames, maps, and (most of all) formats such as uuid
  expect(broken(geminiProblems)).toHaveLength(35)
})

describe.each(['openai-strict', 'gemini'] as const)('in the %s dialect', (dialect) => {
  const check = dialect === 'gemini' ? geminiProblems : openAiStrictProblems

  test('every tool obeys the provider’s documented rules', () => {
    for (const [name, schema] of catalogue) {
      expect({ name, problems: check(wire(dialectView(schema, dialect).schema)) }).toEqual({
        name,
        problems: [],
      })
    }
  })

  test('every argument the API accepts is expressible and maps back exactly', () => {
    for (const [name, schema] of catalogue) {
      const view = dialectView(schema, dialect)
      const validate = createArgumentValidator(schema)
      fc.assert(
        fc.property(valueFor(schema), (raw) => {
          const value = wire(raw) as Json
          fc.pre(validate(value).length === 0)
          const back = view.toApi(wire(view.fromApi(value)))
          expect({ name, back }).toEqual({ name, back: value })
        }),
        { numRuns: 60 },
      )
    }
  })
})
