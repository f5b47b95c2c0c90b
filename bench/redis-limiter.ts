// `npx tsc -p tsconfig.bench.json && node dist-bench/bench/redis-limiter.js`: the shared limiter against a
// real redis-server, three replicas in this process (each its own ioredis client with the service's
// options, as createRedis builds them), calls held 200 ms. Prints granted calls/s with Redis up, alone,
// during a 5 s Redis outage and a 4 s freeze.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createRedis } from '../src/redis/create-redis.js';
import { RedisLimiter } from '../src/limiter/redis-limiter.js';
import { ReplicaRegistry } from '../src/limiter/replica-registry.js';
import { localGcraFallback } from '../src/limiter/fallback-gcra.js';
import { startRedisServer } from '../test/support/redis-server.js';

const RATE = Number(process.env.RATE ?? 15);
const MARGIN = 35;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The most starts in a window [t, t + w) beginning at a start t that passes `where`. */
function maxInWindow(t: number[], w = 1000, where: (start: number) => boolean = () => true): number {
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (j < t.length && t[j]! < t[i]! + w) j++;
    if (where(t[i]!)) best = Math.max(best, j - i);
  }
  return best;
}
const perSecond = (t: number[], from: number, to: number) => (t.filter((x) => x >= from && x < to).length * 1000) / (to - from);

const server = await startRedisServer();
const clients: Redis[] = [];
for (let i = 0; i < 3; i++) {
  const c = createRedis(server.url);
  await new Promise((r) => c.once('ready', r));
  clients.push(c);
}
const registries = clients.map((redis) => new ReplicaRegistry({ redis }));
await Promise.all(registries.map((r) => r.start()));
while (registries.some((r) => r.count < 3)) await sleep(100);

const key = `bench-${Date.now()}`;
const limiters = clients.map(
  (redis, i) =>
    new RedisLimiter({
      redis,
      key,
      ratePerSecond: RATE,
      maxInFlight: 32,
      marginMs: MARGIN,
      fallback: localGcraFallback(MARGIN),
      replicas: registries[i],
    }),
);
const starts: number[][] = [[], [], []];
const waits: number[] = [];
let rejected = 0;
let running = [true, true, true];
// 24 callers per replica hold calls 200 ms: far more demand than the rate, as at the service's ceiling.
const loops = limiters.flatMap((l, r) =>
  Array.from({ length: 24 }, async () => {
    while (running[r]) {
      const t = performance.now();
      try {
        const p = await l.acquire();
        const now = performance.now();
        starts[r]!.push(now);
        waits.push(now - t);
        await sleep(200);
        p.release();
      } catch {
        rejected++;
      }
    }
  }),
);
const all = () => starts.flat().sort((a, b) => a - b);
const rows: Record<string, string | number> = {};
const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
const t0 = performance.now();
await sleep(10_000);
lag.disable();
const t1 = performance.now();
rows['3 replicas, Redis up: calls/s (limit ' + RATE + ')'] = perSecond(all(), t0 + 1000, t1).toFixed(2);
const phase1 = waits.slice();
rows['  per replica'] = starts.map((s) => perSecond(s, t0 + 1000, t1).toFixed(2)).join(' / ');
rows['  max starts in any sliding 1 s / in any 965 ms (1 s - margin)'] = `${maxInWindow(all().filter((x) => x < t1))} / ${maxInWindow(
  all().filter((x) => x < t1),
  1000 - MARGIN,
)}`;
// Starts are stamped on this process's clock, late by its event-loop lag (the slots are spaced on Redis's).
rows['  event-loop delay p99 / max (ms) meanwhile'] = `${(lag.percentile(99) / 1e6).toFixed(0)} / ${(lag.max / 1e6).toFixed(0)}`;

await server.stop();
const down = performance.now();
await sleep(5000);
const up = performance.now();
await server.start();
while (limiters.some((l) => l.degraded)) await sleep(10);
const back = performance.now();
await sleep(4000);
const t2 = performance.now();
rows['Redis stopped 5 s: per-replica calls/s (share ' + (RATE / 3).toFixed(2) + ')'] = starts
  .map((s) => perSecond(s, down + 500, up).toFixed(2))
  .join(' / ');
rows['  aggregate during the outage'] = perSecond(all(), down + 500, up).toFixed(2);
rows['  back to shared after restart (ms)'] = Math.round(back - up);
rows['  calls/s in the 4 s after'] = perSecond(all(), back, t2).toFixed(2);
// Windows that span the switch to fallback hold the last shared second plus the fallbacks' first starts.
const spans = (x: number) => x > down - 1000 && x <= down + 1000;
rows['  max in any sliding 1 s spanning the stop / anywhere else'] =
  `${maxInWindow(all(), 1000, spans)} / ${maxInWindow(all(), 1000, (x) => !spans(x))}`;

const observer = new Redis(server.url);
const cmd = async () =>
  Number(/cmdstat_evalsha:calls=(\d+)/.exec(await observer.info('commandstats'))?.[1] ?? 0) +
  Number(/cmdstat_hget:calls=(\d+)/.exec(await observer.info('commandstats'))?.[1] ?? 0);
const before = await cmd();
server.freeze();
const frozen = performance.now();
await sleep(4000);
// From 1.5 s in: every replica has noticed by then (its own timeout, or the registry's heartbeat on its client).
rows['Redis frozen 4 s: aggregate calls/s from 1.5 s in'] = perSecond(all(), frozen + 1500, performance.now()).toFixed(2);
rows['  max in any sliding 1 s spanning the freeze'] = maxInWindow(all(), 1000, (x) => x > frozen - 1000 && x <= frozen + 1500);
// The callers stop while Redis is still frozen, so what runs after the thaw is only what was already sent.
running = [false, false, false];
await Promise.all(loops);
const thawAt = performance.now();
server.thaw();
await sleep(300);
rows['  frozen for (s, the callers drained on the fallback)'] = ((thawAt - frozen) / 1000).toFixed(1);
rows['  commands Redis ran after thaw (limiter scripts, epoch reads, heartbeats)'] = (await cmd()) - before;
rows['rejected acquires'] = rejected;
phase1.sort((a, b) => a - b);
rows['acquire wait with Redis up, p50 / p99 (ms; 72 callers for 15/s, so mostly queueing)'] =
  `${phase1[Math.floor(phase1.length / 2)]!.toFixed(0)} / ${phase1[Math.floor(phase1.length * 0.99)]!.toFixed(0)}`;
rows['Redis errors / ms degraded per replica'] = limiters.map((l) => `${l.stats.redisErrors}/${Math.round(l.stats.degradedMs)}`).join(' ; ');
console.table(rows);
await Promise.all(registries.map((r) => r.stop()));
for (const c of [...clients, observer]) c.disconnect();
await server.close();
