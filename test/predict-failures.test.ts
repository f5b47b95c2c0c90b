import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { expectedConceptsFor, startFakeClarifai, type FakeClarifai } from './support/fake-clarifai/index.js';
import { PREDICT, postGraphQL, startService, type RunningService } from './support/service.js';

const MODEL = 'general-image-recognition';
let fake: FakeClarifai;
let svc: RunningService;

type Item = { input: { index: number }; concepts: Array<{ id: string; name: string }> } | null;
const urls = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ url: `https://img.example/${tag}-${i}.jpg` }));
const predictCalls = () => fake.calls.filter((c) => c.path.endsWith('/outputs'));
const run = (images: Array<{ url: string }>, headers: Record<string, string> = {}) =>
  postGraphQL<{ predict: Item[] }>(svc.url, PREDICT, { images, modelId: MODEL }, headers);

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['server-pat-123', 'caller-pat-aaa', 'caller-pat-bbb'], latency: { perCallMs: 20, perImageMs: 0 } });
  svc = await startService({
    CLARIFAI_PAT: 'server-pat-123',
    CLARIFAI_API_BASE: fake.url,
    ALLOW_CALLER_PAT: 'true',
    UPSTREAM_RETRY_BASE_MS: '10',
    UPSTREAM_RETRY_MAX_MS: '1500',
    UPSTREAM_TIMEOUT_MS: '400',
    UPSTREAM_MAX_RETRIES: '3',
    // These tests are about retries, one after the other on one service: its breaker would add up their
    // deliberate failures (test/reliability/circuit-breaker.test.ts covers the breaker).
    BREAKER_FAILURES: '1000',
    BREAKER_TIMEOUTS: '1000',
  });
});
afterAll(async () => {
  await svc.close();
  await fake.close();
});
beforeEach(() => fake.reset());

describe('per-image failures (MIXED_STATUS)', () => {
  it('gives the failed images their own errors and keeps every success', async () => {
    fake.inject({ type: 'mixed', failIndexes: [1, 3], code: 30002 });
    const images = urls(5, 'mixed');
    const res = await run(images);
    const items = res.body.data!.predict;
    expect(items.map((i) => i === null)).toEqual([false, true, false, true, false]);
    expect(items[2]!.concepts[0]!.id).toBe(expectedConceptsFor(images[2]!, MODEL)[0]!.id);
    const errors = res.body.errors!;
    expect(errors.map((e) => e.path)).toEqual([
      ['predict', 1],
      ['predict', 3],
    ]);
    expect(errors[0]!.extensions).toMatchObject({ code: 'IMAGE_DOWNLOAD_FAILED', clarifaiStatus: { code: 30002 } });
    expect(errors[0]!.message).toMatch(/download/i);
    expect(predictCalls()).toHaveLength(1); // 30002 is the image's fault: not retried
  });

  it('re-sends only the images that failed transiently, and never the successes', async () => {
    fake.inject({ type: 'mixed', failIndexes: [0, 2], code: 21354 });
    const images = urls(4, 'busy');
    const res = await run(images);
    expect(res.body.errors).toBeUndefined();
    const calls = predictCalls();
    expect(calls.map((c) => c.inputs.map((i) => i.url))).toEqual([images.map((i) => i.url), [images[0]!.url, images[2]!.url]]);
    res.body.data!.predict.forEach((item, i) => expect(item!.concepts[0]!.id).toBe(expectedConceptsFor(images[i]!, MODEL)[0]!.id));
  });
});

describe('transient faults are retried and recover', () => {
  it.each([
    ['throttling (HTTP 429, CONN_THROTTLED, Retry-After)', { type: 'throttle', retryAfterSeconds: 1 } as const],
    ['HTTP 503', { type: 'http5xx', status: 503 } as const],
    ['HTTP 502 with an HTML body', { type: 'http5xx', status: 502, html: true } as const],
    ['MODEL_DEPLOYING', { type: 'status', code: 21351, httpStatus: 200 } as const],
    ['RPC_REQUEST_QUEUE_FULL', { type: 'status', code: 40030, httpStatus: 503 } as const],
    ['a timeout', { type: 'timeout' } as const],
    ['a connection reset', { type: 'reset' } as const],
    ['a malformed JSON body', { type: 'malformed' } as const],
  ])('%s', async (_name, fault) => {
    fake.inject(fault, fault);
    const images = urls(3, `retry-${fault.type}`);
    const res = await run(images);
    expect(res.body.errors).toBeUndefined();
    res.body.data!.predict.forEach((item, i) => expect(item!.concepts[0]!.id).toBe(expectedConceptsFor(images[i]!, MODEL)[0]!.id));
    expect(predictCalls()).toHaveLength(3);
  });

  it('honours Retry-After before the next attempt', async () => {
    fake.inject({ type: 'throttle', retryAfterSeconds: 1 });
    await run(urls(1, 'retry-after'));
    const [first, second] = predictCalls();
    expect(second!.startedAt - first!.startedAt).toBeGreaterThanOrEqual(1000);
  });

  it('reports the last error when retries run out', async () => {
    fake.inject(...Array.from({ length: 4 }, () => ({ type: 'http5xx', status: 500 }) as const));
    const res = await run(urls(2, 'exhausted'));
    expect(res.body.data!.predict).toEqual([null, null]);
    expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    expect(predictCalls()).toHaveLength(4);
  });
});

