import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { Quotas, type QuotaDecision, type QuotaGranted, type QuotasOptions } from '../../src/quota/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

let server: RedisServer;
const clients: Redis[] = [];
let admin: Redis;

/** Set up as the service should: no offline queue, quick reconnects, a short command timeout. */
async function client(commandTimeout = 1000): Promise<Redis> {
  const c = new Redis(server.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout,
    retryStrategy: () => 50,
    lazyConnect: true,
  });
  c.on('error', () => undefined); // counted by the quotas; an unhandled 'error' event would crash the test
  clients.push(c);
  await c.connect();
  return c;
}

/**
 * A generous timeout unless a test is about timeouts: a reservation that times out on a loaded CI box is
 * granted by the local fallback, which is another test's subject. The client's own command timeout stays
 * above the store's, as in the service (250 ms against 50), so a late reply still reaches the store.
 */
async function replica(over: QuotasOptions = {}): Promise<Quotas> {
  const timeoutMs = over.redisTimeoutMs ?? 2000;
  const redis = await client(Math.max(2000, 2 * timeoutMs));
  return new Quotas({ redis, redisCooldownMs: 200, ...over, redisTimeoutMs: timeoutMs });
}

const granted = (d: QuotaDecision): QuotaGranted => {
  if (!d.granted) throw new Error(`refused: ${JSON.stringify(d)}`);
  return d;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}
/** A test that counts against a minute limit must not straddle a minute boundary (the window would reset). */
async function awayFromMinuteEnd(needMs: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await sleep(left + 50);
}
let seq = 0;
const freshKey = () => `api-key:t${process.pid}-${seq++}`;

beforeAll(async () => {
  server = await startRedisServer();
  admin = await client();
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server.close();
});

