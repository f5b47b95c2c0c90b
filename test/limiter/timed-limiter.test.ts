import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { LocalGcraLimiter } from '../../src/limiter/fallback-gcra.js';
import { timedLimiters } from '../../src/limiter/timed-limiter.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  jest.useRealTimers();
});

/** A factory of real local limiters (10 calls/s, no margin) whose waits land in `waits`. */
function timed() {
  const waits: number[] = [];
  const made: LocalGcraLimiter[] = [];
  const factory = timedLimiters(
    () => {
      const l = new LocalGcraLimiter({ ratePerSecond: 10, marginMs: 0 });
      made.push(l);
      return l;
    },
    (ms) => waits.push(ms),
  );
  return { waits, made, limiter: factory('credential') };
}

describe('timedLimiters (fake timers)', () => {
  it('reports how long each granted permit was waited for, as the inner limiter spaced them', async () => {
    const { waits, made, limiter } = timed();
    const grants = Promise.all([0, 1, 2, 3].map(() => limiter.acquire()));
    expect(limiter.waiting).toBeGreaterThanOrEqual(3);
    expect(limiter.waiting).toBe(made[0]!.waiting);
    await jest.advanceTimersByTimeAsync(350);
    await grants;
    expect(waits).toEqual([0, 100, 200, 300]);
    expect(limiter.waiting).toBe(0);
  });

  it("counts a throttle's pause as waiting, and hands pause, idle and waiting through to the inner limiter", async () => {
    const { waits, made, limiter } = timed();
    await limiter.acquire();
    limiter.pause(500);
    const next = limiter.acquire();
    await jest.advanceTimersByTimeAsync(600);
    await next;
    expect(waits).toEqual([0, 500]);
    expect(made).toHaveLength(1);
    expect(limiter.idle).toBe(made[0]!.idle);
    await jest.advanceTimersByTimeAsync(1000);
    expect(limiter.idle).toBe(true);
  });

  it('reports nothing for a request given up before its permit came', async () => {
    const { waits, limiter } = timed();
    await limiter.acquire();
    const gone = new AbortController();
    const abandoned = limiter.acquire(gone.signal);
    gone.abort(new Error('caller left'));
    await expect(abandoned).rejects.toThrow('caller left');
    await jest.advanceTimersByTimeAsync(500);
    expect(waits).toEqual([0]);
  });
});
