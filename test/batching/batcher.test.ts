import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Batcher } from '../../src/batching/batcher.js';
import { ImageError } from '../../src/error-codes.js';
import type { PreparedImage } from '../../src/images/prepared-image.js';
import { HeldBackend, context, spec, url } from './support.js';

/** Runs timers, immediates and the promise jobs between them (fake clock). */
const settle = (ms = 5) => jest.advanceTimersByTimeAsync(ms);
const ctx = context();

describe('Batcher dispatch policy', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends a lone image on an idle service at once, without waiting for company', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const p = batcher.load(backend, spec, url('a'), ctx);
    await settle();
    expect(backend.calls).toHaveLength(1);
    backend.releaseAll();
    expect((await p).concepts[0]!.id).toBe('a');
  });

  it('accumulates images behind a call in flight and sends them as full batches', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const first = batcher.load(backend, spec, url('first'), ctx);
    await settle();
    // 1,000 images arriving on separate ticks, as separate HTTP requests do.
    const rest: Promise<unknown>[] = [];
    for (let i = 0; i < 1000; i++) {
      rest.push(batcher.load(backend, spec, url(`k${i}`), ctx));
      if (i % 10 === 0) await settle(0);
    }
    await settle();
    expect(backend.sizes).toEqual([1, 128, 128, 128, 128, 128, 128, 128]);
    backend.releaseAll();
    await settle();
    expect(backend.sizes.slice(8)).toEqual([1000 - 7 * 128]);
    backend.releaseAll();
    const results = (await Promise.all([first, ...rest])) as Array<{ concepts: Array<{ id: string }> }>;
    expect(results.map((r) => r.concepts[0]!.id)).toEqual(['first', ...Array.from({ length: 1000 }, (_, i) => `k${i}`)]);
  });

  it('sends identical images of a batch once and gives each caller the answer', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const ps = ['a', 'b', 'a', 'a'].map((k) => batcher.load(backend, spec, url(k), ctx));
    await settle();
    expect(backend.calls[0]!.images.map((i) => i.key)).toEqual(['a', 'b']);
    expect(backend.calls[0]!.interests).toHaveLength(2);
    backend.releaseAll();
    expect((await Promise.all(ps)).map((r) => r.concepts[0]!.id)).toEqual(['a', 'b', 'a', 'a']);
  });

  it('fails only the bad image of a batch', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const ps = ['a', 'bad1', 'c'].map((k) => batcher.load(backend, spec, url(k), ctx));
    await settle();
    backend.releaseAll();
    const settled = await Promise.allSettled(ps);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(ImageError);
  });

  it('never mixes two credentials, models or option sets in one call', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 4, maxLingerMs: 0 });
    void batcher.load(backend, spec, url('a'), ctx);
    void batcher.load(backend, { ...spec, credential: 'other' }, url('b'), ctx);
    void batcher.load(backend, { ...spec, model: { ...spec.model, versionId: 'v2' } }, url('c'), ctx);
    void batcher.load(backend, { ...spec, options: { maxConcepts: 3 } }, url('d'), ctx);
    void batcher.load(backend, spec, url('e'), ctx);
    await settle();
    expect(backend.calls.map((c) => [c.credential, c.images.map((i) => i.key).join()])).toEqual([
      ['pat', 'a,e'],
      ['other', 'b'],
      ['pat', 'c'],
      ['pat', 'd'],
    ]);
    backend.releaseAll();
  });

  it('cuts batches to the byte budget', async () => {
    const backend = new HeldBackend(128, 100);
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const big = (k: string): PreparedImage => ({
      kind: 'bytes',
      key: k,
      sha256: k,
      format: 'png',
      bytes: Buffer.alloc(45),
      byteLength: 45,
      base64Length: 60,
    });
    ['a', 'b', 'c'].forEach((k) => void batcher.load(backend, spec, big(k), ctx));
    await settle();
    // b is a full batch by bytes and leaves at once; c alone is partial and waits for the calls in flight (K = 1).
    expect(backend.sizes).toEqual([1, 1]);
    backend.releaseAll();
    await settle();
    expect(backend.sizes).toEqual([1, 1, 1]);
    backend.releaseAll();
  });

  it('holds every batch while no permit comes, keeps filling them, then sends them full', async () => {
    const backend = new HeldBackend();
    backend.limiter.open = false;
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    for (let i = 0; i < 300; i++) {
      void batcher.load(backend, spec, url(`k${i}`), ctx);
      if (i % 7 === 0) await settle(0);
    }
    await settle();
    expect(backend.calls).toHaveLength(0);
    expect(batcher.queuedImages).toBe(300);
    // The first image asked for a permit alone; the batch it takes has filled to 128 meanwhile.
    backend.limiter.setOpen(true);
    await settle();
    expect(backend.sizes).toEqual([128, 128]);
    backend.releaseAll();
    await settle();
    expect(backend.sizes).toEqual([128, 128, 44]);
    backend.releaseAll();
  });

  it('lingers a partial batch only while arrivals are fast enough to fill it', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 1000 });
    void batcher.load(backend, spec, url('first'), ctx);
    await settle();
    expect(backend.calls).toHaveLength(1); // idle group: no lingering
    for (let i = 0; i < 200; i++) void batcher.load(backend, spec, url(`k${i}`), ctx);
    await settle();
    expect(backend.sizes).toEqual([1, 128]);
    backend.releaseAll();
    await settle(30);
    // Nothing in flight, but ~200 images/s arriving fill the other 56 well within the linger time.
    expect(backend.calls).toHaveLength(2);
    for (let i = 200; i < 256; i++) void batcher.load(backend, spec, url(`k${i}`), ctx);
    await settle();
    expect(backend.sizes).toEqual([1, 128, 128]);
    backend.releaseAll();
  });

  it('sends a partial batch at once when arrivals are too slow to fill it within the linger time', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 500 });
    for (let i = 0; i < 20; i++) void batcher.load(backend, spec, url(`k${i}`), ctx);
    await settle();
    expect(backend.sizes).toEqual([20]);
    backend.releaseAll();
  });

  it('on drain, sends a partial batch at once instead of lingering or waiting for the call in flight', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 60_000 });
    void batcher.load(backend, spec, url('first'), ctx);
    await settle();
    for (let i = 0; i < 100; i++) void batcher.load(backend, spec, url(`k${i}`), ctx);
    await settle();
    expect(backend.sizes).toEqual([1]);
    batcher.drain();
    await settle();
    expect(backend.sizes).toEqual([1, 100]);
    backend.releaseAll();
  });
});
