import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { seriesValue as value } from '../support/metrics.js';
import { PREDICT, postGraphQL, startService, type RunningService } from '../support/service.js';

const PAT = 'metrics-pat';
const MODEL = 'general-image-recognition';
const promtool = spawnSync('promtool', ['--version']).status === 0;

async function scrape(svc: RunningService): Promise<string> {
  return (await fetch(`${svc.url}/metrics`)).text();
}

describe('with Clarifai configured', () => {
  let fake: FakeClarifai;
  let svc: RunningService;
  beforeAll(async () => {
    fake = await startFakeClarifai({ pats: [PAT] });
    svc = await startService({
      CLARIFAI_PAT: PAT,
      CLARIFAI_API_BASE: fake.url,
      UPSTREAM_MAX_RETRIES: '2',
      UPSTREAM_RETRY_BASE_MS: '5',
      UPSTREAM_RETRY_MAX_MS: '2000',
    });
  });
  afterAll(async () => {
    await svc.close();
    await fake.close();
  });

  it('counts operations, images by code, attempts, retries, throttles, waits and fill as they happened', async () => {
    await postGraphQL(svc.url, PREDICT, { images: [{ url: 'https://img.example/m/1.jpg' }, { url: 'https://img.example/m/2.jpg' }], modelId: MODEL });
    fake.inject({ type: 'throttle', retryAfterSeconds: 1 });
    await postGraphQL(svc.url, PREDICT, { images: [{ url: 'https://img.example/m/3.jpg' }], modelId: MODEL });
    await postGraphQL(svc.url, PREDICT, { images: [{ url: 'not a url' }], modelId: MODEL });
    await postGraphQL(svc.url, `query Broken { nope }`);
    const text = await scrape(svc);

    expect(value(text, 'predict_operations_total{operation="Predict",outcome="ok"}')).toBe(2);
    expect(value(text, 'predict_operations_total{operation="Predict",outcome="partial"}')).toBe(1);
    // Refused in validation, before its name was read from the document (the client sent no operationName).
    expect(value(text, 'predict_operations_total{operation="anonymous",outcome="error"}')).toBe(1);
    expect(value(text, 'predict_operation_duration_seconds_count{operation="Predict",outcome="ok"}')).toBe(2);
    expect(value(text, 'predict_images_total{code="OK"}')).toBe(3);
    expect(value(text, 'predict_images_total{code="INVALID_URL"}')).toBe(1);
    // Two calls (the invalid URL never left): the throttled one was attempted twice.
    expect(fake.calls).toHaveLength(3);
    expect(value(text, 'predict_backend_calls_total{backend="clarifai"}')).toBe(2);
    expect(value(text, 'predict_upstream_attempts_total{backend="clarifai",model="clarifai:general-image-recognition",status="200"}')).toBe(2);
    expect(value(text, 'predict_upstream_attempts_total{backend="clarifai",model="clarifai:general-image-recognition",status="429"}')).toBe(1);
    expect(value(text, 'predict_upstream_throttles_total{backend="clarifai"}')).toBe(1);
    expect(value(text, 'predict_upstream_retried_images_total{backend="clarifai"}')).toBe(1);
    expect(value(text, 'predict_upstream_attempt_duration_seconds_count{backend="clarifai",status="200"}')).toBe(2);
    expect(value(text, 'predict_image_queue_wait_seconds_count{backend="clarifai"}')).toBe(3);
    expect(value(text, 'predict_batch_fill_ratio_count{backend="clarifai"}')).toBe(2);
    // A permit per attempt: two first attempts and the throttled call's retry.
    expect(value(text, 'predict_limiter_wait_seconds_count')).toBe(3);
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
  });

  it('bounds caller-chosen labels: model ids and operation names beyond the first ones count as other', async () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      postGraphQL(svc.url, PREDICT.replace('query Predict', `query Op${i}`), {
        images: [{ url: `https://img.example/c/${i}.jpg` }],
        modelId: `made-up-model-${i}`,
      }),
    );
    await Promise.all(many);
    const text = await scrape(svc);
    const models = new Set([...text.matchAll(/predict_upstream_attempts_total\{[^}]*model="([^"]+)"/g)].map((m) => m[1]));
    expect(models.size).toBeLessThanOrEqual(21);
    expect(models).toContain('other');
    expect(text).not.toMatch(/https?:\/\//);
  });

  (promtool ? it : it.skip)("passes promtool check metrics (the service's own, predict_*)", async () => {
    // prom-client's defaults are not ours: its nodejs_active_*_total gauges break promtool's naming rule.
    const own = (await scrape(svc)).split('\n').filter((l) => /^(# (HELP|TYPE) )?predict_/.test(l));
    expect(own.length).toBeGreaterThan(40);
    const text = `${own.join('\n')}\n`;
    // promtool prints each problem and exits 1 on any.
    const out = execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    expect(out).toBe('');
  });
  if (!promtool)
    it("promtool is missing: install Debian's prometheus package to lint /metrics", () =>
      console.warn('SKIPPED promtool check: /usr/bin/promtool not found (apt-get install -y prometheus)'));
});

describe('with no Clarifai key', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startService({ CLARIFAI_PAT: '' });
  });
  afterAll(() => svc.close());

  it('counts no backend call: nothing went upstream', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await postGraphQL(svc.url, PREDICT, { images: [{ url: `https://img.example/nokey/${i}.jpg` }], modelId: MODEL });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('CLARIFAI_NOT_CONFIGURED');
    }
    const text = await scrape(svc);
    expect(value(text, 'predict_backend_calls_total{backend="clarifai"}')).toBe(0);
    expect(text).not.toContain('predict_upstream_attempts_total{');
    expect(value(text, 'predict_images_total{code="CLARIFAI_NOT_CONFIGURED"}')).toBe(4);
  });
});
