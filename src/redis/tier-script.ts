import { createHash } from 'node:crypto'

/**
 * Truto's tiers in Redis, taken in one atomic step on the server's clock. The rules are those of
 * the in-memory tiers (`src/transport/memory-tiers.ts`): a sliding log of sends per tier.
 *
 * KEYS[2i-1]  tier i's log, a sorted set of sends scored by their time (server ms)
 * KEYS[2i]    tier i's closure, a key that lives while a Truto 429 holds the tier
 * ARGV[1]     'take' or 'close'
 * take:  ARGV[2] requests wanted, ARGV[3] a prefix unique to this call for the log's members,
 *        then per tier i: ARGV[2+2i] its limit, ARGV[3+2i] its window in ms
 * close: ARGV[2] how long, in ms (KEYS: the one tier's two keys)
 * Returns { granted, ms until every tier allows one more (-1 when all were granted), tightest and
 *           the tier waited on longest (1-based; 0 for none) }
 */
export const TIER_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if ARGV[1] == 'close' then
  local forMs = tonumber(ARGV[2])
  if redis.call('PTTL', KEYS[2]) < forMs then redis.call('SET', KEYS[2], '1', 'PX', forMs) end
  return { 0, -1, 0 }
end
local count = tonumber(ARGV[2])
local tiers = #KEYS / 2
local granted = count
local used, shut = {}, {}
for i = 1, tiers do
  local limit, window = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[2 * i - 1], '-inf', now - window)
  -- a send is never a window ahead of now (a failed-over server's clock may lag a little): a
  -- member scored further ahead is a poisoned key, not a wait
  redis.call('ZREMRANGEBYSCORE', KEYS[2 * i - 1], '(' .. (now + window), '+inf')
  used[i] = redis.call('ZCARD', KEYS[2 * i - 1])
  shut[i] = redis.call('PTTL', KEYS[2 * i])
  -- a closure outlasting twice the window came from no Truto 429 of ours: shorten it for everyone
  if shut[i] > 2 * window then
    redis.call('PEXPIRE', KEYS[2 * i], 2 * window)
    shut[i] = 2 * window
  end
  local room = limit - used[i]
  if shut[i] > 0 then room = 0 end
  if room < granted then granted = math.max(0, room) end
end
local waitMs, tightest, least, waitingOn = -1, 0, nil, 0
for i = 1, tiers do
  local log = KEYS[2 * i - 1]
  local limit, window = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  for n = 1, granted do redis.call('ZADD', log, now, ARGV[3] .. ':' .. n) end
  local after = used[i] + granted
  local left = (limit - after) / limit
  if least == nil or left < least then least, tightest = left, i end
  if granted < count then
    local wait = 0
    if shut[i] > 0 then wait = math.min(shut[i], 2 * window)
    elseif after >= limit then
      local oldest = redis.call('ZRANGE', log, after - limit, after - limit, 'WITHSCORES')
      wait = math.min(window, math.max(0, tonumber(oldest[2]) + window - now))
    end
    if wait > waitMs then waitMs, waitingOn = wait, i end
  end
  redis.call('PEXPIRE', log, window + 1000)
end
return { granted, waitMs, tightest, waitingOn }
`

/** What EVALSHA names the script by. */
export const TIER_SCRIPT_SHA = createHash('sha1').update(TIER_SCRIPT).digest('hex')
