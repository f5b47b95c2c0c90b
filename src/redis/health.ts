import type { Redis } from 'ioredis';

/**
 * What the users of one client (every credential's limiter, the replica registry) learnt about it: a timeout
 * seen by one tells the others at once, so a limiter whose callers wait for slots far ahead does not keep
 * them waiting on a Redis that stopped answering until it sends a command of its own.
 */
const seen = new WeakMap<Redis, { failedAt: number; okAt: number }>();

function entry(redis: Redis) {
  let e = seen.get(redis);
  if (!e) seen.set(redis, (e = { failedAt: 0, okAt: 0 }));
  return e;
}

export function noteRedisFailure(redis: Redis): void {
  entry(redis).failedAt = performance.now();
}

export function noteRedisSuccess(redis: Redis): void {
  entry(redis).okAt = performance.now();
}

/** Why this client should not be used now (not connected, or its last command failed), else undefined. */
export function redisTrouble(redis: Redis): string | undefined {
  if (redis.status !== 'ready') return `redis client ${redis.status}`;
  const e = seen.get(redis);
  return e && e.failedAt > e.okAt ? 'redis commands failing' : undefined;
}
