import { createHash } from 'node:crypto'

/**
 * One account's window in Redis, reserved and learned in one atomic step on the server's clock.
 * The rules are those of the in-memory store (`src/transport/memory-rate-limit-store.ts`).
 *
 * KEYS[1]  the window, a hash: limit, remaining, reset (server ms), open ('1' or '0')
 * KEYS[2]  the slots held, a sorted set: slot id scored by the end of its lease (server ms)
 * ARGV[1]  'reserve' or 'settle';  ARGV[2]  how long idle keys live, in ms
 * reserve: ARGV[3]  lease in ms;  ARGV[4..]  slot ids
 * settle:  ARGV[3]  slot id;  ARGV[4]  HTTP status ('' when the request got no answer);
 *          ARGV[5] limit, ARGV[6] remaining, ARGV[7] reset in ms ('' when not sent)
 * Returns  { granted, limit, remaining, reset in ms, slots in flight, open }, -1 for unknown.
 */
export const RATE_LIMIT_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'reset', 'open')
local limit, remaining, reset = tonumber(state[1]), tonumber(state[2]), tonumber(state[3])
local open = state[4] == '1'
if reset and now >= reset then
  redis.call('DEL', KEYS[2])
  reset = nil
  remaining = limit
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local ttl = tonumber(ARGV[2])
local granted = 0
if ARGV[1] == 'reserve' then
  local lease = tonumber(ARGV[3])
  local wanted = #ARGV - 3
  local held = redis.call('ZCARD', KEYS[2])
  local capacity
  if remaining then capacity = remaining - held
  elseif open then capacity = wanted
  else capacity = 1 - held end
  granted = math.max(0, math.min(wanted, capacity))
  for i = 1, granted do redis.call('ZADD', KEYS[2], now + lease, ARGV[3 + i]) end
  ttl = math.max(ttl, lease)
elseif redis.call('ZREM', KEYS[2], ARGV[3]) == 1 and ARGV[4] ~= '' then
  local status = tonumber(ARGV[4])
  local heardLimit, heardRemaining, heardReset = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
  if heardLimit then limit = heardLimit end
  if status == 429 then
    open = false
    remaining = 0
    reset = now + (heardReset or 1000)
  else
    if heardRemaining then remaining = math.min(remaining or heardRemaining, heardRemaining)
    elseif remaining then remaining = math.max(0, remaining - 1) end
    if heardReset then reset = math.min(reset or (now + heardReset), now + heardReset) end
    if remaining == 0 and not reset then reset = now + 1000 end
    open = not (heardLimit or heardRemaining or heardReset) and remaining == nil
  end
end
local fields, gone = { 'open', open and '1' or '0' }, {}
local function keep(name, value)
  if value then
    fields[#fields + 1] = name
    fields[#fields + 1] = string.format('%d', value)
  else
    gone[#gone + 1] = name
  end
end
keep('limit', limit)
keep('remaining', remaining)
keep('reset', reset)
redis.call('HSET', KEYS[1], unpack(fields))
if #gone > 0 then redis.call('HDEL', KEYS[1], unpack(gone)) end
if reset then ttl = math.max(ttl, reset - now + 1000) end
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
local inFlight = redis.call('ZCARD', KEYS[2])
return { granted, limit or -1, remaining or -1, reset and (reset - now) or -1, inFlight, open and 1 or 0 }
`

/** What EVALSHA names the script by. */
export const RATE_LIMIT_SCRIPT_SHA = createHash('sha1').update(RATE_LIMIT_SCRIPT).digest('hex')
