import { afterAll, beforeAll, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { scaled, scaledTimeout } from '../support/scale.js';
import { startService, type RunningService } from '../support/service.js';
import { HOSTILE_ENV } from './hostile-env.js';
import { KNOWN_CODES, MODEL, PREDICT, http } from './support.js';

// Property: whatever body arrives at POST /graphql, the answer is JSON, never a 5xx, and every error in it
// carries a known code. Bodies are generated around the predict operation, from valid to garbage.
const RUNS = scaled(300, 3_000);
const PNGS = ['iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='];
let fake: FakeClarifai;
let svc: RunningService;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['fuzz-pat-0001'], recordBytes: false });
  svc = await startService({ CLARIFAI_PAT: 'fuzz-pat-0001', CLARIFAI_API_BASE: fake.url, ...HOSTILE_ENV });
});
afterAll(async () => {
  await svc.close();
  await fake.close();
});

/** The predict document with a random cut, insertion or duplicated piece. */
const mutatedQuery = fc
  .tuple(fc.nat({ max: PREDICT.length }), fc.nat({ max: 40 }), fc.string({ maxLength: 12 }))
  .map(([at, cut, insert]) => PREDICT.slice(0, at) + insert + PREDICT.slice(Math.min(PREDICT.length, at + cut)));

const query = fc.oneof(
  { weight: 12, arbitrary: fc.constant(PREDICT) },
  { weight: 3, arbitrary: mutatedQuery },
  fc.constantFrom(
    '{ __typename }',
    '{ models { id } }',
    'mutation { predict }',
    '{ predict }',
    `{ predict(images: [], modelId: "${MODEL}") { concepts { id } } }`,
  ),
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const imageInput = fc.oneof(
  { weight: 12, arbitrary: fc.record({ url: fc.webUrl() }) },
  fc.record({ url: fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('ftp://x/a.jpg', 'https://u:p@x/a.jpg', 'file:///etc/passwd', '')) }),
  { weight: 4, arbitrary: fc.constantFrom(...PNGS).map((base64) => ({ base64 })) },
  fc.record({ base64: fc.oneof(fc.base64String({ maxLength: 200 }), fc.string({ maxLength: 100 })) }),
  fc.record({ file: fc.constant(null) }),
  fc.record({ url: fc.webUrl(), base64: fc.base64String({ maxLength: 8 }) }),
  fc.jsonValue({ maxDepth: 2 }),
);

const options = fc.record(
  {
    minValue: fc.oneof({ weight: 6, arbitrary: fc.double({ min: -1, max: 2, noNaN: true }) }, fc.jsonValue({ maxDepth: 1 })),
    maxConcepts: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -5, max: 300 }) }, fc.integer(), fc.jsonValue({ maxDepth: 1 })),
    selectConcepts: fc.array(fc.record({ id: fc.string({ maxLength: 10 }), name: fc.constantFrom('train', 'dog', 'nope') }, { requiredKeys: [] }), {
      maxLength: 4,
    }),
    autoOrient: fc.oneof({ weight: 3, arbitrary: fc.boolean() }, fc.jsonValue({ maxDepth: 1 })),
  },
  { requiredKeys: [] },
);

const variables = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        images: fc.array(imageInput, { maxLength: 4 }),
        modelId: fc.oneof(
          { weight: 6, arbitrary: fc.constant(MODEL) },
          fc.constantFrom('does-not-exist', 'local-moderation'),
          fc.string({ maxLength: 40 }),
        ),
        options: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, options),
      },
      { requiredKeys: ['images', 'modelId'] },
    ),
  },
  fc.jsonValue({ maxDepth: 3 }),
);

const operationName = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constant('P') },
  fc.jsonValue({ maxDepth: 1 }),
);

const body = fc.oneof(
  { weight: 8, arbitrary: fc.record({ query, variables, operationName }, { requiredKeys: ['query', 'variables'] }).map((o) => JSON.stringify(o)) },
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 300 }),
);

it(
  `never answers ${RUNS} generated bodies with a 5xx, always with JSON, every error with a known code`,
  async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const reply = await http(svc.url, { headers: { 'content-type': 'application/json' }, body: text });
        expect(reply.status).toBeLessThan(500);
        expect(reply.contentType).toMatch(/^application\/(graphql-response\+)?json/);
        const parsed = JSON.parse(reply.text) as { errors?: Array<{ extensions?: { code?: unknown } }> };
        for (const e of parsed.errors ?? []) expect(KNOWN_CODES).toContain(e.extensions?.code);
        if (reply.status >= 400) expect(parsed.errors?.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20_251_121) },
    );
    expect((await http(svc.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
  },
  scaledTimeout(60_000, 600_000),
);
