/**
 * Per-caller quotas in the running service: counted in images sent upstream (cache hits are free), refused
 * whole with 429, Retry-After and what remains, nothing sent upstream; Query.usage tells the caller its own.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { PREDICT, postGraphQL, startService, type RunningService } from '../support/service.js';

const KEY_A = 'ipk_quota-test-key-aaaaaaaaaaaaaaaaaaaa';
const KEY_B = 'ipk_quota-test-key-bbbbbbbbbbbbbbbbbbbb';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'quota-keys-'));
const keysFile = join(dir, 'keys.json');
writeFileSync(
  keysFile,
  JSON.stringify([
    { id: 'team-a', sha256: sha(KEY_A), imagesPerMinute: 10 },
    { id: 'team-b', sha256: sha(KEY_B) },
  ]),
);

let fake: FakeClarifai;
let svc: RunningService;
const MODEL = 'general-image-recognition';
const billed = () => fake.imagesSent;
const urls = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ url: `https://img.example/${tag}/${i}.jpg` }));
const USAGE = '{ usage { caller minute { used reserved limit remaining resetsAt } day { used limit } degraded } }';

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['quota-pat-0001'], latency: { perCallMs: 20, perImageMs: 0 } });
  svc = await startService({
    CLARIFAI_PAT: 'quota-pat-0001',
    CLARIFAI_API_BASE: fake.url,
    AUTH_MODE: 'api-key',
    API_KEYS_FILE: keysFile,
    QUOTA_IMAGES_PER_DAY: '1000',
    PREDICTION_CACHE_MB: '16',
  });
});
afterAll(async () => {
  await svc.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('per-caller quotas', () => {
  it('counts images sent upstream, refuses what would go over with 429 and sends nothing, and hits are free', async () => {
    // The minute quota counts per UTC minute: the requests below must not straddle a minute's end (one CI
    // run's did, and the over-quota request was rightly served from a fresh minute).
    const msLeft = 60_000 - (Date.now() % 60_000);
    if (msLeft < 20_000) await new Promise((r) => setTimeout(r, msLeft + 100));
    const a = { 'x-api-key': KEY_A };
    const first = await postGraphQL(svc.url, PREDICT, { images: urls(8, 'a'), modelId: MODEL }, a);
    expect(first.body.errors).toBeUndefined();
    expect(billed()).toBe(8);
    // The same 8 again: answered from the cache, nothing counted.
    const again = await postGraphQL(svc.url, PREDICT, { images: urls(8, 'a'), modelId: MODEL }, a);
    expect(again.body.errors).toBeUndefined();
    expect(billed()).toBe(8);

    const res = await fetch(`${svc.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...a },
      body: JSON.stringify({ query: PREDICT, variables: { images: urls(5, 'over'), modelId: MODEL } }),
    });
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(body.errors[0]!.extensions).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      window: 'minute',
      retryAfterSeconds: retryAfter,
      remaining: { minute: 2, day: 992 },
      limit: { minute: 10, day: 1000 },
    });
    expect(body.errors[0]!.message).toMatch(/minute quota of 10 images is spent \(2 left\)/);
    expect(billed()).toBe(8);

    const usage = await postGraphQL<{ usage: { caller: string; minute: Record<string, unknown>; day: Record<string, unknown> } }>(
      svc.url,
      USAGE,
      {},
      a,
    );
    expect(usage.body.data!.usage).toMatchObject({
      caller: 'api-key:team-a',
      minute: { used: 8, reserved: 0, limit: 10, remaining: 2 },
      day: { used: 8, limit: 1000 },
    });
    expect(Date.parse(String(usage.body.data!.usage.minute.resetsAt))).toBeGreaterThan(Date.now());
  }, 60_000);

  it("keeps callers apart: another caller's quota is its own, and images of a refused request never count", async () => {
    const b = { 'x-api-key': KEY_B };
    const res = await postGraphQL(svc.url, PREDICT, { images: urls(12, 'b'), modelId: MODEL }, b);
    expect(res.body.errors).toBeUndefined();
    const usage = await postGraphQL<{ usage: { minute: { used: number; limit: number | null } } }>(svc.url, USAGE, {}, b);
    expect(usage.body.data!.usage.minute).toMatchObject({ used: 12, limit: null });
  });

  it('exports per-caller usage with bounded labels', async () => {
    const text = await (await fetch(`${svc.url}/metrics`)).text();
    expect(text).toMatch(/predict_caller_images_total\{caller="api-key:team-a",model="general-image-recognition",outcome="sent"\} 8/);
    expect(text).toMatch(/predict_caller_images_total\{caller="api-key:team-a",model="general-image-recognition",outcome="cached"\} 8/);
    expect(text).toMatch(/predict_caller_images_total\{caller="api-key:team-a",model="general-image-recognition",outcome="refused"\} 5/);
    expect(text).not.toContain(KEY_A);
  });
});
