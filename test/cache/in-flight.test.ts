import { describe, expect, it } from '@jest/globals';
import type { ImagePrediction } from '../../src/backends/predict-backend.js';
import { ErrorCode, ImageError } from '../../src/error-codes.js';
import { InFlight, PredictionCache } from '../../src/cache/index.js';
import { general, key, prediction } from './fixtures.js';
import type { CancelSignal } from '../../src/util/cancellation.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('in-flight sharing', () => {
  it('10 concurrent identical lookups make one upstream call, and the next lookup is a hit', async () => {
    const cache = new PredictionCache();
    const upstream = deferred<ImagePrediction>();
    let calls = 0;
    const compute = () => (calls++, upstream.promise);
    const all = Promise.all(Array.from({ length: 10 }, () => cache.shared(key(), compute)));
    upstream.resolve(prediction('v3'));
    const results = await all;
    expect(calls).toBe(1);
    expect(results.filter((r) => r.source === 'upstream' && r.joined)).toHaveLength(9);
    expect(cache.stats()).toMatchObject({ misses: 1, joined: 9, inFlight: 0 });
    expect(await cache.shared(key(), compute)).toMatchObject({ source: 'memory' });
    expect(calls).toBe(1);
  });

  it('a caller whose peek missed is answered from memory when an identical image was answered since', async () => {
    const cache = new PredictionCache();
    // The second caller peeks while the first image is still on its way...
    const upstream = deferred<ImagePrediction>();
    const first = cache.shared(key(), () => upstream.promise);
    expect(cache.peek(key())).toBeUndefined();
    // ...and reaches shared() only after that answer was stored and its flight has ended.
    upstream.resolve(prediction('v2'));
    await first;
    expect(cache.stats().inFlight).toBe(0);
    let calls = 0;
    const second = await cache.shared(key(), async () => (calls++, prediction('v9')), { memoryChecked: true });
    expect(calls).toBe(0);
    expect(second).toMatchObject({ source: 'memory', prediction: { model: { versionId: 'v2' } } });
  });

  it('a failure goes to every sharer and is not cached', async () => {
    const cache = new PredictionCache();
    let calls = 0;
    const failing = async () => (calls++, new ImageError(ErrorCode.UPSTREAM_UNAVAILABLE, 'down'));
    const results = await Promise.all([cache.shared(key(), failing), cache.shared(key(), failing)]);
    expect(calls).toBe(1);
    for (const r of results) expect(r.source === 'upstream' && r.outcome).toBeInstanceOf(ImageError);
    expect(await cache.get(key())).toBeUndefined();
    await cache.shared(key(), failing);
    expect(calls).toBe(2); // asked again: the failure was forgotten
    // A rejection (a bug upstream) is shared the same way and forgotten too.
    const boom = () => Promise.reject(new Error('bug'));
    await expect(Promise.all([cache.shared(key(), boom), cache.shared(key(), boom)])).rejects.toThrow('bug');
    expect(cache.stats().inFlight).toBe(0);
  });

  it('one sharer aborting neither aborts the compute nor fails the others', async () => {
    const cache = new PredictionCache();
    const upstream = deferred<ImagePrediction>();
    let computeSignal: CancelSignal | undefined;
    const compute = (s: CancelSignal) => ((computeSignal = s), upstream.promise);
    const first = new AbortController();
    const a = cache.shared(key(), compute, { signal: first.signal });
    const b = cache.shared(key(), compute);
    const c = cache.shared(key(), compute, { signal: new AbortController().signal });
    first.abort(new Error('client went away'));
    await expect(a).rejects.toThrow('client went away');
    expect(computeSignal!.aborted).toBe(false);
    upstream.resolve(prediction('v1'));
    expect(await b).toMatchObject({ source: 'upstream' });
    expect(await c).toMatchObject({ source: 'upstream', joined: true });
    expect(await cache.get(key())).toBeDefined(); // stored even though its first caller left
  });

  it('the compute aborts when every sharer has gone, and a new caller starts afresh', async () => {
    const flights = new InFlight<string>();
    const signals: CancelSignal[] = [];
    const compute = (s: CancelSignal) => {
      signals.push(s);
      return new Promise<string>((resolve, reject) => s.addEventListener('abort', () => reject(s.reason)));
    };
    const c1 = new AbortController();
    const c2 = new AbortController();
    const p1 = flights.run('k', compute, c1.signal);
    const p2 = flights.run('k', compute, c2.signal);
    c1.abort(new Error('first left'));
    expect(signals[0]!.aborted).toBe(false);
    c2.abort(new Error('deadline of the last'));
    expect(signals[0]!.aborted).toBe(true);
    // The last sharer's reason: what runs below (the batcher) tells a deadline from a disconnect by it.
    expect((signals[0]!.reason as Error).message).toBe('deadline of the last');
    await expect(p1).rejects.toBeDefined();
    await expect(p2).rejects.toBeDefined();
    expect(flights.size).toBe(0);
    const p3 = flights.run('k', async () => 'fresh');
    expect(await p3).toEqual({ value: 'fresh', joined: false });
  });

  it('an already aborted signal never starts a compute', async () => {
    const flights = new InFlight<string>();
    let calls = 0;
    await expect(flights.run('k', async () => (calls++, 'x'), AbortSignal.abort())).rejects.toBeDefined();
    expect(calls).toBe(0);
  });

  it('bypass skips the read, not the write, and does not join a reading flight', async () => {
    const cache = new PredictionCache();
    const pinned = key({ model: { ...general, versionId: 'v1' } });
    cache.set(pinned, prediction('v1', 1, 'old'));
    const r = await cache.shared(pinned, async () => prediction('v1', 1, 'new'), { bypass: true });
    expect(r).toMatchObject({ source: 'upstream' });
    expect((await cache.get(pinned))?.prediction.concepts[0]?.id).toBe('new0');
  });
});