describe('Redis store (a real redis-server)', () => {
  it('3 replicas racing 1,000 concurrent reservations never grant more than 500 images a minute', async () => {
    await awayFromMinuteEnd(15_000);
    // A generous timeout, the client's too: a reservation that timed out would be granted locally, which is the
    // fallback, not the race (a clean-clone CI run on Node 24 once saw the client's old 1 s pass under load).
    const replicas = await Promise.all([0, 1, 2].map(() => replica({ redisTimeoutMs: 5_000 })));
    const key = freshKey();
    const limits = { imagesPerMinute: 500, imagesPerDay: 100_000 };
    const sizes = Array.from({ length: 1000 }, () => 1 + Math.floor(Math.random() * 10));
    const results = await Promise.all(sizes.map((n, i) => replicas[i % 3]!.reserve(key, limits, n)));
    const total = results.reduce((sum, d, i) => sum + (d.granted ? sizes[i]! : 0), 0);
    expect(results.every((d) => !d.degraded)).toBe(true);
    expect(total).toBeLessThanOrEqual(500);
    // 5,500 images asked for: the limit is used up, not left idle (all or nothing may leave < 10 unused).
    expect(total).toBeGreaterThan(490);
    // Every refusal saw a count consistent with the limit: what remained was less than it asked for.
    for (const [i, d] of results.entries()) if (!d.granted) expect(d.remaining.minute!).toBeLessThan(sizes[i]!);
    for (const d of results) if (d.granted) d.ticket.commit(d.ticket.images);
    // Commits are fire-and-forget: wait until none is still held as a reservation.
    await until(async () => (await replicas[1]!.usage(key, limits)).minute.reserved === 0);
    const u = await replicas[1]!.usage(key, limits);
    expect(u.minute).toMatchObject({ used: total, reserved: 0, remaining: 500 - total, limit: 500 });
    expect(u.day.used).toBe(total);
  });

  it('commit and release are shared: one replica reserves, another sees the counts', async () => {
    await awayFromMinuteEnd(5_000);
    const [a, b] = [await replica(), await replica()];
    const key = freshKey();
    const limits = { imagesPerMinute: 10 };
    const t = granted(await a.reserve(key, limits, 8)).ticket;
    expect((await b.usage(key, limits)).minute).toMatchObject({ used: 0, reserved: 8, remaining: 2 });
    expect(await b.reserve(key, limits, 3)).toMatchObject({ granted: false, window: 'minute', remaining: { minute: 2 }, degraded: false });
    t.commit(5);
    t.release();
    await until(async () => (await b.usage(key, limits)).minute.reserved === 0);
    expect((await b.usage(key, limits)).minute).toMatchObject({ used: 5, reserved: 0, remaining: 5 });
    const refused = await b.reserve(key, limits, 6);
    if (refused.granted) throw new Error('should refuse');
    // Redis's clock decides the window; this machine's clock is the same one here.
    const expected = Math.ceil((60_000 - (Date.now() % 60_000)) / 1000);
    expect(Math.abs(refused.retryAfterSeconds! - expected)).toBeLessThanOrEqual(1);
  });

  it('an abandoned reservation expires in Redis, and every key it wrote has a TTL', async () => {
    await awayFromMinuteEnd(5_000);
    const q = await replica({ reservationTtlMs: 300 });
    const key = freshKey();
    const limits = { imagesPerMinute: 10, imagesPerDay: 20 };
    granted(await q.reserve(key, limits, 10)); // never committed nor released
    const keys = await admin.keys('quota:v1:*');
    expect(keys.length).toBeGreaterThanOrEqual(4);
    for (const k of keys) expect(await admin.pttl(k)).toBeGreaterThan(0);
    expect((await q.reserve(key, limits, 1)).granted).toBe(false);
    await sleep(400);
    expect((await q.usage(key, limits)).minute).toMatchObject({ used: 0, reserved: 0, remaining: 10 });
    granted(await q.reserve(key, limits, 10));
  });

  it('Redis stopped: reservations fall back to the local store, quickly, and say degraded; restarted: shared again', async () => {
    const degradedEvents: boolean[] = [];
    // a's short timeout is the subject (a quick fallback); b only reads the shared counts afterwards.
    const [a, b] = [await replica({ redisTimeoutMs: 100, observer: { degraded: (on) => degradedEvents.push(on) } }), await replica()];
    const key = freshKey();
    const limits = { imagesPerMinute: 1000 };
    await server.stop();
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const d = granted(await a.reserve(key, limits, 10));
      expect(performance.now() - t0).toBeLessThan(250);
      expect(d.degraded).toBe(true);
      d.ticket.commit(10);
      d.ticket.release();
    }
    expect(a.degraded).toBe(true);
    expect(await a.usage(key, limits)).toMatchObject({ degraded: true, minute: { used: 30 } });
    await server.start();
    await until(() => clients.every((c) => c.status === 'ready'));
    await sleep(250); // past the cool-down
    await awayFromMinuteEnd(5_000);
    granted(await a.reserve(key, limits, 7)).ticket.commit(7); // the server restarted empty: its script cache too
    await until(async () => (await b.usage(key, limits)).minute.used === 7);
    expect(a.degraded).toBe(false);
    expect(await b.usage(key, limits)).toMatchObject({ degraded: false, minute: { used: 7 } });
    expect(degradedEvents).toEqual([true, false]);
  });

  it('Redis frozen: the first reservation answers within the timeout, the next ones at once; a late grant is given back', async () => {
    await awayFromMinuteEnd(10_000);
    const q = await replica({ redisTimeoutMs: 100 });
    const key = freshKey();
    const limits = { imagesPerMinute: 50 };
    server.freeze();
    try {
      let t0 = performance.now();
      const first = granted(await q.reserve(key, limits, 40));
      const waited = performance.now() - t0;
      expect(first.degraded).toBe(true);
      expect(waited).toBeGreaterThanOrEqual(95);
      expect(waited).toBeLessThan(400);
      t0 = performance.now();
      expect((await q.reserve(key, limits, 5)).degraded).toBe(true);
      expect(performance.now() - t0).toBeLessThan(25); // cool-down: Redis is not asked
    } finally {
      server.thaw();
    }
    // The frozen server ran the first reservation once thawed; the store releases it, so nothing stays held.
    await until(async () => (await q.usage(key, limits)).minute.reserved === 0);
    const u = await q.usage(key, limits);
    expect(u).toMatchObject({ degraded: false, minute: { used: 0, reserved: 0, remaining: 50 } });
  });
});
