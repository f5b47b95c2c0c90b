import { randomUUID } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import { createRedis } from '../../src/redis/create-redis.js';
import { RedisLimiter, type RedisLimiterOptions } from '../../src/limiter/redis-limiter.js';
import { localGcraFallback } from '../../src/limiter/fallback-gcra.js';

export const RATE = 15;
export const MARGIN_MS = 35;

/** A client with the service's options; reconnect attempts kept short so outage tests stay a few seconds. */
export async function client(url: string, options: RedisOptions = {}): Promise<Redis> {
  const redis = createRedis(url, undefined, { retryStrategy: () => 100, ...options });
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
}

export function limiter(redis: Redis, key: string, extra: Partial<RedisLimiterOptions> = {}): RedisLimiter {
  return new RedisLimiter({
    redis,
    key,
    ratePerSecond: RATE,
    maxInFlight: 32,
    marginMs: MARGIN_MS,
    fallback: localGcraFallback(MARGIN_MS),
    ...extra,
  });
}

export const freshKey = () => `test-${randomUUID()}`;

export interface Grant {
  at: number;
  replica: number;
}

/**
 * Hammers the limiters: `concurrency` loops per limiter, each acquiring, noting the start on the real clock,
 * holding the permit `holdMs` and releasing, until `stop()`. Every rejection is kept (there should be none).
 * With `sendDelayMs`, each loop waits that long after its permit before it "sends": it notes the start then
 * and tells the permit (`sent()`), as a replica does whose event loop was busy between the two.
 */
export function hammer(limiters: RedisLimiter[], concurrency: number, holdMs = 20, sendDelayMs?: () => number) {
  const grants: Grant[] = [];
  const rejections: unknown[] = [];
  let running = true;
  const loops = limiters.flatMap((l, replica) =>
    Array.from({ length: concurrency }, async () => {
      while (running) {
        try {
          const permit = await l.acquire();
          if (sendDelayMs) await new Promise((r) => setTimeout(r, sendDelayMs()));
          grants.push({ at: performance.now(), replica });
          permit.sent?.();
          await new Promise((r) => setTimeout(r, holdMs));
          permit.release();
        } catch (err) {
          rejections.push(err);
        }
      }
    }),
  );
  return {
    grants,
    rejections,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** The most starts in any window [t, t + windowMs) that begins at a start t passing `where`. */
export function maxInWindow(times: number[], windowMs = 1000, where: (start: number) => boolean = () => true): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (j < t.length && t[j]! < t[i]! + windowMs) j++;
    if (where(t[i]!)) best = Math.max(best, j - i);
  }
  return best;
}

/** Starts per second between the first and the last start. */
export function ratePerSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  return t.length < 2 ? 0 : ((t.length - 1) * 1000) / (t[t.length - 1]! - t[0]!);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
