import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { postGraphQL, startService, type GraphQLResponse, type RunningService } from '../support/service.js';

const MODEL = 'general-image-recognition';
let fake: FakeClarifai;
let svc: RunningService;
let shallow: RunningService;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['server-pat'] });
  const env = { CLARIFAI_PAT: 'server-pat', CLARIFAI_API_BASE: fake.url };
  svc = await startService(env); // the defaults: 1,024 images, 32 predict fields, depth 12
  shallow = await startService({ ...env, MAX_QUERY_DEPTH: '3' });
});
afterAll(async () => {
  await Promise.all([svc?.close(), shallow?.close()]);
  await fake?.close();
});
beforeEach(() => fake.reset());

const urls = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ url: `https://img.example/limits/${from + i}.jpg` }));
const upstreamImages = () => fake.imagesSent;

/** One operation with one aliased predict field per image list, each list in its own variable. */
function aliased(lists: Array<Array<{ url: string }>>): [string, Record<string, unknown>] {
  const vars = lists.map((_, k) => `$i${k}: [ImageInput!]!`).join(', ');
  const fields = lists.map((_, k) => `a${k}: predict(images: $i${k}, modelId: "${MODEL}") { concepts { id } }`).join('\n');
  return [`query Many(${vars}) { ${fields} }`, Object.fromEntries(lists.map((l, k) => [`i${k}`, l]))];
}

function expectRefused(res: GraphQLResponse, code: string, limit: number): void {
  expect(res.status).toBe(400);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors![0]!.extensions).toEqual({ code, limit, requestId: expect.any(String) });
  expect(upstreamImages()).toBe(0);
}

describe('images per operation, over every predict field and alias', () => {
  it('refuses 20 aliased predict fields of 100 images each (2,000 > 1,024) before any upstream call', async () => {
    const res = await postGraphQL(svc.url, ...aliased(Array.from({ length: 20 }, (_, k) => urls(100, k * 100))));
    expectRefused(res, 'TOO_MANY_IMAGES', 1024);
    expect(res.body.errors![0]!.message).toBe(
      'The operation asks for 2000 images over all its predict fields; this server accepts at most 1024 per operation. Split them over several operations.',
    );
  });

  it('accepts exactly the cap, and refuses one image more (literal lists count too)', async () => {
    const lists = Array.from({ length: 8 }, (_, k) => urls(128, k * 128));
    const atCap = await postGraphQL<Record<string, unknown[]>>(svc.url, ...aliased(lists));
    expect(atCap.body.errors).toBeUndefined();
    expect(Object.values(atCap.body.data!).flat()).toHaveLength(1024);
    fake.reset();
    const [query, variables] = aliased(lists);
    const oneMore = query.replace(
      / }$/,
      ` extra: predict(images: [{ url: "https://img.example/one-more.jpg" }], modelId: "${MODEL}") { concepts { id } } }`,
    );
    expectRefused(await postGraphQL(svc.url, oneMore, variables), 'TOO_MANY_IMAGES', 1024);
  });

  it('counts Image entities a router asks for: one image per representation', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Image { predictions(modelId: "${MODEL}") { concepts { id } } } } }`;
    const reps = urls(1025).map((u) => ({ __typename: 'Image', ...u }));
    expectRefused(await postGraphQL(svc.url, query, { r: reps }), 'TOO_MANY_IMAGES', 1024);
  });
});

describe('predict fields per operation (alias flood)', () => {
  it('accepts 32 aliased predict fields and refuses 33', async () => {
    const ok = await postGraphQL(svc.url, ...aliased(Array.from({ length: 32 }, (_, k) => urls(1, k))));
    expect(ok.body.errors).toBeUndefined();
    fake.reset();
    const res = await postGraphQL(svc.url, ...aliased(Array.from({ length: 33 }, (_, k) => urls(1, k))));
    expectRefused(res, 'TOO_MANY_PREDICT_FIELDS', 32);
  });
});

describe('query depth', () => {
  const query = (selection: string) => `query($i: [ImageInput!]!) { predict(images: $i, modelId: "${MODEL}") ${selection} }`;

  it('accepts an operation at MAX_QUERY_DEPTH and refuses one level deeper', async () => {
    const atLimit = await postGraphQL(shallow.url, query('{ concepts { id } }'), { i: urls(1) });
    expect(atLimit.body.errors).toBeUndefined();
    fake.reset();
    const res = await postGraphQL(shallow.url, query('{ regions { concepts { id } } }'), { i: urls(1) });
    expectRefused(res, 'QUERY_TOO_DEEP', 3);
    expect(res.body.errors![0]!.message).toBe('The operation nests fields 4 deep; this server allows at most 3.');
  });
});
