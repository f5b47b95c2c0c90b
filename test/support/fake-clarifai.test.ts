import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import {
  BYTES_PLACEHOLDER_URL,
  DEFAULT_VERSION_ID,
  ECHOED_BASE64,
  expectedConceptsFor,
  startFakeClarifai,
  type FakeClarifai,
  type FakeClarifaiOptions,
} from './fake-clarifai/index.js';

// The repository's copy of a real Clarifai response (source: test/fixtures/clarifai/README.md).
const fixture = JSON.parse(readFileSync(path.resolve(process.cwd(), 'test/fixtures/clarifai/rest-outputs.json'), 'utf8')) as Record<string, any>;

const MODEL = 'general-image-recognition';
const FULL_PATH = `/v2/users/clarifai/apps/main/models/${MODEL}/versions/${DEFAULT_VERSION_ID}/outputs`;
const IMG_A = Buffer.from('fake image A bytes \x00\x01\x02');
const IMG_B = Buffer.from('fake image B bytes \xff\xfe');
const b64 = (b: Buffer): string => b.toString('base64');
const byBytes = (bytes: Buffer, id?: string) => ({ ...(id ? { id } : {}), data: { image: { base64: b64(bytes) } } });
const byUrl = (url: string, id?: string) => ({ ...(id ? { id } : {}), data: { image: { url } } });

const agent = new Agent({ keepAliveTimeout: 10_000 });

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

async function call(
  fake: FakeClarifai,
  body: unknown,
  opts: { path?: string; pat?: string | null; auth?: string; method?: 'POST' | 'GET' | 'PUT'; headersTimeout?: number } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.auth !== undefined) headers.authorization = opts.auth;
  else if (opts.pat !== null) headers.authorization = `Key ${opts.pat ?? 'test-pat'}`;
  const method = opts.method ?? 'POST';
  const res = await request(fake.url + (opts.path ?? FULL_PATH), {
    method,
    headers,
    body: method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    dispatcher: agent,
    headersTimeout: opts.headersTimeout,
  });
  const text = await res.body.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

const keys = (o: object): string[] => Object.keys(o).sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withFake<T>(options: FakeClarifaiOptions, fn: (fake: FakeClarifai) => Promise<T>): Promise<T> {
  const fake = await startFakeClarifai(options);
  try {
    return await fn(fake);
  } finally {
    await fake.close();
  }
}

let fake: FakeClarifai;
beforeAll(async () => {
  fake = await startFakeClarifai();
});
afterAll(async () => {
  await fake.close();
  await agent.close();
});
beforeEach(() => fake.reset());

