import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CapacitySignal, ImageOutcome, PredictBackend, PredictCall } from '../../src/backends/predict-backend.js';
import { Batcher } from '../../src/batching/batcher.js';
import { ErrorCode, ImageError } from '../../src/error-codes.js';
import type { PreparedImage } from '../../src/images/prepared-image.js';

/** A backend whose calls stay open until the test lets them finish; answers echo each image's key. */
class HeldBackend implements PredictBackend {
  readonly name = 'held';
  readonly maxBytesPerCall: number;
  calls: PredictCall[] = [];
  private releases: Array<() => void> = [];
  constructor(readonly maxImagesPerCall = 128, maxBytes = 1e9, private readonly capacity: CapacitySignal = { hasCapacity: () => true, onceAvailable: () => {} }) {
    this.maxBytesPerCall = maxBytes;
  }
  capacityFor(): CapacitySignal {
    return this.capacity;
  }
  async predict(call: PredictCall): Promise<ImageOutcome[]> {
    this.calls.push(call);
    await new Promise<void>((r) => this.releases.push(r));
    return call.images.map((img) =>
      img.key.startsWith('bad') ? new ImageError(ErrorCode.IMAGE_REJECTED, 'bad') : { concepts: [{ id: img.key, name: img.key, value: 1 }], regions: [], model: { id: 'm' } },
    );
  }
  releaseAll(): void {
    this.releases.splice(0).forEach((r) => r());
  }
}

const url = (k: string): PreparedImage => ({ kind: 'url', key: k, url: `https://x/${k}` });
const spec = { credential: 'pat', model: { modelId: 'm', userId: 'u', appId: 'a' }, options: {} };

describe('Batcher dispatch policy', () => {
  it('sends a lone image on an idle service at once, without waiting for company', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const p = batcher.load(backend, spec, url('a'));
    await sleep(5);
    expect(backend.calls).toHaveLength(1);
    backend.releaseAll();
    expect((await p).concepts[0]!.id).toBe('a');
  });

  it('accumulates images behind a call in flight and sends them as full batches', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const first = batcher.load(backend, spec, url('first'));
    await sleep(5);
    // 1,000 images arriving on separate ticks, as separate HTTP requests do.
    const rest: Promise<unknown>[] = [];
    for (let i = 0; i < 1000; i++) {
      rest.push(batcher.load(backend, spec, url(`k${i}`)));
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    await sleep(5);
    expect(backend.calls.map((c) => c.images.length)).toEqual([1, 128, 128, 128, 128, 128, 128, 128]);
    backend.releaseAll();
    await sleep(5);
    expect(backend.calls.map((c) => c.images.length).slice(8)).toEqual([1000 - 7 * 128]);
    backend.releaseAll();
    const results = (await Promise.all([first, ...rest])) as Array<{ concepts: Array<{ id: string }> }>;
    expect(results.map((r) => r.concepts[0]!.id)).toEqual(['first', ...Array.from({ length: 1000 }, (_, i) => `k${i}`)]);
  });

  it('sends identical images of a batch once and gives each caller the answer', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const ps = ['a', 'b', 'a', 'a'].map((k) => batcher.load(backend, spec, url(k)));
    await sleep(5);
    expect(backend.calls[0]!.images.map((i) => i.key)).toEqual(['a', 'b']);
    backend.releaseAll();
    expect((await Promise.all(ps)).map((r) => r.concepts[0]!.id)).toEqual(['a', 'b', 'a', 'a']);
  });

  it('fails only the bad image of a batch', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const ps = ['a', 'bad1', 'c'].map((k) => batcher.load(backend, spec, url(k)));
    await sleep(5);
    backend.releaseAll();
    const settled = await Promise.allSettled(ps);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(ImageError);
  });

  it('never mixes two credentials, models or option sets in one call', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 4, maxLingerMs: 0 });
    batcher.load(backend, spec, url('a'));
    batcher.load(backend, { ...spec, credential: 'other' }, url('b'));
    batcher.load(backend, { ...spec, model: { ...spec.model, versionId: 'v2' } }, url('c'));
    batcher.load(backend, { ...spec, options: { maxConcepts: 3 } }, url('d'));
    batcher.load(backend, spec, url('e'));
    await sleep(5);
    expect(backend.calls.map((c) => [c.credential, c.images.map((i) => i.key).join()])).toEqual([
      ['pat', 'a,e'],
      ['other', 'b'],
      ['pat', 'c'],
      ['pat', 'd'],
    ]);
    backend.releaseAll();
  });

  it('splits a batch to the byte budget', async () => {
    const backend = new HeldBackend(128, 100);
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const big = (k: string): PreparedImage => ({ kind: 'bytes', key: k, sha256: k, format: 'png', bytes: Buffer.alloc(45), byteLength: 45, base64Length: 60 });
    ['a', 'b', 'c'].map((k) => batcher.load(backend, spec, big(k)));
    await sleep(5);
    expect(backend.calls.map((c) => c.images.length)).toEqual([1, 1, 1]);
    backend.releaseAll();
  });

  it('holds every batch while the upstream has no capacity, then sends them full', async () => {
    let open = false;
    let wake: (() => void) | undefined;
    const capacity: CapacitySignal = { hasCapacity: () => open, onceAvailable: (l) => (wake = l) };
    const backend = new HeldBackend(128, 1e9, capacity);
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    for (let i = 0; i < 300; i++) {
      batcher.load(backend, spec, url(`k${i}`));
      if (i % 7 === 0) await new Promise((r) => setImmediate(r));
    }
    await sleep(5);
    expect(backend.calls).toHaveLength(0);
    expect(batcher.queuedImages).toBe(300);
    open = true;
    wake!();
    await sleep(5);
    // Full batches leave at once; the partial rest waits for the calls in flight (K = 1).
    expect(backend.calls.map((c) => c.images.length)).toEqual([128, 128]);
    backend.releaseAll();
    await sleep(5);
    expect(backend.calls.map((c) => c.images.length)).toEqual([128, 128, 44]);
    backend.releaseAll();
  });

  it('lingers a partial batch only while arrivals are fast enough to fill it', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 1000 });
    batcher.load(backend, spec, url('first'));
    await sleep(5);
    expect(backend.calls).toHaveLength(1); // idle group: no lingering
    for (let i = 0; i < 200; i++) batcher.load(backend, spec, url(`k${i}`));
    await sleep(5);
    expect(backend.calls.map((c) => c.images.length)).toEqual([1, 128]);
    backend.releaseAll();
    await sleep(30);
    // Nothing in flight, but ~200 images/s arriving fill the other 56 well within the linger time.
    expect(backend.calls).toHaveLength(2);
    for (let i = 200; i < 256; i++) batcher.load(backend, spec, url(`k${i}`));
    await sleep(5);
    expect(backend.calls.map((c) => c.images.length)).toEqual([1, 128, 128]);
    backend.releaseAll();
  });

  it('sends a partial batch at once when arrivals are too slow to fill it within the linger time', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 500 });
    for (let i = 0; i < 20; i++) batcher.load(backend, spec, url(`k${i}`));
    await sleep(5);
    expect(backend.calls.map((c) => c.images.length)).toEqual([20]);
    backend.releaseAll();
  });
});
