import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { CallPermit } from '../../src/limiter/limiter.js';
import { LocalLimiter } from '../../src/limiter/local-limiter.js';

describe('LocalLimiter', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('starts at most ratePerSecond calls in any sliding second', async () => {
    const limiter = new LocalLimiter({ ratePerSecond: 3, maxInFlight: 100 });
    const started: number[] = [];
    const all = Array.from({ length: 7 }, () => limiter.acquire().then((p) => (started.push(Date.now()), p.release())));
    await jest.advanceTimersByTimeAsync(5000);
    await Promise.all(all);
    expect(started).toHaveLength(7);
    for (let i = 3; i < started.length; i++) expect(started[i]! - started[i - 3]!).toBeGreaterThanOrEqual(1000);
    // Half a window (2 of 3) leaves at once; then calls are paced 0.8 x 1000 / 3 ms apart, and the sliding
    // window, not the pace, holds them to 3 a second.
    expect(started.map((t) => t - 1_000_000)).toEqual([0, 0, 267, 1000, 1267, 1534, 2000]);
  });

  it('holds each slot for 1 s plus the margin, so jitter on the way cannot put ratePerSecond + 1 calls into a second upstream', async () => {
    const limiter = new LocalLimiter({ ratePerSecond: 2, maxInFlight: 100, marginMs: 50 });
    const started: number[] = [];
    const all = Array.from({ length: 4 }, () => limiter.acquire().then((p) => (started.push(Date.now()), p.release())));
    await jest.advanceTimersByTimeAsync(3000);
    await Promise.all(all);
    expect(started.map((t) => t - 1_000_000)).toEqual([0, 420, 1050, 1470]);
  });

  it('caps calls in flight and hands a freed slot to the next waiter; release is idempotent', async () => {
    const limiter = new LocalLimiter({ ratePerSecond: 1000, maxInFlight: 2 });
    const a = await limiter.acquire();
    await limiter.acquire();
    let third = false;
    void limiter.acquire().then(() => (third = true));
    await jest.advanceTimersByTimeAsync(10);
    expect(third).toBe(false);
    expect(limiter.waiting).toBe(1);
    a.release();
    a.release();
    await jest.advanceTimersByTimeAsync(0);
    expect(third).toBe(true);
    expect(limiter.stats.inFlight).toBe(2);
  });

  it('grants nothing during a throttle pause, then grants in request order', async () => {
    const limiter = new LocalLimiter({ ratePerSecond: 1000, maxInFlight: 10 });
    limiter.pause(2000);
    const order: number[] = [];
    const all = [1, 2, 3].map((n) => limiter.acquire().then((p: CallPermit) => (order.push(n), p)));
    await jest.advanceTimersByTimeAsync(1999);
    expect(order).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(order).toEqual([1, 2, 3]);
    (await Promise.all(all)).forEach((p) => p.release());
  });

  it('drops an aborted request without taking its slot; the next request gets it', async () => {
    const limiter = new LocalLimiter({ ratePerSecond: 1000, maxInFlight: 1 });
    const held = await limiter.acquire();
    const controller = new AbortController();
    const gone = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('caller left'));
    await expect(gone).rejects.toThrow('caller left');
    expect(limiter.waiting).toBe(1);
    held.release();
    await jest.advanceTimersByTimeAsync(0);
    (await next).release();
    expect(limiter.stats.inFlight).toBe(0);
    await expect(limiter.acquire(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('is idle only once nothing is in flight, waiting, paused or in the rate window', async () => {
    const limiter = new LocalLimiter({ ratePerSecond: 10, maxInFlight: 1 });
    expect(limiter.idle).toBe(true);
    const p = await limiter.acquire();
    expect(limiter.idle).toBe(false);
    p.release();
    expect(limiter.idle).toBe(false); // the start still counts against the rate for a second
    await jest.advanceTimersByTimeAsync(1010);
    expect(limiter.idle).toBe(true);
    limiter.pause(50);
    expect(limiter.idle).toBe(false);
  });
});