describe('normal call', () => {
  it('answers in the fixture shape (snake_case keys, numeric codes)', async () => {
    const r = await call(fake, { inputs: [byUrl('https://samples.clarifai.com/metro-north.jpg')] });
    expect(r.status).toBe(200);
    const out = r.json.outputs[0];
    const fx = fixture.outputs[0];
    expect(keys(r.json)).toEqual(keys(fixture));
    expect(keys(r.json.status)).toEqual(keys(fixture.status));
    expect(keys(out)).toEqual(keys(fx));
    expect(keys(out.status)).toEqual(keys(fx.status));
    expect(keys(out.model)).toEqual(keys(fx.model));
    expect(keys(out.model.model_version)).toEqual(keys(fx.model.model_version));
    expect(keys(out.model.model_version.status)).toEqual(keys(fx.model.model_version.status));
    expect(keys(out.input)).toEqual(keys(fx.input));
    expect(keys(out.input.data.image)).toEqual(keys(fx.input.data.image));
    expect(keys(out.data)).toEqual(keys(fx.data));
    expect(keys(out.data.concepts[0])).toEqual(keys(fx.data.concepts[0]));
    for (const k of keys(fx.data.concepts[0])) expect(typeof out.data.concepts[0][k]).toBe(typeof fx.data.concepts[0][k]);
    expect(r.json.status).toMatchObject({ code: 10000, description: 'Ok' });
    expect(r.json.status.req_id).toMatch(/^[0-9a-f]{32}$/);
    expect(out.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(out.model).toMatchObject({ id: MODEL, name: 'Image Recognition', app_id: 'main', user_id: 'clarifai' });
    expect(out.model.model_version).toMatchObject({ id: DEFAULT_VERSION_ID, status: { code: 21100 }, visibility: { gettable: 50 } });
    expect(out.input.data.image).toEqual({ url: 'https://samples.clarifai.com/metro-north.jpg', base64: ECHOED_BASE64 });
  });

  it('gives each image its own deterministic concepts, outputs in input order with ids echoed', async () => {
    const url = 'https://example.com/cat.jpg';
    const r = await call(fake, { inputs: [byBytes(IMG_A, 'a'), byUrl(url, 'u'), byBytes(IMG_B, 'b')] });
    expect(r.status).toBe(200);
    expect(r.json.outputs.map((o: any) => o.input.id)).toEqual(['a', 'u', 'b']);
    expect(r.json.outputs[0].data.concepts).toEqual(expectedConceptsFor({ bytes: IMG_A }, MODEL));
    expect(r.json.outputs[1].data.concepts).toEqual(expectedConceptsFor({ url }, MODEL));
    expect(r.json.outputs[2].data.concepts).toEqual(expectedConceptsFor({ bytes: IMG_B }, MODEL));
    expect(r.json.outputs[0].input.data.image).toEqual({ url: BYTES_PLACEHOLDER_URL, base64: ECHOED_BASE64 });
    expect(new Set(r.json.outputs.map((o: any) => o.id)).size).toBe(3);
  });

  it('generates input ids when absent or empty', async () => {
    const r = await call(fake, { inputs: [byBytes(IMG_A), { id: '', ...byBytes(IMG_B) }] });
    const ids = r.json.outputs.map((o: any) => o.input.id);
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.calls[0]!.inputs.map((i) => [i.id, i.idGenerated])).toEqual([
      [ids[0], true],
      [ids[1], true],
    ]);
  });

  it.each([
    ['users/apps/models/versions', `/v2/users/u1/apps/a1/models/m1/versions/v1/outputs`, undefined, ['u1', 'a1', 'm1', 'v1']],
    ['models/versions + body user_app_id', `/v2/models/m1/versions/v1/outputs`, { user_id: 'u2', app_id: 'a2' }, ['u2', 'a2', 'm1', 'v1']],
    ['users/apps/models', `/v2/users/u1/apps/a1/models/m1/outputs`, undefined, ['u1', 'a1', 'm1', DEFAULT_VERSION_ID]],
    ['models + body user_app_id', `/v2/models/m1/outputs`, { user_id: 'u2', app_id: 'a2' }, ['u2', 'a2', 'm1', DEFAULT_VERSION_ID]],
  ])('accepts path form %s', async (_name, p, userAppId, [user, app, model, version]) => {
    const r = await call(fake, { ...(userAppId ? { user_app_id: userAppId } : {}), inputs: [byBytes(IMG_A)] }, { path: p });
    expect(r.status).toBe(200);
    const out = r.json.outputs[0];
    expect(out.model).toMatchObject({ id: model, user_id: user, app_id: app, model_version: { id: version } });
    expect(out.data.concepts).toEqual(expectedConceptsFor({ bytes: IMG_A }, model!, { userId: user, appId: app }));
    expect(fake.calls[0]).toMatchObject({ userId: user, appId: app, modelId: model });
  });

  it('rejects a short path form without user_app_id', async () => {
    const r = await call(fake, { inputs: [byBytes(IMG_A)] }, { path: '/v2/models/m1/outputs' });
    expect(r.status).toBe(400);
    expect(r.json.status.code).toBe(11102);
  });

  it('records the call', async () => {
    const body = {
      inputs: [byBytes(IMG_A, 'x'), byUrl('https://e.com/1.png', 'y')],
      model: { model_version: { output_info: { output_config: { max_concepts: 3 } } } },
    };
    const r = await call(fake, body);
    expect(r.status).toBe(200);
    expect(fake.calls).toHaveLength(1);
    const c = fake.calls[0]!;
    expect(c).toMatchObject({
      pat: 'test-pat',
      method: 'POST',
      path: FULL_PATH,
      userId: 'clarifai',
      appId: 'main',
      modelId: MODEL,
      versionId: DEFAULT_VERSION_ID,
      inputCount: 2,
      outputConfig: { max_concepts: 3 },
      bodyBytes: Buffer.byteLength(JSON.stringify(body)),
      httpStatus: 200,
      statusCode: 10000,
      outcome: 'answered',
    });
    expect(c.inputs[0]).toMatchObject({ id: 'x', kind: 'base64', sha256: createHash('sha256').update(IMG_A).digest('hex'), statusCode: 10000 });
    expect(c.inputs[0]!.bytes!.equals(IMG_A)).toBe(true);
    expect(c.inputs[1]).toMatchObject({ id: 'y', kind: 'url', url: 'https://e.com/1.png', statusCode: 10000 });
    expect(c.endedAt!).toBeGreaterThanOrEqual(c.startedAt);
    expect(c.fault).toBeUndefined();
  });
});

