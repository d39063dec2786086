/**
 * Lua scripts of the Redis broker, after Centrifugo's Redis engine: one script per publish
 * assigns the next `seq`, appends to the bounded history, updates the snapshot and publishes, so
 * no reader ever sees one without the others.
 */

/**
 * Publish. KEYS: meta hash, history stream, snapshot, lease. ARGV: channel, data JSON, snapshot
 * kind (`latest` | `recent` | `candles`), snapshot limit, history max length, epoch candidate,
 * fencing token (`''`: none), candle time, candle closed (`1`/`0`), pub/sub channel, publish time (ms).
 * Sends `epoch seq time frame` on pub/sub. Returns `{epoch, seq}`; fails with `FENCED` when the token no longer holds the lease.
 */
export const PUBLISH_SCRIPT = `
if ARGV[7] ~= '' then
  local holder = redis.call('GET', KEYS[4])
  if holder ~= ARGV[7] then
    return redis.error_reply('FENCED publisher ' .. ARGV[7] .. ' does not hold the lease (' .. tostring(holder) .. ')')
  end
end
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  epoch = ARGV[6]
  redis.call('HSET', KEYS[1], 'epoch', epoch)
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local frame = '{"type":"update","channel":' .. cjson.encode(ARGV[1]) .. ',"seq":' .. seq .. ',"data":' .. ARGV[2] .. '}'
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], seq .. '-0', 'f', frame)
local kind = ARGV[3]
local limit = tonumber(ARGV[4])
if kind == 'latest' then
  redis.call('SET', KEYS[3], ARGV[2])
elseif kind == 'recent' then
  redis.call('RPUSH', KEYS[3], ARGV[2])
  redis.call('LTRIM', KEYS[3], -limit, -1)
elseif kind == 'candles' then
  local t = tonumber(ARGV[8])
  local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
  local lastT = last[2] and tonumber(last[2])
  if lastT == nil or t >= lastT then
    redis.call('ZREMRANGEBYSCORE', KEYS[3], t, t)
    redis.call('ZADD', KEYS[3], t, ARGV[2])
    redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(limit + 1))
  elseif ARGV[9] == '1' and redis.call('ZCOUNT', KEYS[3], t, t) > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[3], t, t)
    redis.call('ZADD', KEYS[3], t, ARGV[2])
  end
end
redis.call('PUBLISH', ARGV[10], epoch .. ' ' .. seq .. ' ' .. ARGV[11] .. ' ' .. frame)
return {epoch, seq}
`;

/**
 * Seed: merges older items (history a loader found) under what updates already brought, marks
 * the channel seeded and tells its gateways (`!seeded` on its pub/sub channel). KEYS: meta hash,
 * snapshot, lease. ARGV: kind, limit, pub/sub channel, fencing token, then pairs of (candle time or
 * 0, item JSON), oldest first. Fails with `FENCED` like a publish.
 */
export const SEED_SCRIPT = `
if ARGV[4] ~= '' then
  local holder = redis.call('GET', KEYS[3])
  if holder ~= ARGV[4] then
    return redis.error_reply('FENCED seeder ' .. ARGV[4] .. ' does not hold the lease (' .. tostring(holder) .. ')')
  end
end
local kind = ARGV[1]
local limit = tonumber(ARGV[2])
local n = (#ARGV - 4) / 2
if kind == 'latest' then
  if n > 0 then redis.call('SET', KEYS[2], ARGV[4 + 2 * n], 'NX') end
elseif kind == 'recent' then
  for i = n, 1, -1 do redis.call('LPUSH', KEYS[2], ARGV[4 + 2 * i]) end
  redis.call('LTRIM', KEYS[2], -limit, -1)
elseif kind == 'candles' then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  local firstT = first[2] and tonumber(first[2])
  for i = 1, n do
    local t = tonumber(ARGV[3 + 2 * i])
    if firstT == nil or t < firstT then redis.call('ZADD', KEYS[2], t, ARGV[4 + 2 * i]) end
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(limit + 1))
end
redis.call('HSET', KEYS[1], 'seeded', '1')
redis.call('PUBLISH', ARGV[3], '!seeded')
return 1
`;

/**
 * Load: one consistent read of a channel for a gateway's replica. KEYS: meta hash, history
 * stream, snapshot. ARGV: kind, epoch candidate, history entries to read.
 * Returns `{epoch, seq, seeded, snapshot items, history frames newest first}`.
 */
export const LOAD_SCRIPT = `
redis.call('HSETNX', KEYS[1], 'epoch', ARGV[2])
local meta = redis.call('HMGET', KEYS[1], 'epoch', 'seq', 'seeded')
local kind = ARGV[1]
local items
if kind == 'latest' then
  local v = redis.call('GET', KEYS[3])
  if v then items = {v} else items = {} end
elseif kind == 'recent' then
  items = redis.call('LRANGE', KEYS[3], 0, -1)
else
  items = redis.call('ZRANGE', KEYS[3], 0, -1)
end
local history = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', tonumber(ARGV[3]))
local frames = {}
for i, entry in ipairs(history) do frames[i] = entry[2][2] end
return {meta[1], meta[2] or '0', meta[3] or '0', items, frames}
`;

/** Forget: drops a channel's snapshot and history (its seq and epoch go on). KEYS: meta, history, snapshot. */
export const FORGET_SCRIPT = `
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('HDEL', KEYS[1], 'seeded')
return 1
`;

/** Last item of a channel's snapshot. KEYS: snapshot. ARGV: kind. */
export const LAST_SCRIPT = `
local kind = ARGV[1]
if kind == 'latest' then return redis.call('GET', KEYS[1]) end
if kind == 'recent' then return redis.call('LRANGE', KEYS[1], -1, -1)[1] end
return redis.call('ZRANGE', KEYS[1], -1, -1)[1]
`;

/** Every item of a channel's snapshot, oldest first. KEYS: snapshot. ARGV: kind. */
export const SNAPSHOT_SCRIPT = `
local kind = ARGV[1]
if kind == 'latest' then
  local v = redis.call('GET', KEYS[1])
  if v then return {v} end
  return {}
end
if kind == 'recent' then return redis.call('LRANGE', KEYS[1], 0, -1) end
return redis.call('ZRANGE', KEYS[1], 0, -1)
`;
