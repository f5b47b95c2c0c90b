import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { closestLocalId } from '../../src/backends/did-you-mean.js';
import { ModelRouter } from '../../src/backends/model-router.js';
import type { PredictBackend, PredictCall } from '../../src/backends/predict-backend.js';
import { EXAMPLE_IMAGE_BASE64 } from '../../src/server/explorer/example-image.js';
import { postGraphQL, startService, type RunningService } from '../support/service.js';
import { LocalLimiter } from '../../src/limiter/local-limiter.js';
import { noPermit } from '../support/calls.js';

const QUERY = 'query ($images: [ImageInput!]!, $modelId: ID!) { predict(images: $images, modelId: $modelId) { concepts { name } } }';
const LOCAL = ['local-objects', 'local-moderation'];
let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.close();
});

const predictWith = (modelId: string) => postGraphQL(svc.url, QUERY, { images: [{ base64: EXAMPLE_IMAGE_BASE64 }], modelId });

it.each([
  ['local-object', 'local-objects'],
  ['Local-Objects', 'local-objects'],
  ['lcoal-moderation', 'local-moderation'],
  ['local-moderaton', 'local-moderation'],
])('without a key, %s is an unknown model with a did-you-mean (%s)', async (typo, meant) => {
  const res = await predictWith(typo);
  const error = res.body.errors![0]!;
  expect(error.extensions!.code).toBe('MODEL_NOT_FOUND');
  expect(error.path).toEqual(['predict', 0]);
  expect(error.message).toBe(
    `Image 0: Unknown model "${typo}": did you mean "${meant}"? It is not a local model, and no Clarifai PAT is configured to look it up at Clarifai.`,
  );
});

it('an id far from every local one is still a Clarifai id, and the answer says a key is what is missing', async () => {
  const res = await predictWith('general-image-recogniton');
  expect(res.body.errors![0]!.extensions!.code).toBe('CLARIFAI_NOT_CONFIGURED');
  expect(res.body.errors![0]!.message).toMatch(/not a local model.*set CLARIFAI_PAT/);
});

it('suggests only for near misses; long ids cost nothing', () => {
  expect(closestLocalId('general-image-recognition', LOCAL)).toBeUndefined();
  expect(closestLocalId('nsfw-recognition', LOCAL)).toBeUndefined();
  expect(closestLocalId('local-objcets', LOCAL)).toBe('local-objects');
  expect(closestLocalId('m'.repeat(100_000), LOCAL)).toBeUndefined();
});

it('with a credential a near-miss id still goes to Clarifai (an account may own a model of that name)', async () => {
  const calls: PredictCall[] = [];
  const clarifai: PredictBackend = {
    name: 'clarifai',
    maxImagesPerCall: 128,
    maxBytesPerCall: 1,
    limiterFor: () => new LocalLimiter({ ratePerSecond: 10, maxInFlight: 1 }),
    predict: async (call) => {
      calls.push(call);
      return [];
    },
  };
  const router = new ModelRouter(clarifai, new Map(LOCAL.map((id) => [id, clarifai])));
  const call = { credential: 'pat', model: { modelId: 'local-object', userId: 'u', appId: 'a' }, options: {}, images: [], interests: [] };
  await router.backendFor('local-object').predict(call, noPermit);
  expect(calls).toEqual([call]);
});