describe('expectedConceptsFor', () => {
  it('is deterministic and leads with an img_<hash> concept', () => {
    const a1 = expectedConceptsFor({ bytes: IMG_A }, MODEL);
    expect(expectedConceptsFor({ bytes: Buffer.from(IMG_A) }, MODEL)).toEqual(a1);
    const hash = createHash('sha256').update(IMG_A).digest('hex');
    expect(a1[0]!.id).toBe(`img_${hash.slice(0, 12)}`);
    expect(a1.length).toBeGreaterThanOrEqual(5);
    expect(a1.length).toBeLessThanOrEqual(10);
    const values = a1.map((c) => c.value);
    expect([...values].sort((x, y) => y - x)).toEqual(values);
    expect(a1.every((c) => c.app_id === 'main' && c.user_id === 'clarifai')).toBe(true);
  });

  it('differs between images and between models', () => {
    const a = expectedConceptsFor({ bytes: IMG_A }, MODEL);
    const b = expectedConceptsFor({ bytes: IMG_B }, MODEL);
    const u1 = expectedConceptsFor({ url: 'https://e.com/1.jpg' }, MODEL);
    const u2 = expectedConceptsFor({ url: 'https://e.com/2.jpg' }, MODEL);
    expect(a).not.toEqual(b);
    expect(u1).not.toEqual(u2);
    expect(a[0]!.id).not.toBe(b[0]!.id);
    const other = expectedConceptsFor({ bytes: IMG_A }, 'other-model');
    expect(other[0]).toEqual(a[0]); // the identity concept is model-independent
    expect(other.slice(1)).not.toEqual(a.slice(1));
  });
});

