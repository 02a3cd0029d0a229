export {
  createRedisRateLimitStore,
  type RedisRateLimitStore,
  type RedisRateLimitStoreOptions,
  type RedisScriptArguments,
  type RedisScriptClient,
} from './redis-rate-limit-store.js'
