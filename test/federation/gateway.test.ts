import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { expectedConceptsFor, startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { startService, type RunningService } from '../support/service.js';
import { makeProducts, startCatalogue, type Product, type RunningSubgraph } from './support/catalogue-subgraph.js';
import { startGateway } from './support/gateway.js';

const MODEL = 'general-image-recognition';
const QUERY = `{ products { id image { url predictions(modelId: "${MODEL}") { concepts { id name value } } } } }`;

type Concept = { id: string; name: string; value: number };
type Row = { id: string; image: { url: string; predictions: { concepts: Concept[] } | null } | null };
type Body = { data?: { products: Row[] }; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> };

// The catalogue's data: 300 products, then a few whose images fail in different places.
const products: Product[] = [
  ...makeProducts(300),
  { id: 'bad-url', name: 'Bad URL', imageUrl: 'ftp://img.example/not-http.jpg' },
  { id: 'no-download', name: 'Unreachable', imageUrl: 'https://img.example/fail-download.jpg' },
  { id: 'no-image', name: 'No image', imageUrl: null },
];

let fake: FakeClarifai;
let svc: RunningService;
let catalogue: RunningSubgraph;
let gateway: { url: string; close(): Promise<void> };

const predictCalls = () => fake.calls.filter((c) => c.path.endsWith('/outputs'));
const slim = (concepts: Concept[]) => concepts.map(({ id, name, value }) => ({ id, name, value }));

async function query(productCount: number): Promise<Body> {
  shown = productCount;
  const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
  expect(res.status).toBe(200);
  return (await res.json()) as Body;
}
// The catalogue serves the first `shown` products, so one gateway serves both the clean and the faulty case.
let shown = 300;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['server-pat'], latency: { perCallMs: 50, perImageMs: 0.2 } });
  svc = await startService({ CLARIFAI_PAT: 'server-pat', CLARIFAI_API_BASE: fake.url });
  catalogue = await startCatalogue(() => products.slice(0, shown));
  gateway = await startGateway([
    { name: 'catalogue', url: catalogue.url },
    { name: 'image-predict', url: `${svc.url}/graphql` },
  ]);
});
afterAll(async () => {
  await gateway?.close();
  await catalogue?.close();
  await svc?.close();
  await fake?.close();
});
beforeEach(() => fake.reset());

describe('a federated query across the catalogue and this subgraph', () => {
  it('labels 300 products with their own concepts in 3 upstream calls', async () => {
    const body = await query(300);
    expect(body.errors).toBeUndefined();
    const rows = body.data!.products;
    expect(rows).toHaveLength(300);
    rows.forEach((row, i) => {
      expect(row.id).toBe(`p${i}`);
      expect(row.image!.url).toBe(products[i]!.imageUrl);
      expect(row.image!.predictions!.concepts).toEqual(slim(expectedConceptsFor({ url: products[i]!.imageUrl! }, MODEL)));
    });
    const calls = predictCalls();
    console.log(`300 products through the gateway: ${calls.length} upstream calls (${calls.map((c) => c.inputCount).join(', ')} images)`);
    expect(calls.map((c) => c.inputCount)).toEqual([128, 128, 44]);
  });

  it('a failed image is null with an error at its own path; its neighbours are labelled', async () => {
    const body = await query(products.length);
    const rows = body.data!.products;
    const at = (id: string) => rows.findIndex((r) => r.id === id);
    expect(rows[at('bad-url')]!.image).toEqual({ url: 'ftp://img.example/not-http.jpg', predictions: null });
    expect(rows[at('no-download')]!.image!.predictions).toBeNull();
    expect(rows[at('no-image')]!.image).toBeNull();
    expect(rows.filter((r) => r.image?.predictions).length).toBe(300);
    const errors = body.errors!.map((e) => ({ path: e.path, code: e.extensions?.code }));
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: ['products', at('bad-url'), 'image', 'predictions'], code: 'INVALID_URL' },
        { path: ['products', at('no-download'), 'image', 'predictions'], code: 'IMAGE_DOWNLOAD_FAILED' },
      ]),
    );
    expect(errors).toHaveLength(2);
    // The bad URL never leaves this service; the unreachable one is Clarifai's to refuse.
    expect(fake.imagesSent).toBe(301);
  });
});
