import { isTrutoConfigError } from 'truto-langchainjs-toolset'
import { createRedisRateLimitStore } from 'truto-langchainjs-toolset/redis'
import { expect, test } from 'vitest'

test.each([
  [{}, 'url'],
  [{ url: '' }, 'url'],
  [{ url: 'redis://127.0.0.1:1', client: { evalSha() {}, eval() {} } }, 'url'],
  [{ client: {} }, 'client'],
  [{ url: 'redis://127.0.0.1:1', timeoutMs: -1 }, 'timeoutMs'],
])('bad options %j throw TrutoConfigError naming `%s`', (options, option) => {
  const error = (() => {
    try {
      createRedisRateLimitStore(options as never)
    } catch (e) {
      return e
    }
  })()

  expect(isTrutoConfigError(error) && error.option).toBe(option)
  expect(String(error)).toContain(`\`${option}\``)
})
