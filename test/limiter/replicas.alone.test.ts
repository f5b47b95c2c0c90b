/**
 * Three replicas (service processes) sharing one Clarifai account through one real Redis, against a fake
 * that throttles past 5 calls/s for the account: together they stay under it (few throttles) and still
 * reach its ceiling; Redis stopped for 5 s in the middle fails no operation; a repeated catalogue is billed
 * once across replicas. The ceiling here is scaled down (5 calls/s of 16 images) to fit the test suite;
 * `npm run bench -- replicas` measures the real one (15 x 128).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Agent, request } from 'undici';
import { startFakeClarifaiProcess, type FakeClarifaiProcess, type FakeLog } from '../support/fake-clarifai-process.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { metricSum } from '../support/metrics.js';
import { PREDICT } from '../support/service.js';

const RATE = 5;
const PER_CALL = 16;
const CEILING = RATE * PER_CALL;
const MARGIN_MS = 150;
/** The most the margin lets through: RATE calls in every 1 s + margin. */
const CAPPED = (CEILING * 1000) / (1000 + MARGIN_MS);
let redis: RedisServer;
let fake: FakeClarifaiProcess;
let replicas: ServiceProcess[];
const agent = new Agent({ connections: 64 });
// A measurement on a shared 2-core box: a stall of Redis or of the fake longer than the margin shows as
// throttles that no replica sent (a Redis frozen for 400 ms gave one; two CI runs saw 4 and 5). Each attempt
// prints what explains its throttles (below); a retry shows whether they were the box's. A broken shared
// limit fails both: alone, each replica would pace itself to the whole account, 3 x 5 calls/s against 5.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

beforeAll(async () => {
  redis = await startRedisServer();
  // In a process of its own: beside this file's 72 client loops its rate limit saw arrivals late, as bursts.
  fake = await startFakeClarifaiProcess({
    pats: ['replica-pat-001'],
    ratePerSecond: RATE,
    latency: { perCallMs: 100, perImageMs: 0 },
    recordBytes: false,
  });
  const env = {
    CLARIFAI_PAT: 'replica-pat-001',
    CLARIFAI_API_BASE: fake.url,
    REDIS_URL: redis.url,
    UPSTREAM_RATE_LIMIT_PER_SECOND: String(RATE),
    UPSTREAM_MAX_IMAGES_PER_CALL: String(PER_CALL),
    // The fake counts a call when its own event loop has read it, and on 2 cores that loop (or Redis) stalls
    // when other work competes. Beside jest's other workers one CI run saw 4 of 45 attempts throttled with the
    // replicas' default 50 ms margin (5 slots in 1.05 s), another 5 of 41 with 150 ms. So this file runs alone,
    // after the rest of the suite (`npm run test:alone`: the `.alone.test.ts` name), with 150 ms (5 slots in
    // 1.15 s: CAPPED, 0.87 of the ceiling). The default margin is measured where nothing else runs, at the
    // real ceiling, by `npm run bench -- replicas`.
    UPSTREAM_RATE_MARGIN_MS: String(MARGIN_MS),
    PREDICTION_CACHE_MB: '16',
  };
  replicas = await Promise.all([1, 2, 3].map((n) => startServiceProcess({ ...env, REPLICA_ID: `replica-${n}` })));
}, 60_000);
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await agent.close();
  await fake.close();
  await redis.close();
});

async function post(url: string, images: unknown[]): Promise<{ ok: boolean; errors: unknown[] }> {
  const res = await request(`${url}/graphql`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PREDICT, variables: { images, modelId: 'general-image-recognition' } }),
  });
  const body = (await res.body.json()) as { errors?: unknown[]; data?: { predict: unknown[] } };
  return { ok: res.statusCode === 200 && !body.errors, errors: body.errors ?? [] };
}

/**
 * Closed loops of single-image operations on every replica for `ms`; counts answers and failures, and the
 * seconds until the last loop ended (operations begun before `ms` are answered up to a second later).
 */
async function load(ms: number, tag: string, during?: () => Promise<void>) {
  const started = Date.now();
  const until = started + ms;
  let ok = 0;
  const failures: unknown[] = [];
  let n = 0;
  const loop = async (url: string) => {
    while (Date.now() < until) {
      const r = await post(url, [{ url: `https://img.example/${tag}/${n++}.jpg` }]);
      if (r.ok) ok++;
      else failures.push(r.errors);
    }
  };
  await Promise.all([...replicas.flatMap((r) => Array.from({ length: 24 }, () => loop(r.url))), during?.()]);
  return { ok, failures, seconds: (Date.now() - started) / 1000 };
}

const outputsOf = (log: FakeLog) => log.calls.filter((c) => c.path.endsWith('/outputs'));
const outputs = async () => outputsOf(await fake.calls());

