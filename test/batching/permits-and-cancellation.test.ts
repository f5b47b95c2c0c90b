import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Batcher } from '../../src/batching/batcher.js';
import { ErrorCode, ImageError } from '../../src/error-codes.js';
import { HeldBackend, TestLimiter, context, spec, url } from './support.js';

const settle = (ms = 5) => jest.advanceTimersByTimeAsync(ms);

/** The burst of the old review: images arriving while the upstream is saturated, then capacity returns. */
async function burst(asyncLimiter: boolean) {
  const backend = new HeldBackend(128, 1e9, new TestLimiter(asyncLimiter));
  const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
  const ctx = context();
  void batcher.load(backend, spec, url('first'), ctx);
  await settle();
  backend.limiter.setOpen(false);
  const queued: number[] = [];
  for (let i = 0; i < 1741; i++) {
    void batcher.load(backend, spec, url(`k${i}`), ctx);
    if (i % 50 === 0) {
      await settle(0);
      queued.push(batcher.queuedImages);
    }
  }
  await settle();
  const before = { queued: batcher.queuedImages, sizes: backend.sizes };
  backend.limiter.setOpen(true);
  await settle();
  return { before, after: backend.sizes, queuedSamples: queued };
}

describe('Capacity as a permit', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('an asynchronous limiter (an await on the dispatch path) changes nothing: same batches, same queue', async () => {
    const sync = await burst(false);
    const async = await burst(true);
    // Every image waiting is counted while no permit comes: the figure admission and the metric read.
    expect(sync.before).toEqual({ queued: 1741, sizes: [1] });
    expect(async.before).toEqual(sync.before);
    expect(async.queuedSamples).toEqual(sync.queuedSamples);
    expect(sync.after).toEqual([1, ...Array(13).fill(128)]);
    expect(async.after).toEqual(sync.after);
  });

  it('asks for one permit per full batch plus one for the partial, not one per image', async () => {
    const limiter = new TestLimiter(true);
    limiter.open = false;
    const backend = new HeldBackend(128, 1e9, limiter);
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const ctx = context();
    for (let i = 0; i < 300; i++) void batcher.load(backend, spec, url(`k${i}`), ctx);
    await settle();
    expect(limiter.waiting).toBe(2); // two full batches; the partial waits for K
  });
});

describe('Cancellation', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('takes the images of a caller who has gone out of their batch before it leaves; they never reach the backend', async () => {
    const backend = new HeldBackend();
    backend.limiter.open = false;
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const gone = context();
    const staying = context();
    const lost = [0, 1, 2, 3].map((i) => batcher.load(backend, spec, url(`gone${i}`), gone));
    const kept = [0, 1].map((i) => batcher.load(backend, spec, url(`stay${i}`), staying));
    await settle();
    expect(batcher.queuedImages).toBe(6);
    gone.controller.abort(new ImageError(ErrorCode.CANCELLED, 'left'));
    for (const p of lost) await expect(p).rejects.toMatchObject({ code: ErrorCode.CANCELLED });
    expect(batcher.queuedImages).toBe(2);
    backend.limiter.setOpen(true);
    await settle();
    expect(backend.calls.map((c) => c.images.map((i) => i.key))).toEqual([['stay0', 'stay1']]);
    backend.releaseAll();
    expect((await Promise.all(kept)).map((r) => r.concepts[0]!.id)).toEqual(['stay0', 'stay1']);
  });

  it('refuses at once an image whose context has already aborted', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const ctx = context();
    ctx.controller.abort(new ImageError(ErrorCode.DEADLINE_EXCEEDED, 'late'));
    await expect(batcher.load(backend, spec, url('x'), ctx)).rejects.toMatchObject({ code: ErrorCode.DEADLINE_EXCEEDED });
    await settle();
    expect(backend.calls).toHaveLength(0);
  });

  it('keeps a shared image alive while one of its callers remains, and tells the backend when all are gone', async () => {
    const backend = new HeldBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const a = context();
    const b = context();
    void batcher.load(backend, spec, url('same'), a).catch(() => undefined);
    void batcher.load(backend, spec, url('same'), b).catch(() => undefined);
    await settle();
    const interest = backend.calls[0]!.interests[0]!;
    a.controller.abort(new ImageError(ErrorCode.CANCELLED, 'a left'));
    expect(interest.live).toBe(true);
    expect(interest.signal.aborted).toBe(false);
    b.controller.abort(new ImageError(ErrorCode.CANCELLED, 'b left'));
    expect(interest.live).toBe(false);
    expect(interest.signal.aborted).toBe(true);
    backend.releaseAll();
  });
});
