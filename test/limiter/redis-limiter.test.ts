import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { RATE, client, freshKey, hammer, limiter, maxInWindow, ratePerSecond, sleep } from './support.js';

let server: RedisServer;
const clients: Redis[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  for (let i = 0; i < 3; i++) clients.push(await client(server.url));
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server.close();
});

describe('RedisLimiter against a real redis-server', () => {
  it('three replicas sharing a key stay under the rate in every sliding second and reach >= 0.9 of it', async () => {
    const key = freshKey();
    const replicas = clients.map((c) => limiter(c, key));
    const run = hammer(replicas, 6);
    await sleep(3000);
    await run.stop();
    const times = run.grants.map((g) => g.at);
    const perReplica = [0, 1, 2].map((r) => run.grants.filter((g) => g.replica === r).length);
    const max = maxInWindow(times);
    // Slots are spaced (1000 + margin) / rate on Redis's clock; a start later than the margin (reply trip plus
    // event-loop lag) is given up and reserved again, so on our clock no 1 s holds more than the rate.
    const late = replicas.reduce((n, l) => n + l.stats.lateSlots, 0);
    const rate = ratePerSecond(times);
    console.log(`3 replicas: ${times.length} starts, ${rate.toFixed(2)}/s (limit ${RATE}), max ${max} in any sliding 1 s, ${late} slots given up as late, per replica ${perReplica.join('/')}`);
    expect(run.rejections).toEqual([]);
    expect(max).toBeLessThanOrEqual(RATE);
    expect(rate).toBeGreaterThanOrEqual(0.9 * RATE);
    expect(Math.min(...perReplica)).toBeGreaterThan(0);
    for (const l of replicas) expect(l.stats.mode).toBe('shared');
  });

  it('a pause on one replica delays every replica, including reservations already handed out', async () => {
    const key = freshKey();
    const [a, b, c] = clients.map((cl) => limiter(cl, key, { ratePerSecond: 10 }));
    const t0 = performance.now();
    // b and c reserve 8 slots spread over ~0.8 s; a pauses 700 ms after 150 ms.
    const starts = [...Array(4)].flatMap(() => [b!, c!].map((l) => l.acquire().then((p) => (p.release(), performance.now() - t0))));
    await sleep(150);
    const pausedAt = performance.now() - t0;
    a!.pause(700);
    const after = await Promise.all(starts);
    const early = after.filter((t) => t < pausedAt + 700 - 5);
    console.log(`pause at ${pausedAt.toFixed(0)} ms for 700 ms; starts ${after.map((t) => t.toFixed(0)).join(', ')}`);
    // Only the slots that came before the pause started; everything else waited for its end, spaced again.
    expect(early.every((t) => t < pausedAt + 15)).toBe(true);
    expect(after.length - early.length).toBeGreaterThanOrEqual(5);
    expect(maxInWindow(after.filter((t) => t >= pausedAt + 700 - 5), 1000)).toBeLessThanOrEqual(10);
    expect(b!.stats.rereservations + c!.stats.rereservations).toBeGreaterThan(0);
  });

  it('an aborted wait rejects with the signal reason at once and frees its in-flight slot (its rate slot is wasted)', async () => {
    const key = freshKey();
    const l = limiter(clients[0]!, key, { ratePerSecond: 2, maxInFlight: 2 });
    const first = await l.acquire();
    const controller = new AbortController();
    const waitingForSlot = l.acquire(controller.signal); // slot ~0.5 s ahead
    const waitingForCap = l.acquire(controller.signal); // in-flight cap (2) is full: waits locally
    await sleep(100);
    expect(l.waiting).toBe(2);
    const reason = new Error('caller gave up');
    const t = performance.now();
    controller.abort(reason);
    await expect(waitingForSlot).rejects.toBe(reason);
    await expect(waitingForCap).rejects.toBe(reason);
    expect(performance.now() - t).toBeLessThan(50);
    expect(l.waiting).toBe(0);
    expect(l.stats.wastedSlots).toBe(1);
    expect(l.stats.inFlight).toBe(1);
    first.release();
    first.release(); // idempotent
    expect(l.stats.inFlight).toBe(0);
    // The aborted slot was not returned: the next one comes after it.
    const t2 = performance.now();
    (await l.acquire()).release();
    expect(performance.now() - t2).toBeGreaterThan(400);
  });

  it('caps in-flight calls per replica and refuses reservations beyond the horizon without refusing callers', async () => {
    const key = freshKey();
    const l = limiter(clients[0]!, key, { ratePerSecond: 20, maxInFlight: 3, maxAheadMs: 200 });
    let inFlight = 0;
    let peak = 0;
    const calls = Array.from({ length: 12 }, async () => {
      const p = await l.acquire();
      peak = Math.max(peak, ++inFlight);
      await sleep(30);
      inFlight--;
      p.release();
    });
    // A second replica fills the horizon so the first one's reservations are refused at times.
    const other = limiter(clients[1]!, key, { ratePerSecond: 20, maxAheadMs: 200 });
    const others = Array.from({ length: 10 }, () => other.acquire().then((p) => p.release()));
    await Promise.all([...calls, ...others]);
    expect(peak).toBeLessThanOrEqual(3);
    expect(l.stats.refusals + other.stats.refusals).toBeGreaterThan(0);
  });

  it('leaves nothing behind: the key expires after its last slot', async () => {
    const key = freshKey();
    const l = limiter(clients[0]!, key);
    (await l.acquire()).release();
    const ttl = await clients[1]!.pttl(`predict:limiter:{${key}}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10_100);
  });
});
