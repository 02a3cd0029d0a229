import { expect, test } from 'vitest'
import { definition, testManager, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()
const VALID = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/

async function namesFor(...names: string[]): Promise<string[]> {
  api.definitions(names.map((name) => definition({ name })))
  const manager = testManager()
  return (await manager.getTools()).map((t) => t.name)
}

test('valid names are kept as the server sent them', async () => {
  expect(await namesFor('list_all_octapipe_pipeline_cards', 'get-one')).toEqual([
    'list_all_octapipe_pipeline_cards',
    'get-one',
  ])
})

test('dots, spaces and a leading digit are replaced', async () => {
  const [dotted, spaced, digit] = await namesFor('crm.contacts.list', 'list all deals', '3cx_calls')
  expect(dotted).toBe('crm_contacts_list')
  expect(spaced).toBe('list_all_deals')
  expect(digit).toBe('tool_3cx_calls')
})

test('long names are shortened with a stable hash and stay distinct', async () => {
  const prefix = 'list_all_octapipe_database_records_with_custom_fields_and_relations'
  const first = await namesFor(`${prefix}_by_owner`, `${prefix}_by_stage`)
  const again = await namesFor(`${prefix}_by_owner`, `${prefix}_by_stage`)
  expect(first).toEqual(again)
  expect(new Set(first).size).toBe(2)
  for (const name of first) expect(name).toMatch(VALID)
})

test('names that clean to the same text do not collide', async () => {
  const names = await namesFor('crm.contacts', 'crm_contacts', 'crm contacts')
  expect(names[1]).toBe('crm_contacts')
  expect(new Set(names).size).toBe(3)
  for (const name of names) expect(name).toMatch(VALID)
})

test('a renamed tool keeps its server name in metadata', async () => {
  api.definitions([definition({ name: 'crm.contacts.list' })])
  const manager = testManager()
  const [tool] = await manager.getTools()
  expect(tool?.metadata?.originalName).toBe('crm.contacts.list')
})

test('a second definition with the same name is skipped with one warning', async () => {
  api.definitions([
    definition({ name: 'list_all_things', resource: 'things' }),
    definition({ name: 'list_all_things', resource: 'other-things' }),
  ])
  const warnings: string[] = []
  const manager = testManager({ onWarning: (m) => warnings.push(m) })
  const tools = await manager.getTools()
  await manager.getTools()
  expect(tools.map((t) => t.metadata.resource)).toEqual(['things'])
  expect(warnings).toEqual([
    expect.stringMatching(/Skipped Truto tool list_all_things \(list other-things\)/),
  ])
})
