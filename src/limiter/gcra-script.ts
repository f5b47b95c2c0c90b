import type { Redis } from 'ioredis';

/*
 * The shared limiter's state is one Redis hash per credential: `tat` (theoretical arrival time: when the
 * next free slot starts), `pu` (paused until) and `ep` (epoch: changes when a pause invalidates the
 * reservations already handed out, or when the hash is created, so a restarted, emptied Redis is noticed).
 * Times are microseconds of Redis TIME, never a replica's clock. Numbers written back go through
 * string.format('%d'): Lua 5.1's tostring gives 14 significant digits and would round 16-digit timestamps.
 */

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
`;

/**
 * Reserve n slots. ARGV: interval (us), n, horizon (us, 0 = none), grace (ms, how long the hash outlives its
 * last slot). Reply: {1, wait_us, ep} granted (the first slot starts wait_us from now), or {0, over_us, ep}
 * refused because the slot would start more than the horizon ahead (over_us beyond it). n = 0 only reads.
 */
export const RESERVE_LUA = `${NOW}
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
redis.call('PEXPIRE', KEYS[1], string.format('%d', math.ceil((math.max(tat, pu) - now) / 1000) + tonumber(ARGV[4])))
return {1, wait, ep}
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

export interface Reservation {
  granted: boolean;
  /** Granted: ms until the (first) slot starts, rounded up. Refused: ms beyond the horizon. */
  ms: number;
  epoch: string;
}

export interface LimiterScripts {
  reserve(key: string, intervalUs: number, n: number, horizonUs: number, graceMs: number): Promise<Reservation>;
  pause(key: string, ms: number, graceMs: number): Promise<void>;
  heartbeat(key: string, replicaId: string, ttlMs: number): Promise<number>;
}

type ScriptFn = (key: string, ...args: Array<string | number>) => Promise<unknown>;

/**
 * ioredis's defineCommand sends EVALSHA and falls back to EVAL on NOSCRIPT, so a restarted Redis (empty
 * script cache) needs nothing from us. Defining is per client and idempotent here.
 */
function command(redis: Redis, name: string, lua: string): ScriptFn {
  const table = redis as unknown as Record<string, ScriptFn | undefined>;
  if (typeof table[name] !== 'function') redis.defineCommand(name, { numberOfKeys: 1, lua });
  return (key, ...args) => (table[name] as ScriptFn).call(redis, key, ...args);
}

export function limiterScripts(redis: Redis): LimiterScripts {
  const reserve = command(redis, 'predictLimiterReserve', RESERVE_LUA);
  const pause = command(redis, 'predictLimiterPause', PAUSE_LUA);
  const heartbeat = command(redis, 'predictReplicaHeartbeat', HEARTBEAT_LUA);
  return {
    async reserve(key, intervalUs, n, horizonUs, graceMs) {
      const [ok, us, epoch] = (await reserve(key, Math.ceil(intervalUs), n, Math.floor(horizonUs), graceMs)) as [number, number, string];
      return { granted: ok === 1, ms: Math.ceil(Number(us) / 1000), epoch: String(epoch) };
    },
    async pause(key, ms, graceMs) {
      await pause(key, Math.ceil(ms), graceMs);
    },
    async heartbeat(key, replicaId, ttlMs) {
      return Number(await heartbeat(key, replicaId, ttlMs));
    },
  };
}
