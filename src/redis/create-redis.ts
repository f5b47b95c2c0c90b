import type { Redis, RedisOptions } from 'ioredis';
import { LagAwareRedis } from './lag-aware-redis.js';

interface RedisLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/**
 * Client options for a Redis that must never hold a request up. No offline queue and no retried or
 * re-sent commands: a command that cannot run now fails now, and its caller uses a local fallback, instead
 * of the command waiting and bursting out after a reconnect. A hung server (connection open, no answers)
 * is cut by socketTimeout and reconnected; a command is failed after commandTimeout only if its reply has
 * not arrived (lag-aware-redis.ts), not because this process was too busy to read it; reconnects back off exponentially with jitter, forever.
 */
export const REDIS_CLIENT_DEFAULTS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  commandTimeout: 250,
  socketTimeout: 2000,
  connectTimeout: 2000,
  retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000) + Math.floor(Math.random() * 100),
} satisfies RedisOptions;

/**
 * A client for `redis://` or `rediss://` (TLS) URLs. The URL may carry a password, so it is never logged;
 * errors are logged once per outage (ioredis emits one per reconnect attempt).
 */
export function createRedis(url: string, logger?: RedisLogger, options: RedisOptions = {}): Redis {
  const redis: Redis = new LagAwareRedis(url, { ...REDIS_CLIENT_DEFAULTS, ...options });
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger?.warn({ err: err.message }, 'redis: connection error');
    else logger?.debug({ err: err.message }, 'redis: still failing');
    down = true;
  });
  redis.on('close', () => {
    if (!down) logger?.warn({}, 'redis: connection closed, reconnecting');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger?.info({}, 'redis: connected again');
    down = false;
  });
  return redis;
}