describe('validation', () => {
  it('missing Authorization → 401 11102', async () => {
    const r = await call(fake, { inputs: [byBytes(IMG_A)] }, { pat: null });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ status: { code: 11102 }, outputs: [] });
    expect(r.json.status.req_id).toEqual(expect.any(String));
  });

  it('malformed Authorization → 401 11102', async () => {
    const r = await call(fake, { inputs: [byBytes(IMG_A)] }, { auth: 'Bearer test-pat' });
    expect(r.status).toBe(401);
    expect(r.json.status.code).toBe(11102);
  });

  it('unknown PAT → 401 11009 "API key not found"', async () => {
    const r = await call(fake, { inputs: [byBytes(IMG_A)] }, { pat: 'nope' });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ status: { code: 11009, description: 'API key not found' }, outputs: [] });
    expect(fake.calls[0]!.pat).toBe('nope');
  });

  it('unknown path → 404 11101', async () => {
    const r = await call(fake, { inputs: [byBytes(IMG_A)] }, { path: '/v2/models/x/predict' });
    expect(r.status).toBe(404);
    expect(r.json.status.code).toBe(11101);
  });

  it('non-POST → 405 11103', async () => {
    const r = await call(fake, undefined, { method: 'GET' });
    expect(r.status).toBe(405);
    expect(r.json.status.code).toBe(11103);
  });

  it('non-JSON body → 400 11100', async () => {
    const r = await call(fake, '{"inputs": [');
    expect(r.status).toBe(400);
    expect(r.json.status.code).toBe(11100);
  });

  it.each([
    ['top level', { userAppId: { user_id: 'clarifai', app_id: 'main' }, inputs: [byBytes(IMG_A)] }, 'user_app_id'],
    ['top level modelId', { modelId: MODEL, inputs: [byBytes(IMG_A)] }, 'model_id'],
    ['in inputs', { inputs: [{ data: { image: { base64: b64(IMG_A), allowDuplicateUrl: true } } }] }, 'allow_duplicate_url'],
    ['in model', { inputs: [byBytes(IMG_A)], model: { outputInfo: { output_config: { max_concepts: 2 } } } }, 'output_info'],
  ])('camelCase key %s → 400 11100 naming snake_case', async (_n, body, snake) => {
    const r = await call(fake, body);
    expect(r.status).toBe(400);
    expect(r.json.status.code).toBe(11100);
    expect(r.json.status.details).toContain('snake_case');
    expect(r.json.status.details).toContain(snake);
  });

  it('more than maxInputs inputs → 400 40001', async () => {
    const r = await call(fake, { inputs: Array.from({ length: 129 }, (_, i) => byUrl(`https://e.com/${i}.jpg`)) });
    expect(r.status).toBe(400);
    expect(r.json.status.code).toBe(40001);
    expect(r.json.status.details).toMatch(/129.*128/);
    expect(fake.calls[0]!.inputCount).toBe(129);
    const ok = await call(fake, { inputs: Array.from({ length: 128 }, (_, i) => byUrl(`https://e.com/${i}.jpg`)) });
    expect(ok.status).toBe(200);
    expect(ok.json.outputs).toHaveLength(128);
  });

  it('honours a smaller maxInputs and maxBodyBytes', async () => {
    await withFake({ maxInputs: 2, maxBodyBytes: 1000 }, async (small) => {
      expect((await call(small, { inputs: [byBytes(IMG_A), byBytes(IMG_B), byBytes(IMG_A)] })).json.status.code).toBe(40001);
      const big = await call(small, { inputs: [byBytes(Buffer.alloc(800, 1))] });
      expect(big.status).toBe(400);
      expect(big.json.status.code).toBe(40033);
      expect(small.calls[1]!.bodyBytes).toBeGreaterThanOrEqual(1000);
    });
  });

  it('body of 128 MiB or more → 400 40033 RPC_MAX_MESSAGE_SIZE_EXCEEDED', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    async function* huge() {
      yield Buffer.from('{"inputs":[{"data":{"image":{"base64":"');
      for (let i = 0; i < 128; i++) yield chunk;
      yield Buffer.from('"}}}]}');
    }
    const res = await request(fake.url + FULL_PATH, {
      method: 'POST',
      headers: { authorization: 'Key test-pat', 'content-type': 'application/json' },
      body: Readable.from(huge()),
      dispatcher: agent,
    });
    const json = (await res.body.json()) as any;
    expect(res.statusCode).toBe(400);
    expect(json.status.code).toBe(40033);
    expect(fake.calls[0]!.bodyBytes).toBeGreaterThan(128 * 1024 * 1024);
  });

  it('invalid base64 → that input 30300, others succeed → 207 10010', async () => {
    const r = await call(fake, { inputs: [byBytes(IMG_A), { data: { image: { base64: 'not base64!!' } } }] });
    expect(r.status).toBe(207);
    expect(r.json.status).toMatchObject({ code: 10010, description: 'Mixed Success' });
    expect(r.json.outputs[0].status.code).toBe(10000);
    expect(r.json.outputs[1].status.code).toBe(30300);
    expect(r.json.outputs[1].data).toEqual({});
  });

  it('input with neither url nor base64 → 30104', async () => {
    const r = await call(fake, { inputs: [byBytes(IMG_A), { data: { image: {} } }, { data: {} }] });
    expect(r.status).toBe(207);
    expect(r.json.outputs.map((o: any) => o.status.code)).toEqual([10000, 30104, 30104]);
  });

  it('URL containing fail-download → 30002; all inputs failing → 400 10020', async () => {
    const mixed = await call(fake, { inputs: [byUrl('https://e.com/fail-download.jpg'), byUrl('https://e.com/ok.jpg')] });
    expect(mixed.status).toBe(207);
    expect(mixed.json.outputs[0].status).toMatchObject({ code: 30002, description: 'Download failed' });
    const all = await call(fake, { inputs: [byUrl('https://e.com/fail-download/1'), byUrl('https://e.com/fail-download/2')] });
    expect(all.status).toBe(400);
    expect(all.json.status).toMatchObject({ code: 10020, description: 'Failure' });
    expect(all.json.outputs).toHaveLength(2);
  });

  it('a single failing input is reported as the top-level status (as Clarifai does)', async () => {
    const r = await call(fake, { inputs: [byUrl('https://e.com/fail-download.jpg')] });
    expect(r.status).toBe(400);
    expect(r.json.status.code).toBe(30002);
    expect(r.json.outputs[0].status.code).toBe(30002);
  });

  it('model does-not-exist → 404 21200', async () => {
    const r = await call(fake, { inputs: [byBytes(IMG_A)] }, { path: '/v2/users/clarifai/apps/main/models/does-not-exist/outputs' });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ status: { code: 21200 }, outputs: [] });
  });
});

