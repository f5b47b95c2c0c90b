/**
 * Lua scripts of the Redis store. Each runs atomically, so checking both windows and reserving is one
 * step no other replica can interleave with. Time is Redis's own (TIME): replicas' clocks may disagree,
 * and a window must begin and end at the same instant for all of them.
 *
 * Keys of one caller share KEYS[1] = `<prefix>{<callerKey>}` as their stem, so in a Cluster they hash to
 * one slot (the `{...}` tag); the window keys are built from it inside the script because their names
 * depend on Redis's clock:
 *   stem:m:<minute index>  committed + reserved images of that UTC minute (expires at its end)
 *   stem:d:<day index>     the same for the UTC day (expires at its end)
 *   stem:ph                hash: ticket id -> "left:minute:day", images still returnable and their windows
 *   stem:pz                sorted set: ticket id by expiry (ms), to give back abandoned reservations
 */

/** Shared prologue: Redis's time, and every expired reservation of this caller given back. */
const PROLOGUE = `
local stem = KEYS[1]
local ph, pz = stem .. ':ph', stem .. ':pz'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local mi, di = math.floor(now / 60000), math.floor(now / 86400000)
local mk, dk = stem .. ':m:' .. mi, stem .. ':d:' .. di
local function giveBack(m, d, n)
  if n <= 0 then return end
  for _, k in ipairs({ stem .. ':m:' .. m, stem .. ':d:' .. d }) do
    if redis.call('EXISTS', k) == 1 then redis.call('DECRBY', k, n) end
  end
end
local function parse(rec)
  local left, m, d = string.match(rec, '^(%d+):(%d+):(%d+)$')
  return tonumber(left), m, d
end
local expired = 0
local dead = redis.call('ZRANGEBYSCORE', pz, '-inf', now)
for _, id in ipairs(dead) do
  local rec = redis.call('HGET', ph, id)
  if rec then
    local left, m, d = parse(rec)
    giveBack(m, d, left)
    expired = expired + left
    redis.call('HDEL', ph, id)
  end
end
if #dead > 0 then redis.call('ZREMRANGEBYSCORE', pz, '-inf', now) end
`;

/**
 * ARGV: n, minute limit, day limit (-1: unlimited), ticket id, reservation TTL ms.
 * Returns { granted 0|1, now, minute count before, day count before, images expired by the sweep }.
 */
export const RESERVE = `${PROLOGUE}
local n, ml, dl, id, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
local mc = tonumber(redis.call('GET', mk) or '0')
local dc = tonumber(redis.call('GET', dk) or '0')
if (ml >= 0 and mc + n > ml) or (dl >= 0 and dc + n > dl) then
  return { 0, now, mc, dc, expired }
end
redis.call('INCRBY', mk, n)
redis.call('PEXPIREAT', mk, (mi + 1) * 60000 + 1000)
redis.call('INCRBY', dk, n)
redis.call('PEXPIREAT', dk, (di + 1) * 86400000 + 1000)
redis.call('HSET', ph, id, n .. ':' .. mi .. ':' .. di)
redis.call('ZADD', pz, now + ttl, id)
-- The newest reservation expires last, so the records outlive every reservation they hold.
redis.call('PEXPIRE', ph, ttl + 1000)
redis.call('PEXPIRE', pz, ttl + 1000)
return { 1, now, mc, dc, expired }
`;

/**
 * ARGV: ticket id, mode ('c' commit k images, 'r' release the rest), k, minute index, day index (the
 * ticket's windows, for a commit that arrives after its reservation expired).
 * Returns { outcome, images }: outcome 1 applied, 2 late commit counted, 0 nothing held.
 */
export const SETTLE = `${PROLOGUE}
local id, mode, k = ARGV[1], ARGV[2], tonumber(ARGV[3])
local rec = redis.call('HGET', ph, id)
if not rec then
  if mode ~= 'c' then return { 0, 0, expired } end
  -- The images went upstream after all: count them while their windows still run.
  for _, key in ipairs({ stem .. ':m:' .. ARGV[4], stem .. ':d:' .. ARGV[5] }) do
    if redis.call('EXISTS', key) == 1 then redis.call('INCRBY', key, k) end
  end
  return { 2, k, expired }
end
local left, m, d = parse(rec)
if mode == 'c' then
  local used = math.min(k, left)
  left = left - used
  if left > 0 then redis.call('HSET', ph, id, left .. ':' .. m .. ':' .. d) end
else
  giveBack(m, d, left)
end
if mode ~= 'c' or left == 0 then
  redis.call('HDEL', ph, id)
  redis.call('ZREM', pz, id)
end
return { 1, mode == 'c' and k or left, expired }
`;

/** Returns { now, minute count, day count, minute reserved, day reserved, images expired by the sweep }. */
export const USAGE = `${PROLOGUE}
local mc = tonumber(redis.call('GET', mk) or '0')
local dc = tonumber(redis.call('GET', dk) or '0')
local mr, dr = 0, 0
for _, rec in ipairs(redis.call('HVALS', ph)) do
  local left, m, d = parse(rec)
  if tonumber(m) == mi then mr = mr + left end
  if tonumber(d) == di then dr = dr + left end
end
return { now, mc, dc, mr, dr, expired }
`;
