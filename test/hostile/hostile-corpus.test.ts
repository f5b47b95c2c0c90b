import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectedConceptsFor, startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { startService, type RunningService } from '../support/service.js';
import { graphqlDocuments } from './corpus/graphql-documents.js';
import { httpBodies } from './corpus/http-bodies.js';
import { imageInputs } from './corpus/image-inputs.js';
import { multipartRequests } from './corpus/multipart.js';
import { HOSTILE_ENV } from './hostile-env.js';
import { KNOWN_CODES, MODEL, PREDICT, codesOf, http, type HostileCase } from './support.js';

const CORPUS: Record<string, HostileCase[]> = {
  'HTTP and JSON bodies': httpBodies,
  'GraphQL documents and arguments': graphqlDocuments,
  'image inputs': imageInputs,
  'multipart requests': multipartRequests,
};

let fake: FakeClarifai;
let svc: RunningService;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['hostile-pat-0001'] });
  svc = await startService({ CLARIFAI_PAT: 'hostile-pat-0001', CLARIFAI_API_BASE: fake.url, ...HOSTILE_ENV });
});
afterAll(async () => {
  await svc.close();
  await fake.close();
});

it('the corpus has at least 60 cases, each with its own name', () => {
  const names = Object.values(CORPUS)
    .flat()
    .map((c) => c.name);
  expect(names.length).toBeGreaterThanOrEqual(60);
  expect(new Set(names).size).toBe(names.length);
});

describe.each(Object.entries(CORPUS))('%s', (_group, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s → a 4xx or a GraphQL error with a known code, never a 5xx', async (_name, c) => {
    const reply = await c.send(svc.url);
    expect(reply.status).toBeLessThan(500);
    if (c.bareHttp) {
      // Node's HTTP parser answers (or the client left first): no body of ours, but never a 5xx.
      expect(reply.status === 0 || (reply.status >= 400 && reply.status < 500)).toBe(true);
      return;
    }
    expect(reply.contentType).toMatch(/^application\/(graphql-response\+)?json/);
    const codes = codesOf(reply);
    expect(codes).toBeDefined();
    expect(codes!.length).toBeGreaterThan(0);
    for (const code of codes!) expect(KNOWN_CODES).toContain(code);
    if (reply.status === 200) expect(JSON.parse(reply.text).errors.length).toBeGreaterThan(0);
    if (c.codes) expect(codes!.some((code) => c.codes!.includes(code))).toBe(true);
  });
});

it('is healthy after the whole corpus, and still answers a normal request', async () => {
  expect((await http(svc.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
  const url = 'https://img.example/after-hostile.jpg';
  const reply = await http(svc.url, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PREDICT, variables: { images: [{ url }], modelId: MODEL } }),
  });
  expect(reply.status).toBe(200);
  const body = JSON.parse(reply.text);
  expect(body.errors).toBeUndefined();
  expect(body.data.predict[0].concepts.map((c: { name: string }) => c.name)).toEqual(expectedConceptsFor({ url }, MODEL).map((c) => c.name));
});