describe('output config', () => {
  const cfgAt = (output_config: object, legacy = false) =>
    legacy ? { output_info: { output_config } } : { model_version: { output_info: { output_config } } };

  it.each([false, true])('max_concepts and min_value (legacy location: %s)', async (legacy) => {
    const all = expectedConceptsFor({ bytes: IMG_A }, MODEL);
    const r1 = await call(fake, { inputs: [byBytes(IMG_A)], model: cfgAt({ max_concepts: 2 }, legacy) });
    expect(r1.json.outputs[0].data.concepts).toEqual(all.slice(0, 2));
    const threshold = all[3]!.value;
    const r2 = await call(fake, { inputs: [byBytes(IMG_A)], model: cfgAt({ min_value: threshold }, legacy) });
    expect(r2.json.outputs[0].data.concepts).toEqual(all.filter((c) => c.value >= threshold));
    expect(r2.json.outputs[0].data.concepts).toEqual(expectedConceptsFor({ bytes: IMG_A }, MODEL, { outputConfig: { min_value: threshold } }));
  });

  it('select_concepts by id or name', async () => {
    const all = expectedConceptsFor({ bytes: IMG_A }, MODEL);
    const select = [{ id: all[1]!.id }, { name: all[2]!.name }];
    const r = await call(fake, { inputs: [byBytes(IMG_A)], model: cfgAt({ select_concepts: select }) });
    expect(r.status).toBe(200);
    expect(r.json.outputs[0].data.concepts).toEqual([all[1], all[2]]);
  });

  it('select_concepts matching nothing → 400 21202', async () => {
    const r = await call(fake, { inputs: [byBytes(IMG_A)], model: cfgAt({ select_concepts: [{ name: 'unicorn' }] }) });
    expect(r.status).toBe(400);
    expect(r.json.status.code).toBe(21202);
  });
});

describe('faults', () => {
  const body = { inputs: [byBytes(IMG_A), byBytes(IMG_B), byUrl('https://e.com/c.jpg')] };

  it('throttle → 429 11005 with Retry-After', async () => {
    fake.inject({ type: 'throttle', retryAfterSeconds: 3 });
    const r = await call(fake, body);
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('3');
    expect(r.json.status).toMatchObject({
      code: 11005,
      description: 'Making too many requests',
      details: 'exceeded limit of 15 requests per second',
    });
    expect(fake.calls[0]!.fault).toEqual({ type: 'throttle', retryAfterSeconds: 3 });
  });

  it.each([
    [500, 99009],
    [502, 99009],
    [503, 40031],
    [504, 98009],
  ] as const)('http5xx %i → JSON status %i', async (status, code) => {
    fake.inject({ type: 'http5xx', status });
    const r = await call(fake, body);
    expect(r.status).toBe(status);
    expect(r.json.status.code).toBe(code);
  });

  it('http5xx with html body (load balancer)', async () => {
    fake.inject({ type: 'http5xx', status: 502, html: true });
    const r = await call(fake, body);
    expect(r.status).toBe(502);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.json).toBeUndefined();
  });

  it.each([
    [21351, 503],
    [11008, 401],
    [11007, 403],
    [11004, 402],
  ])('status fault %i at HTTP %i', async (code, httpStatus) => {
    fake.inject({ type: 'status', code, httpStatus });
    const r = await call(fake, body);
    expect(r.status).toBe(httpStatus);
    expect(r.json).toMatchObject({ status: { code }, outputs: [] });
    expect(fake.calls[0]!.statusCode).toBe(code);
  });

  it('timeout → never answers; call is recorded as abandoned when the client gives up', async () => {
    fake.inject({ type: 'timeout' });
    await expect(call(fake, body, { headersTimeout: 300 })).rejects.toThrow();
    for (let i = 0; i < 50 && fake.calls[0]!.outcome === 'pending'; i++) await sleep(10);
    expect(fake.calls[0]).toMatchObject({ outcome: 'abandoned', fault: { type: 'timeout' }, inputCount: 3 });
    expect(fake.calls[0]!.httpStatus).toBeUndefined();
    expect((await call(fake, body)).status).toBe(200);
  });

  it('close() ends requests held open by a timeout fault', async () => {
    await withFake({}, async (f) => {
      f.inject({ type: 'timeout' });
      const pending = call(f, body);
      for (let i = 0; i < 100 && f.calls[0]?.fault === undefined; i++) await sleep(5);
      expect(f.inFlight).toBe(1);
      await f.close();
      await expect(pending).rejects.toThrow();
    });
  });

  it('reset → socket destroyed without an answer', async () => {
    fake.inject({ type: 'reset' });
    await expect(call(fake, body)).rejects.toThrow();
    expect(fake.calls[0]).toMatchObject({ outcome: 'reset', fault: { type: 'reset' } });
    expect((await call(fake, body)).status).toBe(200);
  });

  it('malformed → 200 with invalid JSON', async () => {
    fake.inject({ type: 'malformed' });
    const r = await call(fake, body);
    expect(r.status).toBe(200);
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.json).toBeUndefined();
  });

  it('mixed → listed inputs fail with the given code, 207 10010', async () => {
    fake.inject({ type: 'mixed', failIndexes: [1], code: 21354 });
    const r = await call(fake, body);
    expect(r.status).toBe(207);
    expect(r.json.status.code).toBe(10010);
    expect(r.json.outputs.map((o: any) => o.status.code)).toEqual([10000, 21354, 10000]);
    expect(r.json.outputs[0].data.concepts).toEqual(expectedConceptsFor({ bytes: IMG_A }, MODEL));
    fake.inject({ type: 'mixed', failIndexes: [0] });
    expect((await call(fake, body)).json.outputs[0].status.code).toBe(30002);
    expect(fake.calls.map((c) => c.inputs.map((i) => i.statusCode))).toEqual([
      [10000, 21354, 10000],
      [30002, 10000, 10000],
    ]);
  });

  it('queued faults are consumed in order by authenticated calls only; reset() clears them', async () => {
    fake.inject({ type: 'throttle' }, { type: 'http5xx', status: 503 });
    expect((await call(fake, body, { pat: 'wrong' })).status).toBe(401);
    expect((await call(fake, body)).status).toBe(429);
    expect((await call(fake, body)).status).toBe(503);
    expect((await call(fake, body)).status).toBe(200);
    fake.inject({ type: 'throttle' });
    fake.reset();
    expect(fake.pendingFaults).toBe(0);
    expect((await call(fake, body)).status).toBe(200);
    expect(fake.calls).toHaveLength(1);
  });

  it('random fault rates are reproducible for a seed', async () => {
    const run = async (seed: number) =>
      withFake({ seed }, async (f) => {
        f.setFaultRates({ throttle: 0.2, http5xx: 0.2, malformed: 0.1, mixed: 0.2 });
        const seen: string[] = [];
        for (let i = 0; i < 60; i++) seen.push(`${(await call(f, body)).status}`);
        return { seen, types: new Set(f.calls.map((c) => c.fault?.type ?? 'none')) };
      });
    const a = await run(7);
    const b = await run(7);
    expect(a.seen).toEqual(b.seen);
    expect([...a.types].sort()).toEqual(['http5xx', 'malformed', 'mixed', 'none', 'throttle']);
  });
});