/**
 * What may explain throttles: each throttled call's arrival beside the five admitted before it (ms from the
 * first call; arrival+wait until its body was read), the fake's event-loop stalls, and each replica's Redis
 * limiter figures (errors and seconds on the fallback: an uncoordinated switch can burst).
 */
async function explain(log: FakeLog): Promise<string> {
  const calls = outputsOf(log);
  const t0 = calls[0]?.startedAt ?? 0;
  const at = (c: (typeof calls)[number]) => `${c.startedAt - t0}+${(c.admittedAt ?? c.startedAt) - c.startedAt}`;
  const throttles = calls.flatMap((c, i) => {
    if (!c.rateLimited) return [];
    const before = calls
      .slice(0, i)
      .filter((b) => !b.rateLimited)
      .slice(-5);
    return [`${at(c)} after [${before.map(at).join(' ')}]`];
  });
  const stalls = log.stalls.map((s) => `${s.at - t0}:${s.ms}`);
  const redis = await Promise.all(
    replicas.map(async (r) => {
      const errors = await metricSum(r.url, 'predict_redis_limiter_errors_total');
      return `${errors}/${(await metricSum(r.url, 'predict_redis_degraded_seconds_total')).toFixed(2)}`;
    }),
  );
  return `throttled: ${throttles.join('; ') || 'none'}; fake stalls (ms:length): ${stalls.join(' ') || 'none'}; replicas' Redis errors/seconds degraded: ${redis.join(' ')}`;
}

describe('replicas sharing one account through Redis', () => {
  it('together stay under the account limit and reach its ceiling', async () => {
    await fake.reset();
    const { ok, failures, seconds } = await load(8000, 'shared');
    const log = await fake.calls();
    const calls = outputsOf(log);
    const throttled = calls.filter((c) => c.rateLimited).length;
    console.log(
      `3 replicas: ${ok} images in ${seconds.toFixed(1)} s = ${(ok / seconds).toFixed(1)}/s (ceiling ${CEILING}, ${CAPPED.toFixed(1)} with the margin); ${throttled} of ${calls.length} attempts throttled\n${await explain(log)}`,
    );
    expect(failures).toEqual([]);
    expect(throttled / calls.length).toBeLessThanOrEqual(0.05);
    expect(ok / seconds).toBeGreaterThanOrEqual(0.85 * CAPPED);
    const ready = (await (await fetch(`${replicas[0]!.url}/readyz`)).json()) as { checks: { redis: { mode: string; replicas: number } } };
    expect(ready.checks.redis).toMatchObject({ mode: 'shared', replicas: 3 });
    const metrics = await (await fetch(`${replicas[0]!.url}/metrics`)).text();
    expect(metrics).toMatch(/^predict_redis_limiter_held_starts_total \d+$/m);
  }, 60_000);

  it('keeps serving while Redis is down for 5 s, reports it, and shares again once it is back', async () => {
    await fake.reset();
    const outage = async () => {
      await new Promise((r) => setTimeout(r, 2000));
      await redis.stop();
      await new Promise((r) => setTimeout(r, 1500));
      const ready = await fetch(`${replicas[1]!.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { checks: { redis: { mode: string } } }).checks.redis.mode).toBe('degraded');
      await new Promise((r) => setTimeout(r, 3500));
      await redis.start();
    };
    const { ok, failures } = await load(12_000, 'outage', outage);
    console.log(
      `Redis stopped 5 s: ${ok} images answered, ${failures.length} failed operations; ${(await outputs()).filter((c) => c.rateLimited).length} throttled attempts`,
    );
    expect(failures).toEqual([]);
    await new Promise((r) => setTimeout(r, 2000));
    const metrics = await (await fetch(`${replicas[1]!.url}/metrics`)).text();
    expect(metrics).toMatch(/predict_redis_degraded 0/);
    expect(Number(/predict_redis_degraded_seconds_total ([\d.]+)/.exec(metrics)?.[1])).toBeGreaterThan(3);
  }, 60_000);

  it('bills a catalogue asked for through every replica once per unique image (Redis cache level 2)', async () => {
    await fake.reset();
    const page = Array.from({ length: 20 }, (_, i) => ({ url: `https://shop.example/shared/${i}.jpg` }));
    for (let round = 0; round < 9; round++) {
      const r = await post(replicas[round % 3]!.url, page);
      expect(r.ok).toBe(true);
    }
    const { imagesBilled: billed } = await fake.calls();
    console.log(`catalogue across 3 replicas: 9 rounds of 20 images → ${billed} billed`);
    expect(billed / 20).toBeLessThanOrEqual(1.2);
  }, 60_000);
});
