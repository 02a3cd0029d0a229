import { expect, test } from 'vitest'
import { LISTING_BUDGET, ListingBudget } from '../../src/definitions/listing-budget.js'

// the listing skips its walk for descriptions in schemas too small to hold a long one: the edge
test.each([
  [LISTING_BUDGET.propertyDescription, false],
  [LISTING_BUDGET.propertyDescription + 1, true],
])(
  'a schema that is little more than one description of %i characters is cut: %s',
  (length, cut) => {
    const schema = { type: 'object', properties: { q: { description: 'd'.repeat(length) } } }
    const budget = new ListingBudget()

    expect(budget.admit('search', 'Search.', [schema, null]).kept).toBe(true)

    const text = schema.properties.q.description
    expect(text.length).toBe(Math.min(length, LISTING_BUDGET.propertyDescription))
    expect(text.endsWith('…')).toBe(cut)
    expect(budget.warning('the tools') !== undefined).toBe(cut)
  },
)
