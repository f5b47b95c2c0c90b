import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mulberry32 } from '../support/fake-clarifai/concepts.js';
import { expectedConceptsFor, startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { postConcurrently } from '../support/concurrent-client.js';
import { makePng } from '../support/images.js';
import { scaled, scaledTimeout } from '../support/scale.js';
import { PREDICT, postGraphQL } from '../support/service.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

// N images through the service while the fake Clarifai fails calls at random, in every way it can.
const IMAGES = scaled(2_000, 10_000);
const MODEL = 'general-image-recognition';
const FAULTS = { http5xx: 0.05, timeout: 0.02, throttle: 0.03, reset: 0.01, malformed: 0.01, mixed: 0.02 };
// What an image may end with when the faults outlast its retries: all transient upstream failures.
const GIVE_UP_CODES = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'UPSTREAM_THROTTLED', 'UPSTREAM_BAD_RESPONSE', 'MODEL_UNAVAILABLE']);

type Input = { url: string } | { base64: string };
type Item = { input: { index: number }; concepts: Array<{ id: string; name: string; value: number }> } | null;

let fake: FakeClarifai;
let svc: ServiceProcess;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['fault-pat-0001'], latency: { perCallMs: 5, perImageMs: 0.05 }, recordBytes: false, seed: 5 });
  svc = await startServiceProcess({
    CLARIFAI_PAT: 'fault-pat-0001',
    CLARIFAI_API_BASE: fake.url,
    // Small calls make many calls (so every kind of fault happens many times); short timeouts and
    // backoffs keep the run fast. Two retries (three attempts) let a few images run out of them, so
    // both outcomes (own concepts, own error) occur.
    UPSTREAM_MAX_IMAGES_PER_CALL: '8',
    UPSTREAM_RATE_LIMIT_PER_SECOND: '1000',
    UPSTREAM_TIMEOUT_MS: '250',
    UPSTREAM_MAX_RETRIES: '2',
    UPSTREAM_RETRY_BASE_MS: '5',
    UPSTREAM_RETRY_MAX_MS: '50',
    // About retries and outcomes: with 250 ms attempts on a loaded machine, slow answers count as timeouts and
    // the breaker would open (test/reliability/hung-upstream.test.ts and the breaker's unit tests cover it).
    BREAKER_FAILURES: '1000',
    BREAKER_TIMEOUTS: '1000',
  });
});
afterAll(async () => {
  await svc?.stop();
  await fake?.close();
});

/** Operations of 1-40 images (a fifth of them small PNGs as base64, the rest unique URLs), seeded. */
async function buildOperations(total: number): Promise<Input[][]> {
  const rand = mulberry32(42);
  const ops: Input[][] = [];
  for (let n = 0; n < total;) {
    const size = Math.min(total - n, 1 + Math.floor(rand() * 40));
    const op: Input[] = [];
    for (let k = 0; k < size; k++, n++) {
      op.push(rand() < 0.2 ? { base64: (await makePng(n)).toString('base64') } : { url: `https://img.example/fault/${n}.jpg` });
    }
    ops.push(op);
  }
  return ops;
}

const expectedNames = (input: Input) =>
  expectedConceptsFor('url' in input ? { url: input.url } : { bytes: Buffer.from(input.base64, 'base64') }, MODEL).map((c) => c.name);

describe(`${IMAGES} images under random upstream faults`, () => {
  it(
    'gives every image exactly one outcome: its own concepts or its own error with a stable code',
    async () => {
      const ops = await buildOperations(IMAGES);
      fake.setFaultRates(FAULTS);
      const responses = await postConcurrently<{ predict: Item[] }>(
        svc.url,
        ops.map((images) => ({ query: PREDICT, variables: { images, modelId: MODEL } })),
        {},
        { concurrency: 24 },
      );
      fake.setFaultRates({});

      const tally = { ok: 0, failed: 0, wrongImage: 0, codes: {} as Record<string, number> };
      responses.forEach((res, o) => {
        expect(res.status).toBe(200);
        const errors = res.body.errors ?? [];
        // Every error belongs to one image of the list; nothing failed the whole operation.
        for (const e of errors) expect(e.path).toEqual(['predict', e.extensions!.imageIndex]);
        ops[o]!.forEach((input, i) => {
          const item = res.body.data!.predict[i];
          const mine = errors.filter((e) => e.path![1] === i);
          expect(Number(item !== null) + mine.length).toBe(1);
          if (item) {
            expect(item.input.index).toBe(i);
            const own = item.concepts.map((c) => c.name).join() === expectedNames(input).join();
            tally.wrongImage += own ? 0 : 1;
            tally.ok++;
          } else {
            const code = String(mine[0]!.extensions!.code);
            tally.codes[code] = (tally.codes[code] ?? 0) + 1;
            expect(GIVE_UP_CODES).toContain(code);
            tally.failed++;
          }
        });
      });
      const calls = fake.calls.filter((c) => c.path.endsWith('/outputs'));
      const faults: Record<string, number> = {};
      for (const c of calls) if (c.fault) faults[c.fault.type] = (faults[c.fault.type] ?? 0) + 1;
      console.log(
        `${IMAGES} images: ${tally.ok} ok, ${tally.failed} failed ${JSON.stringify(tally.codes)}; ${calls.length} upstream calls, faults ${JSON.stringify(faults)}`,
      );
      expect(tally.wrongImage).toBe(0);
      expect(tally.ok + tally.failed).toBe(IMAGES);
      // Every kind of fault was really exercised.
      expect(Object.keys(faults).sort()).toEqual(['http5xx', 'malformed', 'mixed', 'reset', 'throttle', 'timeout']);
      expect(svc.crashes()).toEqual([]);
    },
    scaledTimeout(120_000, 600_000),
  );

  it('is healthy afterwards: no crash, /healthz up, a clean request succeeds', async () => {
    expect(svc.exitCode()).toBeNull();
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    const images = [{ url: 'https://img.example/after-faults.jpg' }];
    const res = await postGraphQL<{ predict: Item[] }>(svc.url, PREDICT, { images, modelId: MODEL });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.predict[0]!.concepts.map((c) => c.name)).toEqual(expectedNames(images[0]!));
    expect(svc.crashes()).toEqual([]);
  });
});
