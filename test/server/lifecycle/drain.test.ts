import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectedConceptsFor, startFakeClarifai, type FakeClarifai } from '../../support/fake-clarifai/index.js';
import { PREDICT } from '../../support/service.js';
import { startServiceProcess, type ServiceProcess } from '../../support/service-process.js';
import { keepAliveClient, transportFailures, type Outcome } from './keep-alive-client.js';

// An orchestrator's deploy: callers hold keep-alive connections with operations in flight behind a slow
// upstream, and the service gets SIGTERM. None may see a reset; each gets its own answer; exit code 0.
const OPERATIONS = 300;
const MODEL = 'general-image-recognition';
const DELAY_MS = 1_000;
// Long enough that the operations that reached it first are still unanswered when the last one arrives.
const UPSTREAM_MS = 3_000;

let fake: FakeClarifai;
let svc: ServiceProcess;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['drain-pat-0001'], latency: { perCallMs: UPSTREAM_MS, perImageMs: 0 }, recordBytes: false });
  svc = await startServiceProcess({
    // Production mode, where Apollo would install its own signal handlers unless told not to.
    NODE_ENV: 'production',
    // Behind a router that authenticates: production refuses to start with a PAT until this is said.
    AUTH_MODE: 'none',
    CLARIFAI_PAT: 'drain-pat-0001',
    CLARIFAI_API_BASE: fake.url,
    // Small calls, no rate limit: many upstream calls in flight at once when the signal comes.
    UPSTREAM_MAX_IMAGES_PER_CALL: '16',
    UPSTREAM_RATE_LIMIT_PER_SECOND: '1000',
    SHUTDOWN_DELAY_MS: String(DELAY_MS),
    SHUTDOWN_TIMEOUT_MS: '20000',
  });
}, 60_000);
afterAll(async () => {
  await svc?.stop();
  await fake?.close();
});

const op = (url: string) => ({ query: PREDICT, variables: { images: [{ url }], modelId: MODEL } });
const namesOf = (o: Outcome) => (o.body?.data?.predict?.[0]?.concepts ?? []).map((c: { name: string }) => c.name).join();
const expectedNames = (url: string) =>
  expectedConceptsFor({ url }, MODEL)
    .map((c) => c.name)
    .join();
const imagesSeen = (tag: string) => fake.calls.reduce((n, c) => n + c.inputs.filter((i) => i.url?.includes(tag)).length, 0);

async function until(what: string, test: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SIGTERM with 300 operations in flight over keep-alive connections', () => {
  it('answers every caller with its own concepts, resets no connection, and exits 0', async () => {
    const client = keepAliveClient(svc.url, OPERATIONS);
    // Round one opens the connections (cheaply: no upstream); round two reuses them.
    const warm = await Promise.all(Array.from({ length: OPERATIONS }, () => client.post({ query: '{ __typename }' })));
    expect(transportFailures(warm)).toEqual({});

    const urls = Array.from({ length: OPERATIONS }, (_, i) => `https://img.example/drain/${i}.jpg`);
    const inFlight = Promise.all(urls.map((url) => client.post(op(url))));
    // Full batches of 16 are upstream at once; the partial rest (11) waits for the group's call in flight
    // (K = 1), up to the upstream's 3 s, unless the drain sends it.
    await until('the full batches upstream', () => imagesSeen('/drain/') >= OPERATIONS - 15, 15_000);
    const signalledAt = Date.now();
    process.kill(svc.pid, 'SIGTERM');
    await until('the partial batch upstream at the signal (batcher.drain)', () => imagesSeen('/drain/') === OPERATIONS, 1500);

    // During the delay: not ready, still serving (on a new connection, told to close it).
    const readyz = await fetch(`${svc.url}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toMatchObject({ status: 'draining' });
    const healthz = await fetch(`${svc.url}/healthz`);
    expect(healthz.status).toBe(200);
    // An operation that needs no upstream, so its answer shows it was served within the delay.
    const late = keepAliveClient(svc.url, 1);
    const lateAnswer = await late.post({ query: '{ __typename }' });
    await late.close();
    expect(lateAnswer.status).toBe(200);
    expect(lateAnswer.body).toEqual({ data: { __typename: 'Query' } });
    expect(lateAnswer.connection).toBe('close');
    // A second signal (npm and the terminal both forward Ctrl-C) does not cut the drain short.
    process.kill(svc.pid, 'SIGINT');
    expect(Date.now() - signalledAt).toBeLessThan(DELAY_MS);

    const outcomes = await inFlight;
    await client.close();
    const failures = transportFailures(outcomes);
    console.log(
      `drain: ${outcomes.filter((o) => o.status === 200).length}/${OPERATIONS} answered 200 (${outcomes.filter((o) => o.at > signalledAt).length} after the signal), transport failures ${JSON.stringify(failures)}`,
    );
    expect(failures).toEqual({});
    outcomes.forEach((o, i) => {
      expect(o.status).toBe(200);
      expect(o.body.errors).toBeUndefined();
      expect(namesOf(o)).toBe(expectedNames(urls[i]!));
    });
    // Answers written after the signal (a margin for ones already on the wire) told their client to close.
    const afterSignal = outcomes.filter((o) => o.at > signalledAt + 100);
    expect(afterSignal.length).toBeGreaterThan(OPERATIONS / 2);
    for (const o of afterSignal) expect(o.connection).toBe('close');

    await until('the process to exit', () => svc.exitCode() !== null, 15_000);
    expect(svc.exitCode()).toBe(0);
    // It kept accepting for the delay before it stopped.
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(DELAY_MS);
    expect(svc.output()).toMatch(/second signal/);
    expect(svc.crashes()).toEqual([]);
  }, 90_000);
});
