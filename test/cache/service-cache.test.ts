/**
 * The prediction cache in the running service: a catalogue page asked for again and again is billed once
 * per unique image, hits say so (and how old they are), a hit never touches the upstream, and a caller can
 * bypass it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { postGraphQL, startService, type RunningService } from '../support/service.js';

const MODEL = 'general-image-recognition';
const QUERY = `query Page($images: [ImageInput!]!, $options: PredictOptions) {
  predict(images: $images, modelId: "${MODEL}", options: $options) { input { index } concepts { name } source { cached cacheLevel ageSeconds } }
}`;
type Item = { concepts: Array<{ name: string }>; source: { cached: boolean; cacheLevel: string | null; ageSeconds: number } } | null;

let fake: FakeClarifai;
let svc: RunningService;
const photos = ['dog', 'eagle', 'horses', 'person', 'giraffe'].map((n) => ({
  base64: readFileSync(`test/fixtures/photos/${n}.jpg`).toString('base64'),
}));
const page = [...Array.from({ length: 20 }, (_, i) => ({ url: `https://shop.example/products/${i}.jpg` })), ...photos];
const billed = () => fake.imagesSent;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['cache-pat-0001', 'other-pat-0002'], latency: { perCallMs: 50, perImageMs: 0 }, recordBytes: false });
  svc = await startService({ CLARIFAI_PAT: 'cache-pat-0001', CLARIFAI_API_BASE: fake.url, ALLOW_CALLER_PAT: 'true', PREDICTION_CACHE_MB: '64' });
});
afterAll(async () => {
  await svc.close();
  await fake.close();
});

describe('the prediction cache', () => {
  it('bills a catalogue page asked for 30 times about once per unique image', async () => {
    fake.reset();
    // Two visitors at once (the second shares the first's calls in flight), then rounds 150 ms apart.
    const rounds = [await Promise.all([0, 1].map(() => postGraphQL<{ predict: Item[] }>(svc.url, QUERY, { images: page })))].flat();
    for (let r = 2; r < 30; r++) {
      await new Promise((done) => setTimeout(done, 150));
      rounds.push(await postGraphQL<{ predict: Item[] }>(svc.url, QUERY, { images: page }));
    }
    for (const res of rounds) {
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.predict).toHaveLength(25);
    }
    // The same answer each time, for each image.
    const names = (res: (typeof rounds)[number]) => res.body.data!.predict.map((p) => p!.concepts.map((c) => c.name).join());
    for (const res of rounds) expect(names(res)).toEqual(names(rounds[0]!));
    const last = rounds.at(-1)!.body.data!.predict;
    expect(last.every((p) => p!.source.cached && p!.source.cacheLevel === 'MEMORY')).toBe(true);
    expect(last[0]!.source.ageSeconds).toBeGreaterThan(3);
    const perUnique = billed() / 25;
    console.log(`catalogue: 30 rounds of 25 images → ${billed()} images billed (${perUnique.toFixed(2)} per unique image)`);
    expect(perUnique).toBeLessThanOrEqual(1.2);
  }, 60_000);

  it('answers a hit without the upstream, and a bypass goes upstream and refreshes it', async () => {
    const images = [{ url: 'https://shop.example/fresh.jpg' }];
    const first = await postGraphQL<{ predict: Item[] }>(svc.url, QUERY, { images });
    expect(first.body.data!.predict[0]!.source).toEqual({ cached: false, cacheLevel: null, ageSeconds: 0 });
    const before = billed();
    const hit = await postGraphQL<{ predict: Item[] }>(svc.url, QUERY, { images });
    expect(hit.body.data!.predict[0]!.source.cached).toBe(true);
    expect(billed()).toBe(before);
    const bypass = await postGraphQL<{ predict: Item[] }>(svc.url, QUERY, { images, options: { bypassCache: true } });
    expect(bypass.body.data!.predict[0]!.source.cached).toBe(false);
    expect(billed()).toBe(before + 1);
  });

  it("never serves one credential's answer to another, and never caches an error", async () => {
    const images = [{ url: 'https://shop.example/private.jpg' }];
    await postGraphQL(svc.url, QUERY, { images });
    const before = billed();
    const other = await postGraphQL<{ predict: Item[] }>(svc.url, QUERY, { images }, { authorization: 'Key other-pat-0002' });
    expect(other.body.data!.predict[0]!.source.cached).toBe(false);
    expect(billed()).toBe(before + 1);
    fake.inject({ type: 'mixed', failIndexes: [0], code: 30002 });
    const failing = [{ url: 'https://shop.example/broken.jpg' }];
    const failed = await postGraphQL<{ predict: Item[] }>(svc.url, QUERY, { images: failing });
    expect(failed.body.errors![0]!.extensions!.code).toBe('IMAGE_DOWNLOAD_FAILED');
    const again = await postGraphQL<{ predict: Item[] }>(svc.url, QUERY, { images: failing });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data!.predict[0]!.source.cached).toBe(false);
  });

  it('exports what it saved on /metrics', async () => {
    const text = await (await fetch(`${svc.url}/metrics`)).text();
    expect(Number(/predict_cache_hits_total\{level="memory"\} (\d+)/.exec(text)?.[1])).toBeGreaterThan(600);
    expect(text).toMatch(/predict_cache_memory_bytes \d+/);
  });
});
