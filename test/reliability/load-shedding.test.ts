import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { expectedConceptsFor, startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { postConcurrently } from '../support/concurrent-client.js';
import { scaled, scaledTimeout } from '../support/scale.js';
import { PREDICT, postGraphQL, startService, type RunningService } from '../support/service.js';

// An upstream that serves 5 calls/s of 16 images (80 images/s), flooded with far more requests than that.
const MAX_QUEUED = 100;
const FLOOD = scaled(1_500, 6_000);
const ROUNDS = scaled(1, 3);
const MODEL = 'general-image-recognition';

type Item = { concepts: Array<{ name: string }> } | null;
let fake: FakeClarifai;
let svc: RunningService;

beforeAll(async () => {
  // The fake itself is unlimited, so every call it sees was the service's choice: nothing is retried.
  fake = await startFakeClarifai({ pats: ['shed-pat-0001'], latency: { perCallMs: 200, perImageMs: 1 }, recordBytes: false });
  svc = await startService({
    CLARIFAI_PAT: 'shed-pat-0001',
    CLARIFAI_API_BASE: fake.url,
    UPSTREAM_RATE_LIMIT_PER_SECOND: '5',
    UPSTREAM_MAX_IMAGES_PER_CALL: '16',
    MAX_QUEUED_IMAGES: String(MAX_QUEUED),
  });
});
afterAll(async () => {
  await svc.close();
  await fake.close();
});
beforeEach(() => fake.reset());

const names = (url: string) => expectedConceptsFor({ url }, MODEL).map((c) => c.name);

describe('load shedding', () => {
  it(
    `answers a flood of ${FLOOD} requests with its own concepts or a fast OVERLOADED (503, Retry-After), and the backlog stays bounded`,
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        let peakBacklog = 0;
        const sampler = setInterval(() => (peakBacklog = Math.max(peakBacklog, svc.services.admission.backlog)), 2);
        const urls = Array.from({ length: FLOOD }, (_, i) => `https://img.example/flood/${round}/${i}.jpg`);
        const responses = await postConcurrently<{ predict: Item[] }>(
          svc.url,
          urls.map((url) => ({ query: PREDICT, variables: { images: [{ url }], modelId: MODEL } })),
        );
        clearInterval(sampler);

        let served = 0;
        let shed = 0;
        responses.forEach((res, i) => {
          if (res.status === 200) {
            expect(res.body.errors).toBeUndefined();
            expect(res.body.data!.predict[0]!.concepts.map((c) => c.name)).toEqual(names(urls[i]!));
            served++;
            return;
          }
          expect(res.status).toBe(503);
          expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(['OVERLOADED']);
          const retryAfter = Number(res.retryAfter);
          expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
          expect(res.body.errors![0]!.extensions!.retryAfterSeconds).toBe(retryAfter);
          shed++;
        });
        const upstreamImages = fake.imagesSent;
        console.log(
          `round ${round}: ${served} served, ${shed} shed, peak backlog ${peakBacklog} (bound ${MAX_QUEUED}), ${fake.calls.length} upstream calls`,
        );
        expect(shed).toBeGreaterThan(0);
        expect(served).toBeGreaterThanOrEqual(MAX_QUEUED);
        expect(peakBacklog).toBeLessThanOrEqual(MAX_QUEUED);
        // A refused request never reached the upstream; every served image went exactly once.
        expect(upstreamImages).toBe(served);
        expect(svc.services.admission.backlog).toBe(0);
        fake.reset();
      }
    },
    scaledTimeout(60_000, 300_000),
  );

  it('recovers when the load drops: a normal request succeeds', async () => {
    const images = Array.from({ length: 20 }, (_, i) => ({ url: `https://img.example/after/${i}.jpg` }));
    const res = await postGraphQL<{ predict: Item[] }>(svc.url, PREDICT, { images, modelId: MODEL });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    res.body.data!.predict.forEach((item, i) => expect(item!.concepts.map((c) => c.name)).toEqual(names(images[i]!.url)));
  });

  it('an operation bigger than the bound still runs when nothing else waits', async () => {
    const images = Array.from({ length: MAX_QUEUED + 50 }, (_, i) => ({ url: `https://img.example/big/${i}.jpg` }));
    const res = await postGraphQL<{ predict: Item[] }>(svc.url, PREDICT, { images, modelId: MODEL });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });
});
