import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { expectedConceptsFor, startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { startService, type GraphQLResponse, type RunningService } from '../support/service.js';

const MODEL = 'general-image-recognition';
const QUERY = `query Label($images: [ImageInput!]!) { predict(images: $images, modelId: "${MODEL}") { concepts { id name } } }`;
const HASH = createHash('sha256').update(QUERY).digest('hex');
const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

let fake: FakeClarifai;
let svc: RunningService;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['server-pat'] });
  svc = await startService({ CLARIFAI_PAT: 'server-pat', CLARIFAI_API_BASE: fake.url, MAX_IMAGES_PER_OPERATION: '10' });
});
afterAll(async () => {
  await svc?.close();
  await fake?.close();
});
beforeEach(() => fake.reset());

async function post(body: Record<string, unknown>): Promise<GraphQLResponse<{ predict: Array<{ concepts: Array<{ id: string; name: string }> }> }>> {
  const res = await fetch(`${svc.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as never };
}

const image = { url: 'https://img.example/apq.jpg' };
const expected = expectedConceptsFor(image, MODEL).map(({ id, name }) => ({ id, name }));

describe("automatic persisted queries (Apollo Server's default, in-memory)", () => {
  it('hash unknown → PERSISTED_QUERY_NOT_FOUND; hash with query → runs and registers; hash alone → runs', async () => {
    const variables = { images: [image] };
    const unknown = await post({ variables, extensions: persisted(HASH) });
    expect(unknown.status).toBe(200);
    expect(unknown.body.errors).toEqual([
      { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', requestId: expect.any(String) } },
    ]);
    expect(fake.calls).toHaveLength(0);

    const registered = await post({ query: QUERY, variables, extensions: persisted(HASH) });
    expect(registered.body).toEqual({ data: { predict: [{ concepts: expected }] } });

    const hashOnly = await post({ variables, extensions: persisted(HASH) });
    expect(hashOnly.body).toEqual({ data: { predict: [{ concepts: expected }] } });
    expect(fake.calls.map((c) => c.inputCount)).toEqual([1, 1]);
  });

  it('refuses a query whose hash does not match it', async () => {
    const res = await post({ query: QUERY, variables: { images: [image] }, extensions: persisted('0'.repeat(64)) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST', requestId: expect.any(String) } },
    ]);
    expect(fake.calls).toHaveLength(0);
  });

  it('holds persisted operations to the same limits, counted from their variables', async () => {
    await post({ query: QUERY, variables: { images: [image] }, extensions: persisted(HASH) });
    fake.reset();
    const images = Array.from({ length: 11 }, (_, i) => ({ url: `https://img.example/apq-${i}.jpg` }));
    const res = await post({ variables: { images }, extensions: persisted(HASH) });
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toEqual({ code: 'TOO_MANY_IMAGES', limit: 10, requestId: expect.any(String) });
    expect(fake.calls).toHaveLength(0);
  });
});
