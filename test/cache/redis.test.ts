import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { PredictionCache, type PredictionCacheOptions } from '../../src/cache/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { bytesImage, general, key, prediction } from './fixtures.js';

let server: RedisServer;
const clients: Redis[] = [];

/** Clients set up as the service should: no offline queue, quick reconnects. */
async function client(): Promise<Redis> {
  const c = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 50, lazyConnect: true });
  c.on('error', () => undefined); // counted by the cache; an unhandled 'error' event would crash the test
  clients.push(c);
  await c.connect();
  return c;
}

const clientOf = new WeakMap<PredictionCache, Redis>();

/**
 * A generous Redis timeout unless a test is about timeouts: on a loaded CI box a lookup may take longer than
 * 50 ms, and a timed-out lookup is a miss (a CI run once failed that way).
 */
async function replica(over: PredictionCacheOptions = {}): Promise<PredictionCache> {
  const redis = await client();
  const cache = new PredictionCache({ redis, redisTimeoutMs: 2000, redisCooldownMs: 200, ...over });
  clientOf.set(cache, redis);
  return cache;
}

/**
 * Writes are fire-and-forget. Redis answers one connection's commands in order, so once a PING sent after
 * them on the same client is answered, the writes have been applied: no guessing with a sleep.
 */
async function written(cache: PredictionCache): Promise<void> {
  expect(await clientOf.get(cache)!.ping()).toBe('PONG');
}

async function until(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server.close();
});

describe('Redis level (a real redis-server)', () => {
  it('two replicas share entries, "latest" alias included; a Redis hit fills memory', async () => {
    const a = await replica();
    const b = await replica();
    const latest = key({ image: bytesImage('1'.repeat(64)) });
    a.set(latest, prediction('v9'));
    await written(a);
    const got = await b.get(latest);
    expect(got).toMatchObject({ source: 'redis', prediction: { model: { versionId: 'v9' } } });
    expect(await b.get(latest)).toMatchObject({ source: 'memory', storedAt: got!.storedAt });
    expect(await b.get(key({ image: bytesImage('1'.repeat(64)), model: { ...general, versionId: 'v9' } }))).toMatchObject({ source: 'memory' });
  });

  it('a prediction one replica paid for is not asked for again by another', async () => {
    const a = await replica();
    const b = await replica();
    let calls = 0;
    const compute = async () => (calls++, prediction('v1'));
    const k = key({ image: bytesImage('2'.repeat(64)) });
    expect(await a.shared(k, compute)).toMatchObject({ source: 'upstream' });
    await written(a);
    expect(await b.shared(k, compute)).toMatchObject({ source: 'redis' });
    expect(calls).toBe(1);
  });

  it('entries expire in Redis with the same TTL (PX)', async () => {
    const raw = await client();
    const keyPrefix = `ttl-test-${process.pid}:`;
    const a = await replica({ urlTtlMs: 400, memoryMb: 0, keyPrefix });
    const k = key({
      image: { kind: 'url', key: 'https://x.example/ttl.jpg', url: 'https://x.example/ttl.jpg' },
      model: { ...general, versionId: 'v1' },
    });
    a.set(k, prediction());
    await written(a);
    const names = await raw.keys(`${keyPrefix}*`);
    expect(names).toHaveLength(1); // a pinned version writes no "latest" alias
    const pttl = await raw.pttl(names[0]!);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(400);
    expect(await a.get(k)).toMatchObject({ source: 'redis' });
    // Redis, not this process, forgets it: memory is off, so the next lookups ask Redis.
    await until(async () => (await a.get(k)) === undefined);
    expect(await raw.exists(names[0]!)).toBe(0);
  });

  it('Redis stopped: a lookup is a quick miss, never a throw; it comes back by itself', async () => {
    const a = await replica();
    const k = key({ image: bytesImage('3'.repeat(64)), model: { ...general, versionId: 'v1' } });
    const b = await replica({ memoryMb: 0, redisTimeoutMs: 50 });
    a.set(k, prediction());
    await written(a);
    await server.stop();
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      expect(await b.get(k)).toBeUndefined();
      expect(() => b.set(k, prediction())).not.toThrow();
      expect(performance.now() - t0).toBeLessThan(250); // 50 ms timeout + slack for a loaded 2-core box
    }
    const s = b.stats().redis;
    expect(s.errors + s.skipped).toBeGreaterThan(0);
    await server.start();
    await until(() => clients.every((c) => c.status === 'ready'));
    // Back by itself once the cool-down has passed (polled: the cool-down restarts if a lookup times out).
    await until(async () => {
      b.set(k, prediction());
      await written(b);
      return (await b.get(k))?.source === 'redis';
    });
  });

  it('Redis frozen: the first lookup waits at most the timeout, the next ones not at all', async () => {
    const a = await replica({ memoryMb: 0, redisTimeoutMs: 50 });
    const k = key({ image: bytesImage('4'.repeat(64)), model: { ...general, versionId: 'v1' } });
    a.set(k, prediction());
    await written(a);
    server.freeze();
    try {
      let t0 = performance.now();
      expect(await a.get(k)).toBeUndefined();
      const first = performance.now() - t0;
      expect(first).toBeGreaterThanOrEqual(45);
      expect(first).toBeLessThan(250);
      t0 = performance.now();
      expect(await a.get(k)).toBeUndefined();
      expect(performance.now() - t0).toBeLessThan(25); // cool-down: Redis is not asked at all
      expect(a.stats().redis).toMatchObject({ timeouts: 1, skipped: 1 });
    } finally {
      server.thaw();
    }
    await until(async () => (await a.get(k))?.source === 'redis');
  });

  it('a malformed value in Redis reads as a miss', async () => {
    const raw = await client();
    const a = await replica();
    const k = key({ image: bytesImage('5'.repeat(64)), model: { ...general, versionId: 'v1' } });
    a.set(k, prediction());
    await written(a);
    // Every entry written so far is overwritten with something that is not a prediction.
    for (const name of await raw.keys('pcache:v1:e:*')) await raw.set(name, '{"t":1,"p":{"oops":true}}');
    const b = await replica();
    expect(await b.get(k)).toBeUndefined();
    expect(b.stats().redis.decodeErrors).toBe(1);
  });
});
