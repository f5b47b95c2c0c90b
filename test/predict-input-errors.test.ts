import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { prepareInput } from '../src/images/prepare-input.js';
import { ImageError } from '../src/error-codes.js';
import { startFakeClarifai, type FakeClarifai } from './support/fake-clarifai/index.js';
import { makePng } from './support/images.js';
import { PREDICT, postGraphQL, startService, type RunningService } from './support/service.js';

let fake: FakeClarifai;
let svc: RunningService;
const MODEL = 'general-image-recognition';

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['server-pat-123'] });
  svc = await startService({ CLARIFAI_PAT: 'server-pat-123', CLARIFAI_API_BASE: fake.url, MAX_IMAGES_PER_OPERATION: '50' });
});
afterAll(async () => {
  await svc.close();
  await fake.close();
});

const codes = (body: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => body.errors?.map((e) => e.extensions?.code);

describe('bad input gets a clear error with a stable code', () => {
  it('both url and base64 in one image (variables)', async () => {
    const res = await postGraphQL(svc.url, PREDICT, { images: [{ url: 'https://x/a.jpg', base64: 'AAAA' }], modelId: MODEL });
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.errors![0]!.message).toMatch(/Exactly one key must be specified/);
  });

  it('both url and base64 in one image (literal)', async () => {
    const res = await postGraphQL(svc.url, `{ predict(images: [{ url: "https://x/a.jpg", base64: "AAAA" }], modelId: "m") { concepts { id } } }`);
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('neither url nor base64', async () => {
    const res = await postGraphQL(svc.url, PREDICT, { images: [{}], modelId: MODEL });
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('the resolver guards the one-of rule itself, for routers that drop @oneOf', async () => {
    const limits = { maxBytes: 1e6, maxPixels: 1e6, autoOrient: true };
    for (const input of [{ url: 'https://x/a.jpg', base64: 'AAAA' }, {}]) {
      const out = await prepareInput(input as never, limits);
      expect(out).toBeInstanceOf(ImageError);
      expect((out as ImageError).code).toBe('INVALID_IMAGE_INPUT');
    }
  });

  it('an empty list', async () => {
    const res = await postGraphQL(svc.url, PREDICT, { images: [], modelId: MODEL });
    expect(codes(res.body)).toEqual(['EMPTY_IMAGE_LIST']);
    expect(res.body.data).toBeNull();
  });

  it('more images than the cap', async () => {
    const images = Array.from({ length: 51 }, (_, i) => ({ url: `https://x/${i}.jpg` }));
    const res = await postGraphQL(svc.url, PREDICT, { images, modelId: MODEL });
    expect(codes(res.body)).toEqual(['TOO_MANY_IMAGES']);
    expect(res.body.errors![0]!.message).toMatch(/at most 50/);
  });

  it('invalid base64 fails that image only', async () => {
    const good = (await makePng(7)).toString('base64');
    const res = await postGraphQL<{ predict: unknown[] }>(svc.url, PREDICT, {
      images: [{ base64: good }, { base64: 'not*base64!' }],
      modelId: MODEL,
    });
    expect(res.body.data!.predict[0]).not.toBeNull();
    expect(res.body.data!.predict[1]).toBeNull();
    expect(codes(res.body)).toEqual(['INVALID_BASE64']);
    expect(res.body.errors![0]!.path).toEqual(['predict', 1]);
  });

  it.each([0, 201])('maxConcepts %i', async (maxConcepts) => {
    const res = await postGraphQL(svc.url, PREDICT, { images: [{ url: 'https://x/a.jpg' }], modelId: MODEL, options: { maxConcepts } });
    expect(codes(res.body)).toEqual(['INVALID_PREDICT_OPTIONS']);
    expect(res.body.errors![0]!.message).toMatch(/between 1 and 200/);
  });

  it('minValue outside 0..1', async () => {
    const res = await postGraphQL(svc.url, PREDICT, { images: [{ url: 'https://x/a.jpg' }], modelId: MODEL, options: { minValue: 1.5 } });
    expect(codes(res.body)).toEqual(['INVALID_PREDICT_OPTIONS']);
  });

  it('a URL with another scheme or with credentials', async () => {
    const res = await postGraphQL<{ predict: unknown[] }>(svc.url, PREDICT, {
      images: [{ url: 'ftp://x/a.jpg' }, { url: 'https://user:pw@x/a.jpg' }],
      modelId: MODEL,
    });
    expect(codes(res.body)).toEqual(['INVALID_URL', 'INVALID_URL']);
    expect(JSON.stringify(res.body)).not.toContain('pw@');
  });

  it('a body that is not JSON gets a JSON error, not HTML', async () => {
    const res = await fetch(`${svc.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });
});
