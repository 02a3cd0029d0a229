import { Embeddings } from '@langchain/core/embeddings'
import type { ToolMessage } from '@langchain/core/messages'
import { describe, expect, test, vi } from 'vitest'
import { definition, testManager, toolCall, useTrutoApi } from '../helpers/truto-api.js'

const api = useTrutoApi()

const contactTools = (app: string) => [
  definition({
    name: `list_all_${app}_contacts`,
    method: 'list',
    resource: 'contacts',
    description: `List all contacts in ${app}.`,
  }),
  definition({
    name: `get_single_${app}_contact_by_id`,
    method: 'get',
    resource: 'contacts',
    description: `Get one contact from ${app} by its id.`,
  }),
  definition({
    name: `create_a_${app}_contact`,
    method: 'create',
    resource: 'contacts',
    description: `Create a contact in ${app}.`,
    body_schema: { type: 'object', properties: { email: { type: 'string' } } },
  }),
  definition({
    name: `delete_a_${app}_contact_by_id`,
    method: 'delete',
    resource: 'contacts',
    description: `Delete a contact from ${app}.`,
  }),
]

const CATALOGUE = [
  ...contactTools('hubspot'),
  ...contactTools('salesforce'),
  definition({
    name: 'list_all_mailchimp_members',
    resource: 'members',
    description: 'List the subscribers of a Mailchimp audience.',
  }),
  definition({
    name: 'listRecords',
    method: 'custom',
    resource: 'airtable',
    description: 'Rows of a table.',
  }),
  definition({
    name: 'archive_a_channel',
    method: 'custom',
    resource: 'channels',
    description: 'Hide a channel from the sidebar.',
  }),
  definition({
    name: 'create_a_quickbooks_estimate',
    method: 'create',
    resource: 'estimates',
    description: 'Estimates are offers of a price to a customer.',
  }),
]

/** The names `search_tools` answers for a query, best first. */
async function ranked(query: string, limit = 5): Promise<string[]> {
  api.definitions(CATALOGUE)
  const [search] = await testManager({ onWarning: () => {} }).getSearchTools()
  const message = await search.invoke(toolCall('search_tools', { query, limit }))
  return message.artifact as string[]
}

describe('lexical ranking', () => {
  test('the action decides among one record type: list, get, create, delete', async () => {
    expect((await ranked('show me every HubSpot contact'))[0]).toBe('list_all_hubspot_contacts')
    expect((await ranked('fetch HubSpot contact 4821'))[0]).toBe('get_single_hubspot_contact_by_id')
    expect((await ranked('add a new HubSpot contact'))[0]).toBe('create_a_hubspot_contact')
    expect((await ranked('remove the HubSpot contact'))[0]).toBe('delete_a_hubspot_contact_by_id')
  })

  test('the app named in a request decides among apps with the same records', async () => {
    expect((await ranked('add a contact in Salesforce'))[0]).toBe('create_a_salesforce_contact')
  })

  test('camelCase, snake_case and word forms are matched: listRecords, archived, subscribers', async () => {
    expect((await ranked('list the records'))[0]).toBe('listRecords')
    expect((await ranked('get the channel archived'))[0]).toBe('archive_a_channel')
    expect((await ranked('who subscribed to our audience'))[0]).toBe('list_all_mailchimp_members')
  })

  test('common synonyms of records are understood: a quote is an estimate', async () => {
    expect((await ranked('send a quote to the client'))[0]).toBe('create_a_quickbooks_estimate')
  })

  test('a query that matches nothing says so and lists no tool', async () => {
    expect(await ranked('zorp the quux')).toEqual([])
  })
})

/** Deterministic embeddings: one dimension per concept; made-up words share the credit concept. */
class ConceptEmbeddings extends Embeddings {
  readonly embedded: string[][] = []
  static readonly CONCEPTS = [/estimate|zorp|quux/i, /contact/i, /channel/i, /member/i]

  constructor() {
    super({})
  }
  async embedDocuments(texts: string[]) {
    this.embedded.push(texts)
    return texts.map((text) => this.#vector(text))
  }
  async embedQuery(text: string) {
    return this.#vector(text)
  }
  #vector(text: string) {
    return [...ConceptEmbeddings.CONCEPTS.map((concept) => (concept.test(text) ? 1 : 0)), 0.01]
  }
}

describe('semantic ranking with embeddings', () => {
  test('finds a tool the request shares no word with, fused with the lexical ranking', async () => {
    api.definitions(CATALOGUE)
    const embeddings = new ConceptEmbeddings()
    const [search] = await testManager().getSearchTools(undefined, { embeddings })

    const found = await search.invoke(toolCall('search_tools', { query: 'zorp the quux' }))
    const words = await search.invoke(
      toolCall('search_tools', { query: 'add a new HubSpot contact' }),
    )

    expect((found.artifact as string[])[0]).toBe('create_a_quickbooks_estimate')
    expect((words.artifact as string[])[0]).toBe('create_a_hubspot_contact')
  })

  test('embeds each tool once, in batches of at most 100, shared by later pairs', async () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      definition({ name: `list_all_widgets_${i}`, description: `Widgets of shelf ${i}.` }),
    )
    api.definitions(many)
    const embeddings = new ConceptEmbeddings()
    const manager = testManager({ onWarning: () => {} })

    const [first] = await manager.getSearchTools(undefined, { embeddings })
    await first.invoke(toolCall('search_tools', { query: 'widgets' }))
    await first.invoke(toolCall('search_tools', { query: 'shelf 7' }))
    const [second] = await manager.getSearchTools(undefined, { embeddings })
    await second.invoke(toolCall('search_tools', { query: 'widgets' }))

    expect(embeddings.embedded.map((batch) => batch.length)).toEqual([100, 100, 50])
  })

  test('a failing embeddings model leaves searches ranked by words, with one warning', async () => {
    api.definitions(CATALOGUE)
    const embeddings = new ConceptEmbeddings()
    vi.spyOn(embeddings, 'embedDocuments').mockRejectedValue(new Error('quota exceeded'))
    const warnings: string[] = []
    const manager = testManager({ onWarning: (message) => warnings.push(message) })
    const [search] = await manager.getSearchTools(undefined, { embeddings })

    const answers: ToolMessage[] = []
    for (const query of ['add a new HubSpot contact', 'add a new HubSpot contact']) {
      answers.push(await search.invoke(toolCall('search_tools', { query })))
    }

    expect(answers.map((a) => (a.artifact as string[])[0])).toEqual([
      'create_a_hubspot_contact',
      'create_a_hubspot_contact',
    ])
    expect(warnings).toEqual([expect.stringMatching(/by words only.*quota exceeded/)])
  })

  test('an embeddings model slower than totalTimeoutMs leaves that search ranked by words', async () => {
    api.definitions(CATALOGUE)
    const embeddings = new ConceptEmbeddings()
    vi.spyOn(embeddings, 'embedDocuments').mockReturnValue(new Promise(() => {}))
    const warnings: string[] = []
    const manager = testManager({ totalTimeoutMs: 50, onWarning: (m) => warnings.push(m) })
    const [search] = await manager.getSearchTools(undefined, { embeddings })

    const answer = await search.invoke(
      toolCall('search_tools', { query: 'add a new HubSpot contact' }),
    )

    expect((answer.artifact as string[])[0]).toBe('create_a_hubspot_contact')
    expect(warnings).toEqual([expect.stringMatching(/no answer within 50 ms/)])
  })
})
