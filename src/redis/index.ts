/**
 * A {@link truto-langchainjs-toolset!RateLimitStore | RateLimitStore} in Redis, so every process
 * calling the same Truto accounts shares one rate-limit window per account and Truto's own
 * tiers: {@link createRedisRateLimitStore}. Node only; needs the optional peer dependency `redis`
 * when it opens a connection from a URL.
 *
 * @packageDocumentation
 * @module truto-langchainjs-toolset/redis
 */
export {
  createRedisRateLimitStore,
  type RedisRateLimitStore,
  type RedisRateLimitStoreOptions,
  type RedisScriptArguments,
  type RedisScriptClient,
} from './redis-rate-limit-store.js'
