import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { expectedConceptsFor, startFakeClarifai, type FakeClarifai } from './support/fake-clarifai/index.js';
import { postConcurrently } from './support/concurrent-client.js';
import { makePng } from './support/images.js';
import { metricSum, until } from './support/metrics.js';
import { PREDICT, postGraphQL, startService, type RunningService } from './support/service.js';

const MODEL = 'general-image-recognition';
let fake: FakeClarifai;
let svc: RunningService;

type Item = {
  input: { index: number; url: string | null; sha256: string | null };
  concepts: Array<{ id: string; name: string; value: number }>;
  model: { id: string; versionId: string };
} | null;
const names = (concepts: Array<{ name: string }>) => concepts.map((c) => c.name);
const predictCalls = () => fake.calls.filter((c) => c.path.endsWith('/outputs'));

beforeAll(async () => {
  // Clarifai answers in hundreds of ms; the latency model keeps the fake honest about that.
  fake = await startFakeClarifai({ pats: ['server-pat', 'caller-pat-1', 'caller-pat-2'], latency: { perCallMs: 250, perImageMs: 0.5 } });
  svc = await startService({
    CLARIFAI_PAT: 'server-pat',
    CLARIFAI_API_BASE: fake.url,
    ALLOW_CALLER_PAT: 'true',
    UPSTREAM_RETRY_BASE_MS: '20',
    UPSTREAM_RETRY_MAX_MS: '2000',
    // Above the batching test's hold: with 10 s, a loaded run's held calls timed out and were retried, and
    // the images counted at the fake overshot 1,000.
    UPSTREAM_TIMEOUT_MS: '90000',
  });
});
afterAll(async () => {
  await svc.close();
  await fake.close();
});
beforeEach(() => fake.reset());

describe('predict over Clarifai REST', () => {
  it('labels a URL image with its own concepts and the model that answered', async () => {
    const url = 'https://samples.clarifai.com/metro-north.jpg';
    const res = await postGraphQL<{ predict: Item[] }>(svc.url, PREDICT, { images: [{ url }], modelId: MODEL });
    expect(res.body.errors).toBeUndefined();
    const [item] = res.body.data!.predict;
    expect(item!.input).toEqual({ index: 0, url, sha256: null });
    expect(names(item!.concepts)).toEqual(names(expectedConceptsFor({ url }, MODEL)));
    expect(item!.model.id).toBe(MODEL);
    const [call] = predictCalls();
    expect(call!.path).toBe(`/v2/users/clarifai/apps/main/models/${MODEL}/outputs`);
    expect(call!.pat).toBe('server-pat');
  });

  it('merges 1,000 concurrent single-image operations into at most 10 upstream calls', async () => {
    // The fake holds its answers until every operation is in the service (queued or in a held call), so
    // the operations are concurrent however slowly a loaded machine delivers them: arrivals spread over
    // 8 s in one CI run, and slow arrivals rightly leave as partial batches.
    const urls = Array.from({ length: 1000 }, (_, i) => `https://img.example/op-${i}.jpg`);
    const release = fake.hold();
    const started = Date.now();
    const answers = postConcurrently<{ predict: Item[] }>(
      svc.url,
      urls.map((url) => ({ query: PREDICT, variables: { images: [{ url }], modelId: MODEL } })),
    );
    const sent = () => fake.imagesSent;
    let inService = 0;
    let arrivedMs = NaN;
    try {
      arrivedMs =
        -started +
        (await until(
          async () => (inService = sent() + (await metricSum(svc.url, 'predict_queued_images'))) >= 1000,
          80_000,
          () => `only ${inService} of 1,000 images reached the service`,
        ));
    } finally {
      release();
    }
    const responses = await answers;
    const ms = Date.now() - started;
    const calls = predictCalls();
    console.log(
      `1,000 operations: ${calls.length} upstream calls (${calls.map((c) => c.inputCount).join(', ')} images) in ${ms} ms, all in the service after ${arrivedMs} ms`,
    );
    // One call leaves with the first image; 999 fill 7 full calls and one of 103. 10 leaves room for a
    // second partial call cut when a slot came before the next image did.
    expect(calls.length).toBeLessThanOrEqual(10);
    expect(sent()).toBe(1000);
    responses.forEach((res, i) => {
      expect(res.body.errors).toBeUndefined();
      expect(names(res.body.data!.predict[0]!.concepts)).toEqual(names(expectedConceptsFor({ url: urls[i]! }, MODEL)));
    });
  }, 120_000);

  it('splits 300 images of one operation into 3 calls and answers in input order', async () => {
    const urls = Array.from({ length: 300 }, (_, i) => `https://img.example/${i}.jpg`);
    const res = await postGraphQL<{ predict: Item[] }>(svc.url, PREDICT, { images: urls.map((url) => ({ url })), modelId: MODEL });
    expect(res.body.errors).toBeUndefined();
    expect(predictCalls().map((c) => c.inputCount)).toEqual([128, 128, 44]);
    res.body.data!.predict.forEach((item, i) => {
      expect(item!.input.index).toBe(i);
      expect(names(item!.concepts)).toEqual(names(expectedConceptsFor({ url: urls[i] }, MODEL)));
    });
  });

  it('sends identical images of one call once', async () => {
    const png = (await makePng(4242)).toString('base64');
    const res = await postGraphQL<{ predict: Item[] }>(svc.url, PREDICT, {
      images: [{ base64: png }, { base64: png }, { base64: png }],
      modelId: MODEL,
    });
    expect(res.body.data!.predict).toHaveLength(3);
    expect(new Set(res.body.data!.predict.map((p) => p!.concepts[0]!.id)).size).toBe(1);
    expect(predictCalls().map((c) => c.inputCount)).toEqual([1]);
  });

  it('passes output options to Clarifai', async () => {
    const url = 'https://img.example/options.jpg';
    const res = await postGraphQL<{ predict: Item[] }>(svc.url, PREDICT, {
      images: [{ url }],
      modelId: MODEL,
      modelVersionId: 'v123',
      options: { maxConcepts: 3, minValue: 0.1 },
    });
    expect(res.body.data!.predict[0]!.concepts).toHaveLength(3);
    expect(predictCalls()[0]!.path).toBe(`/v2/users/clarifai/apps/main/models/${MODEL}/versions/v123/outputs`);
    expect(predictCalls()[0]!.outputConfig).toEqual({ max_concepts: 3, min_value: 0.1 });
  });

  it('exposes the batching work as Prometheus metrics', async () => {
    const urls = Array.from({ length: 130 }, (_, i) => ({ url: `https://img.example/metrics-${i}.jpg` }));
    await postGraphQL(svc.url, PREDICT, { images: urls, modelId: MODEL });
    const text = await (await fetch(`${svc.url}/metrics`)).text();
    const count = (name: string) => Number(new RegExp(`^${name}\\{backend="clarifai"\\} (\\d+)`, 'm').exec(text)?.[1]);
    expect(count('predict_backend_calls_total')).toBeGreaterThanOrEqual(2);
    expect(Number(/^predict_batch_images_bucket\{le="128",backend="clarifai"\} (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^predict_queued_images 0$/m);
  });
});