describe('rate limit, latency, keep-alive', () => {
  it('limits calls per PAT in a 1 s sliding window and flags rejected calls', async () => {
    await withFake({ ratePerSecond: 3, pats: ['p1', 'p2'] }, async (f) => {
      const b = { inputs: [byBytes(IMG_A)] };
      const r1 = await Promise.all(Array.from({ length: 5 }, () => call(f, b, { pat: 'p1' })));
      const r2 = await Promise.all(Array.from({ length: 2 }, () => call(f, b, { pat: 'p2' })));
      expect(r1.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429]);
      expect(r1.find((r) => r.status === 429)!.json.status.code).toBe(11005);
      expect(r2.map((r) => r.status)).toEqual([200, 200]);
      expect(f.calls.filter((c) => c.rateLimited)).toHaveLength(2);
      await sleep(1050);
      expect((await call(f, b, { pat: 'p1' })).status).toBe(200);
    });
  });

  it('delays answers by perCallMs + perImageMs * inputs', async () => {
    await withFake({ latency: { perCallMs: 100, perImageMs: 20 } }, async (f) => {
      const t0 = performance.now();
      await call(f, { inputs: Array.from({ length: 5 }, (_, i) => byUrl(`https://e.com/${i}`)) });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(195);
      const [a, b] = await Promise.all([call(f, { inputs: [byBytes(IMG_A)] }), call(f, { inputs: [byBytes(IMG_B)] })]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(f.peakInFlight).toBe(2);
    });
  });

  it('keeps connections alive across calls', async () => {
    const single = new Agent({ connections: 1, keepAliveTimeout: 10_000 });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await request(fake.url + FULL_PATH, {
          method: 'POST',
          headers: { authorization: 'Key test-pat' },
          body: JSON.stringify({ inputs: [byBytes(IMG_A)] }),
          dispatcher: single,
        });
        expect(res.statusCode).toBe(200);
        await res.body.dump();
      }
      expect(new Set(fake.calls.map((c) => c.connectionId)).size).toBe(1);
    } finally {
      await single.close();
    }
  });
});
