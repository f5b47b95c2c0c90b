import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeClarifai, type FakeClarifai } from '../../support/fake-clarifai/index.js';
import { PREDICT } from '../../support/service.js';
import { startServiceProcess, type ServiceProcess } from '../../support/service-process.js';
import { keepAliveClient } from './keep-alive-client.js';

// A hung upstream holds an operation past SHUTDOWN_TIMEOUT_MS: the process must not wait for it.
const TIMEOUT_MS = 2_000;

let fake: FakeClarifai;
let svc: ServiceProcess;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['hung-pat-0001'] });
  svc = await startServiceProcess({
    CLARIFAI_PAT: 'hung-pat-0001',
    CLARIFAI_API_BASE: fake.url,
    UPSTREAM_TIMEOUT_MS: '60000',
    SHUTDOWN_DELAY_MS: '0',
    SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS),
  });
}, 60_000);
afterAll(async () => {
  await svc?.stop();
  await fake?.close();
});

describe('SHUTDOWN_TIMEOUT_MS', () => {
  it('exits 1, and says why, when an operation outlasts it', async () => {
    fake.inject({ type: 'timeout' });
    const client = keepAliveClient(svc.url, 1);
    const hung = client.post({
      query: PREDICT,
      variables: { images: [{ url: 'https://img.example/hung.jpg' }], modelId: 'general-image-recognition' },
    });
    const deadline = Date.now() + 10_000;
    while (fake.inFlight === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(fake.inFlight).toBe(1);

    const signalledAt = Date.now();
    process.kill(svc.pid, 'SIGTERM');
    while (svc.exitCode() === null && Date.now() - signalledAt < 15_000) await new Promise((r) => setTimeout(r, 20));
    const took = Date.now() - signalledAt;
    expect(svc.exitCode()).toBe(1);
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(took).toBeLessThan(TIMEOUT_MS + 3_000);
    expect(svc.output()).toMatch(/"timeoutMs":2000.*"busy":1.*drain: timed out/);
    // The caller whose operation was cut off sees its connection go: the one case the timeout exists for.
    expect((await hung).error).toBeDefined();
    await client.close();
  }, 60_000);
});
