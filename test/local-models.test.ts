import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectedConceptsFor, startFakeClarifai, type FakeClarifai } from './support/fake-clarifai/index.js';
import { makePng } from './support/images.js';
import { postGraphQL, startService, type RunningService } from './support/service.js';

const photo = (name: string) => readFileSync(new URL(`./fixtures/photos/${name}.jpg`, import.meta.url)).toString('base64');
type Concept = { id: string; name: string; value: number };
type Item = {
  concepts: Concept[];
  regions: Array<{ boundingBox: { top: number; left: number; bottom: number; right: number }; concepts: Concept[] }>;
  model: { id: string; versionId: string };
} | null;
const top = (item: Item, n: number) => item!.concepts.slice(0, n).map((c) => c.name);

const TWO_MODELS = `query ($local: [ImageInput!]!, $remote: [ImageInput!]!) {
  objects: predict(images: $local, modelId: "local-objects") { concepts { id name value } regions { boundingBox { top left bottom right } concepts { name value } } model { id versionId } }
  moderation: predict(images: $local, modelId: "local-moderation") { concepts { id name value } }
  general: predict(images: $remote, modelId: "general-image-recognition") { concepts { id name value } }
}`;

let fake: FakeClarifai;
let keyed: RunningService;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['server-pat-123'] });
  keyed = await startService({ CLARIFAI_PAT: 'server-pat-123', CLARIFAI_API_BASE: fake.url, LOCAL_MODELS: 'true', LOCAL_WORKERS: '2' });
}, 120_000);
afterAll(async () => {
  await keyed.close();
  await fake.close();
});

describe('local models through GraphQL', () => {
  it('lists every model with its backend, vocabulary and availability', async () => {
    const res = await postGraphQL<{
      models: Array<{
        id: string;
        backend: string;
        available: boolean;
        conceptCount: number | null;
        returnsRegions: boolean;
        concepts: Array<{ id: string }> | null;
      }>;
    }>(keyed.url, '{ models { id backend available conceptCount returnsRegions concepts { id } } }');
    const byId = Object.fromEntries(res.body.data!.models.map((m) => [m.id, m]));
    expect(byId['local-objects']).toMatchObject({ backend: 'LOCAL', available: true, conceptCount: 80, returnsRegions: true });
    expect(byId['local-objects']!.concepts!.map((c) => c.id)).toContain('coco_dog');
    expect(byId['local-moderation']).toMatchObject({ backend: 'LOCAL', available: true, conceptCount: 7, returnsRegions: false });
    expect(byId['general-image-recognition']).toMatchObject({ backend: 'CLARIFAI', available: true, conceptCount: null });
  });

  it('recognises real photos: a dog, horses, a person, a bird', async () => {
    const names = ['dog', 'horses', 'person', 'eagle'];
    const res = await postGraphQL<{ predict: Item[] }>(
      keyed.url,
      'query ($i: [ImageInput!]!) { predict(images: $i, modelId: "local-objects") { concepts { id name value } } }',
      {
        i: names.map((n) => ({ base64: photo(n) })),
      },
    );
    expect(res.body.errors).toBeUndefined();
    const [dog, horses, person, eagle] = res.body.data!.predict;
    expect(top(dog!, 3)).toContain('dog');
    expect(top(horses!, 3)).toContain('horse');
    expect(top(person!, 3)).toContain('person');
    expect(top(eagle!, 3)).toContain('bird');
  });

  it('mixes local and Clarifai models and bad images in one operation, each with its own result', async () => {
    const png = await makePng(99);
    const local = [{ base64: photo('eagle') }, { base64: 'bad!!' }, { url: 'https://img.example/for-local.jpg' }, { base64: photo('horses') }];
    const remote = [{ url: 'https://img.example/remote.jpg' }, { base64: png.toString('base64') }, { url: 'https://img.example/fail-download.jpg' }];
    const res = await postGraphQL<{ objects: Item[]; moderation: Item[]; general: Item[] }>(keyed.url, TWO_MODELS, { local, remote });
    const d = res.body.data!;
    // The bird fills most of eagle.jpg: its box must cover the middle of the picture.
    const bird = d.objects[0]!.regions.find((r) => r.concepts[0]!.name === 'bird')!;
    expect(bird.boundingBox.top).toBeLessThan(0.5);
    expect(bird.boundingBox.bottom).toBeGreaterThan(0.5);
    expect(bird.boundingBox.left).toBeLessThan(0.5);
    expect(bird.boundingBox.right).toBeGreaterThan(0.5);
    expect((bird.boundingBox.bottom - bird.boundingBox.top) * (bird.boundingBox.right - bird.boundingBox.left)).toBeGreaterThan(0.2);
    expect(d.objects[0]!.model.id).toBe('local-objects');
    expect(top(d.objects[3]!, 3)).toContain('horse');
    expect(top(d.moderation[0]!, 1)).toEqual(['sfw']);
    expect(d.general[0]!.concepts[0]!.id).toBe(expectedConceptsFor({ url: remote[0]!.url }, 'general-image-recognition')[0]!.id);
    expect(d.general[1]!.concepts[0]!.id).toBe(expectedConceptsFor({ bytes: png }, 'general-image-recognition')[0]!.id);
    const errors = Object.fromEntries(res.body.errors!.map((e) => [e.path!.join('.'), e.extensions!.code]));
    expect(errors).toEqual({
      'objects.1': 'INVALID_BASE64',
      'objects.2': 'IMAGE_DOWNLOAD_FAILED',
      'moderation.1': 'INVALID_BASE64',
      'moderation.2': 'IMAGE_DOWNLOAD_FAILED',
      'general.2': 'IMAGE_DOWNLOAD_FAILED',
    });
    expect(d.objects[1]).toBeNull();
    expect(d.general[2]).toBeNull();
  });
});

describe('without a Clarifai key', () => {
  let keyless: RunningService;
  beforeAll(async () => {
    keyless = await startService({ CLARIFAI_API_BASE: fake.url, LOCAL_MODELS: 'false' });
  });
  afterAll(async () => keyless.close());

  it('a Clarifai model is a clear per-image error that says how to set the key', async () => {
    const res = await postGraphQL<{ predict: Item[] }>(
      keyless.url,
      '{ predict(images: [{ url: "https://img.example/a.jpg" }], modelId: "general-image-recognition") { concepts { id } } }',
    );
    expect(res.body.data!.predict).toEqual([null]);
    expect(res.body.errors![0]!.extensions!.code).toBe('CLARIFAI_NOT_CONFIGURED');
    expect(res.body.errors![0]!.message).toMatch(/CLARIFAI_PAT/);
  });

  it('local models switched off answer LOCAL_BACKEND_UNAVAILABLE, not a Clarifai error', async () => {
    const res = await postGraphQL(keyless.url, `{ predict(images: [{ base64: "${photo('dog')}" }], modelId: "local-objects") { concepts { id } } }`);
    expect(res.body.errors![0]!.extensions!.code).toBe('LOCAL_BACKEND_UNAVAILABLE');
    expect(res.body.errors![0]!.message).toMatch(/LOCAL_MODELS=false/);
  });
});
