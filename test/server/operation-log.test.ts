import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { PREDICT, startService, type RunningService } from '../support/service.js';

const lines: Array<Record<string, unknown>> = [];
let fake: FakeClarifai;
let svc: RunningService;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['log-pat'] });
  const capture = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  svc = await startService(
    { CLARIFAI_PAT: 'log-pat', CLARIFAI_API_BASE: fake.url, LOG_LEVEL: 'info', PREDICTION_CACHE_MB: '8' },
    { logDestination: capture },
  );
});
afterAll(async () => {
  await svc.close();
  await fake.close();
});

async function send(images: unknown[], headers: Record<string, string> = {}) {
  const res = await fetch(`${svc.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: PREDICT, variables: { images, modelId: 'general-image-recognition' } }),
  });
  return { header: res.headers.get('x-request-id'), body: (await res.json()) as { errors?: Array<{ extensions: Record<string, unknown> }> } };
}
const opLines = () => lines.filter((l) => l.msg === 'operation');

it('logs one info line per operation: request id, name, images, outcome codes with counts, cache hits, duration', async () => {
  const images = [{ url: 'https://img.example/log/a.jpg' }, { url: 'https://img.example/log/b.jpg' }, { url: 'ftp://nope' }];
  const first = await send(images, { 'x-request-id': 'client-id-42' });
  const again = await send(images.slice(0, 1));
  expect(first.header).toBe('client-id-42');
  expect(opLines()).toHaveLength(2);
  expect(opLines()[0]).toMatchObject({
    level: 30,
    requestId: 'client-id-42',
    operation: 'Predict',
    type: 'query',
    outcome: 'partial',
    images: 3,
    outcomes: { OK: 2, INVALID_URL: 1 },
    cacheHits: 0,
  });
  expect(typeof opLines()[0]!.ms).toBe('number');
  // The second asks for an image already answered: a memory cache hit.
  expect(opLines()[1]).toMatchObject({ requestId: again.header, outcome: 'ok', images: 1, outcomes: { OK: 1 }, cacheHits: 1 });
});

it('puts the request id in every error, and makes one when the caller sent none or an unusable one', async () => {
  const made = await send([{ url: 'ftp://nope' }]);
  expect(made.header).toMatch(/^[0-9a-f-]{36}$/);
  expect(made.body.errors!.map((e) => e.extensions.requestId)).toEqual([made.header]);
  for (const bad of ['x'.repeat(129), 'has space', 'tab\tinside']) {
    const res = await send([{ url: 'ftp://nope' }], { 'x-request-id': bad });
    expect(res.header).not.toBe(bad);
    expect(res.header).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.errors![0]!.extensions.requestId).toBe(res.header);
  }
  const invalid = await fetch(`${svc.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'v-1' },
    body: JSON.stringify({ query: '{ nope }' }),
  });
  const body = (await invalid.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
  expect(body.errors[0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', requestId: 'v-1' });
  expect(opLines().at(-1)).toMatchObject({ requestId: 'v-1', outcome: 'error', images: 0, errors: ['GRAPHQL_VALIDATION_FAILED'] });
});
