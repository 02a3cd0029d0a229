import fc from 'fast-check'
import { expect, test } from 'vitest'
import { tokenKey } from '../../src/transport/truto-tiers.js'

// what a runtime with Web Crypto alone names the tier: processes on either path share one name
async function webCryptoKey(apiKey: string): Promise<string> {
  const bytes = new TextEncoder().encode(`truto-langchainjs-toolset:${apiKey}`)
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return `token:${Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}`
}

test('the token’s tier name is the same hash however it is computed, and never the token', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80, unit: 'binary' }), async (apiKey) => {
      const key = await tokenKey(apiKey)
      expect(key).toBe(await webCryptoKey(apiKey))
      expect(key).toMatch(/^token:[0-9a-f]{32}$/)
    }),
    { numRuns: 100 },
  )
})
