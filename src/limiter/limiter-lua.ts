/*
 * The shared limiter's state is one Redis hash per credential: `tat` (theoretical arrival time: when the
 * next free slot starts), `pu` (paused until), `ep` (epoch: changes when a pause invalidates the
 * reservations already handed out, or when the hash is created, so a restarted, emptied Redis is noticed),
 * `sq` (a counter naming starts) and `hs` (when the next start held back by the log may try). Beside it
 * (KEYS[2], same hash tag) a sorted set logs the calls that actually started, at Redis TIME, moved to when
 * each call's request left (SENT_LUA): a replica that reaches its slot late, or sends late, is counted at
 * its true time, and the log holds a start back while `rate` others fall within the window, so lateness
 * cannot crowd a second. Times are microseconds of Redis TIME, never a replica's clock. Numbers written
 * back go through string.format('%d'): Lua 5.1's tostring gives 14 significant digits and would round
 * 16-digit timestamps.
 */

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
`;

/**
 * Log a start at now unless \`rate\` starts already fall within the last \`window\` us: then the start is held
 * until the oldest of them leaves the window, or the pause ends, or one interval after the last start held
 * (\`hs\`), whichever is latest. A start is held because one before it left late (a busy replica); the
 * spacing's slack beyond the window absorbs that lateness over the next slots, and the queue of reservations
 * (\`tat\`) does not move. Booking held starts again at the queue's tail cost one slot per hold (three
 * replicas on 2 cores: ~1.4 holds/s, a tenth of the account's rate); holding them all until the log frees
 * let them leave together, and after a stall they then left in bursts every second. \`hs\` spaces them.
 * Reply: the start's member in the log (a string) when logged, else the us until it may try again.
 */
const START = `
local function start(interval, rate, window, grace)
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%d', now - window))
  if redis.call('ZCARD', KEYS[2]) >= rate then
    local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    local s = redis.call('HMGET', KEYS[1], 'pu', 'hs')
    local slot = math.max(tonumber(oldest[2]) + window, tonumber(s[1]) or 0, tonumber(s[2]) or 0, now + 1)
    redis.call('HSET', KEYS[1], 'hs', string.format('%d', slot + interval))
    return slot - now
  end
  local at = string.format('%d', now)
  local member = at .. ':' .. redis.call('HINCRBY', KEYS[1], 'sq', 1)
  redis.call('ZADD', KEYS[2], at, member)
  redis.call('PEXPIRE', KEYS[2], string.format('%d', math.ceil(window / 1000) + grace))
  return member
end
`;

/**
 * Reserve n slots. ARGV: interval (us), n, horizon (us, 0 = none), grace (ms, how long the hash outlives its
 * last slot), rate and window (us) of the start log, 0 = book only. Reply: {1, wait_us, ep, started}
 * granted: the first slot starts wait_us from now; a single slot due at once is also started, and `started`
 * is then start()'s reply (its member in the log, or the us the log holds it back), else -1. Or
 * {0, over_us, ep}: refused, the slot would start more than the horizon ahead (over_us beyond it).
 * n = 0 only reads.
 */
export const RESERVE_LUA = `${NOW}${START}
local v = redis.call('HMGET', KEYS[1], 'tat', 'pu', 'ep')
local tat = tonumber(v[1]) or 0
local pu = tonumber(v[2]) or 0
local ep = v[3]
if not ep then
  ep = string.format('%d', now)
  redis.call('HSET', KEYS[1], 'ep', ep)
end
local interval, n, horizon = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local slot = math.max(now, tat, pu)
local wait = slot - now
if horizon > 0 and wait > horizon then return {0, wait - horizon, ep} end
if n > 0 then
  tat = slot + n * interval
  redis.call('HSET', KEYS[1], 'tat', string.format('%d', tat))
end
local grace = tonumber(ARGV[4])
redis.call('PEXPIRE', KEYS[1], string.format('%d', math.ceil((math.max(tat, pu) - now) / 1000) + grace))
local rate, window = tonumber(ARGV[5]), tonumber(ARGV[6])
if wait > 0 or n ~= 1 or rate == 0 then return {1, wait, ep, -1} end
return {1, 0, ep, start(interval, rate, window, grace)}
`;

/**
 * Start a reserved slot that has come. ARGV: the reservation's epoch, interval (us), rate, window (us), grace
 * (ms). Reply: a string, started (logged at now under that member); > 0, held back by the log: try again
 * that many us ahead; -1, the epoch changed (a pause, or an emptied Redis: reserve again).
 */
export const START_LUA = `${NOW}${START}
if redis.call('HGET', KEYS[1], 'ep') ~= ARGV[1] then return -1 end
return start(tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
`;

/**
 * Sent: the call that started under member ARGV[1] has just been handed to the transport, so its entry in
 * the log moves to now. The window counts calls from when they left, not from when they were allowed to:
 * a replica whose event loop stalled between the two would otherwise leave its call counted from before it
 * went, and the starts a second after the gate let through could reach Clarifai within one second of it.
 * Re-added if the log had already dropped it (a stall beyond the window). ARGV: member, the log's TTL (ms).
 */
export const SENT_LUA = `${NOW}
redis.call('ZADD', KEYS[1], string.format('%d', now), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0
`;

/**
 * Pause: ARGV ms, grace ms. Only ever extends. A new epoch tells every waiting reservation (on any replica)
 * to reserve again, and tat restarts at the pause's end, so the queue is rebuilt spaced after the pause
 * instead of the old slots all starting at its end at once.
 */
export const PAUSE_LUA = `${NOW}
local untilUs = now + tonumber(ARGV[1]) * 1000
local pu = tonumber(redis.call('HGET', KEYS[1], 'pu')) or 0
if untilUs <= pu then return 0 end
local u = string.format('%d', untilUs)
redis.call('HSET', KEYS[1], 'pu', u, 'tat', u, 'ep', string.format('%d', now))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]))
return 1
`;

/** Heartbeat: ZADD this replica at Redis TIME (ms), drop members older than ttl, reply with the live count. */
export const HEARTBEAT_LUA = `${NOW}
local ms = math.floor(now / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], ms, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%d', ms - ttl))
redis.call('PEXPIRE', KEYS[1], ttl * 2)
return redis.call('ZCARD', KEYS[1])
`;