describe('errors that retrying cannot fix are not retried', () => {
  it.each([
    [{ type: 'status', code: 11008, httpStatus: 401 } as const, 'UPSTREAM_UNAUTHENTICATED'],
    [{ type: 'status', code: 11007, httpStatus: 403 } as const, 'UPSTREAM_PERMISSION_DENIED'],
    [{ type: 'status', code: 11004, httpStatus: 429 } as const, 'UPSTREAM_QUOTA_EXCEEDED'],
    [{ type: 'status', code: 21200, httpStatus: 404 } as const, 'MODEL_NOT_FOUND'],
    [{ type: 'status', code: 11100, httpStatus: 400 } as const, 'UPSTREAM_REQUEST_REJECTED'],
  ])('%j gives %s after one call', async (fault, code) => {
    fake.inject(fault);
    const res = await run(urls(2, `fatal-${fault.code}`));
    expect(res.body.data!.predict).toEqual([null, null]);
    expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual([code, code]);
    expect(res.body.errors![0]!.extensions!.clarifaiStatus).toMatchObject({ code: fault.code });
    expect(predictCalls()).toHaveLength(1);
  });

  it('an unknown model id is MODEL_NOT_FOUND with what to check', async () => {
    const res = await postGraphQL<{ predict: Item[] }>(svc.url, PREDICT, { images: urls(1, 'nomodel'), modelId: 'does-not-exist' });
    expect(res.body.errors![0]!.extensions!.code).toBe('MODEL_NOT_FOUND');
    expect(res.body.errors![0]!.message).toMatch(/modelId/);
    expect(predictCalls()).toHaveLength(1);
  });
});

describe('credentials', () => {
  it('never mixes two callers in one call, and each call carries its own PAT', async () => {
    const a = urls(40, 'cred-a');
    const b = urls(40, 'cred-b');
    const [ra, rb, rs] = await Promise.all([
      run(a, { authorization: 'Key caller-pat-aaa' }),
      run(b, { authorization: 'Key caller-pat-bbb' }),
      run(urls(5, 'cred-server')),
    ]);
    for (const r of [ra, rb, rs]) expect(r.body.errors).toBeUndefined();
    // Whose images each PAT carried, as a set: on a loaded machine a call can outlive this file's 400 ms
    // upstream timeout and be retried (one CI run made two calls for cred-a's images, both with its own PAT).
    const byPat = new Map<string, Set<string>>();
    for (const call of predictCalls()) {
      const tags = new Set(call.inputs.map((i) => i.url!.split('/').pop()!.split('-').slice(0, 2).join('-')));
      expect(tags.size).toBe(1);
      byPat.set(call.pat!, new Set([...(byPat.get(call.pat!) ?? []), ...tags]));
    }
    const owners = Object.fromEntries([...byPat].map(([pat, tags]) => [pat, [...tags]]));
    expect(owners).toEqual({ 'caller-pat-aaa': ['cred-a'], 'caller-pat-bbb': ['cred-b'], 'server-pat-123': ['cred-server'] });
  });

  it('a rejected caller PAT never appears in the response', async () => {
    const res = await run(urls(1, 'badpat'), { authorization: 'Key wrong-secret-xyz' });
    expect(res.body.errors![0]!.extensions!.code).toBe('UPSTREAM_UNAUTHENTICATED');
    expect(JSON.stringify(res.body)).not.toContain('wrong-secret-xyz');
  });

  it('a malformed Key header is refused with a clear code', async () => {
    const res = await run(urls(1, 'malformed'), { authorization: 'Key ' });
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions!.code).toBe('INVALID_CREDENTIAL_HEADER');
  });
});
