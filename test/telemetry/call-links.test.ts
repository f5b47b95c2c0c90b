import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTracing, type TracingHandle } from '../../src/telemetry/sdk.js';
import { startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { PREDICT, postGraphQL, startService, type RunningService } from '../support/service.js';
import { startOtlpReceiver } from './otlp-receiver.js';

// Real parts: the OTel SDK with its OTLP/HTTP JSON exporter, a receiver on loopback, the service over
// HTTP, the fake Clarifai over HTTP. Instrumentations stay off here (jest cannot load the ESM hook); the
// spans under test are the service's own. test/telemetry/register.test.ts covers the --import path.
const OPS = 50;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let tracing: TracingHandle;
let fake: FakeClarifai;
let svc: RunningService;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = (await startTracing(
    { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'predict-under-test' },
    { instrument: false },
  ))!;
  // Every call takes 1.5 s and only one may be in flight: the 50 operations queue behind a first call.
  fake = await startFakeClarifai({ pats: ['trace-pat'], latency: { perCallMs: 1500, perImageMs: 0 } });
  svc = await startService({ CLARIFAI_PAT: 'trace-pat', CLARIFAI_API_BASE: fake.url, UPSTREAM_MAX_IN_FLIGHT: '1' });
});
afterAll(async () => {
  await svc?.close();
  await fake?.close();
  await tracing?.shutdown();
  await receiver?.close();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const predict = (url: string, headers: Record<string, string> = {}) =>
  postGraphQL(svc.url, PREDICT, { images: [{ url }], modelId: 'general-image-recognition' }, headers);

it('50 concurrent operations sharing one upstream call: one call span, a root, linking to all 50 operation spans', async () => {
  const warmUp = predict('https://img.example/trace/warm-up.jpg');
  while (fake.calls.length < 1) await new Promise((r) => setTimeout(r, 10));
  // Each operation comes with its own incoming W3C trace context, which its span must continue.
  const parents = Array.from({ length: OPS }, () => ({ traceId: hex(16), spanId: hex(8) }));
  const ops = parents.map((p, i) => predict(`https://img.example/trace/${i}.jpg`, { traceparent: `00-${p.traceId}-${p.spanId}-01` }));
  // All 50 wait for the one permit the warm-up call holds, so the next call takes them together.
  while (svc.services.batcher.queuedImages < OPS && fake.calls.length < 2) await new Promise((r) => setTimeout(r, 10));
  const answers = await Promise.all([warmUp, ...ops]);
  for (const a of answers) expect(a.body.errors).toBeUndefined();
  expect(fake.calls.map((c) => c.inputCount)).toEqual([1, OPS]);
  await tracing.forceFlush();

  const spans = receiver.spans;
  expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['predict-under-test']));
  expect(receiver.contentTypes.every((t) => t.startsWith('application/json'))).toBe(true);
  // The operation spans continue the callers' traces.
  const opSpans = parents.map((p) => spans.find((s) => s.traceId === p.traceId && s.parentSpanId === p.spanId && s.name === 'query Predict'));
  for (const s of opSpans) expect(s).toBeDefined();
  expect(opSpans.every((s) => s!.attributes['predict.images'] === 1 && s!.attributes['predict.images.OK'] === 1)).toBe(true);

  const calls = spans.filter((s) => s.name === 'clarifai call');
  expect(calls.map((c) => c.links.length).sort((a, b) => a - b)).toEqual([1, OPS]);
  const shared = calls.find((c) => c.links.length === OPS)!;
  // Its own trace, not a child of whichever operation came first.
  expect(shared.parentSpanId).toBe('');
  expect(parents.map((p) => p.traceId)).not.toContain(shared.traceId);
  expect(new Set(shared.links.map((l) => `${l.traceId}/${l.spanId}`))).toEqual(new Set(opSpans.map((s) => `${s!.traceId}/${s!.spanId}`)));
  expect(shared.attributes).toMatchObject({
    'predict.backend': 'clarifai',
    'predict.model': 'general-image-recognition',
    'predict.batch.images': OPS,
    'predict.batch.operations': OPS,
    'predict.sent': true,
    'predict.images.failed': 0,
  });

  // The attempt is a child of the call span, with its status.
  const attempts = spans.filter((s) => s.name === 'clarifai attempt' && s.parentSpanId === shared.spanId);
  expect(attempts.map((a) => a.attributes)).toEqual([
    expect.objectContaining({ 'predict.attempt': 1, 'predict.images': OPS, 'http.response.status_code': 200, 'predict.throttled': false }),
  ]);

  // Each operation's trace shows its wait in the batcher, linked to the call that took it.
  for (const op of opSpans) {
    const wait = spans.find((s) => s.name === 'batch wait' && s.parentSpanId === op!.spanId);
    expect(wait?.traceId).toBe(op!.traceId);
    expect(wait?.links).toEqual([{ traceId: shared.traceId, spanId: shared.spanId }]);
  }
});

it('without an incoming traceparent an operation starts a trace of its own', async () => {
  const before = receiver.spans.length;
  const res = await predict('https://img.example/trace/alone.jpg', { 'x-request-id': 'trace-alone-1' });
  expect(res.body.errors).toBeUndefined();
  await tracing.forceFlush();
  const op = receiver.spans.slice(before).find((s) => s.attributes['predict.request_id'] === 'trace-alone-1');
  expect(op).toMatchObject({ name: 'query Predict', parentSpanId: '' });
  const call = receiver.spans.slice(before).find((s) => s.name === 'clarifai call');
  expect(call?.links).toEqual([{ traceId: op!.traceId, spanId: op!.spanId }]);
});
