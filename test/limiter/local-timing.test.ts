import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { LocalGcraLimiter } from '../../src/limiter/fallback-gcra.js';
import { FallbackMode } from '../../src/limiter/fallback-mode.js';
import { InFlightCap } from '../../src/limiter/fallback-timing.js';

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  jest.useRealTimers();
});

/** Resolves each acquire into the fake time (ms from the start) at which it was granted. */
function grantTimes(l: LocalGcraLimiter, n: number, t0 = Date.now()): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, () => l.acquire().then(() => Date.now() - t0)));
}

describe('LocalGcraLimiter (fake timers)', () => {
  it('spaces grants by (1000 + margin) / rate from the first, which starts at once: no burst, no window edge', async () => {
    const l = new LocalGcraLimiter({ ratePerSecond: 10, marginMs: 0 });
    const times = grantTimes(l, 5);
    await jest.advanceTimersByTimeAsync(450);
    expect(await times).toEqual([0, 100, 200, 300, 400]);
    expect(l.waiting).toBe(0);
    expect(l.idle).toBe(false); // the last slot's interval has not passed yet
    await jest.advanceTimersByTimeAsync(50);
    expect(l.idle).toBe(true);
  });

  it('a pause moves waiters that already hold slots to after it, spaced again', async () => {
    const l = new LocalGcraLimiter({ ratePerSecond: 10, marginMs: 0 });
    const times = grantTimes(l, 4);
    await jest.advanceTimersByTimeAsync(50);
    l.pause(500);
    await jest.advanceTimersByTimeAsync(2000);
    expect(await times).toEqual([0, 550, 650, 750]);
  });

  it('an aborted wait rejects with the reason and its slot stays used', async () => {
    const l = new LocalGcraLimiter({ ratePerSecond: 10, marginMs: 0 });
    await l.acquire();
    const c = new AbortController();
    const aborted = l.acquire(c.signal);
    const reason = new Error('gone');
    c.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    expect(l.waiting).toBe(0);
    const next = grantTimes(l, 1);
    await jest.advanceTimersByTimeAsync(500);
    expect(await next).toEqual([200]);
  });
});

describe('InFlightCap', () => {
  it('hands slots over FIFO and lets a waiter abort without leaking a slot', async () => {
    const cap = new InFlightCap(1);
    await cap.take();
    const order: string[] = [];
    const c = new AbortController();
    const a = cap.take(c.signal).then(
      () => order.push('a'),
      () => order.push('a aborted'),
    );
    const b = cap.take().then(() => order.push('b'));
    c.abort(new Error('x'));
    await a;
    cap.give();
    await b;
    expect(order).toEqual(['a aborted', 'b']);
    expect(cap.inFlight).toBe(1);
  });
});

describe('FallbackMode', () => {
  function mode(replicas: number | { count: number }) {
    const changes: string[] = [];
    const m = new FallbackMode({
      ratePerSecond: 15,
      windowMs: 1035,
      fallback: (rate) => new LocalGcraLimiter({ ratePerSecond: rate, marginMs: 35 }),
      replicas: typeof replicas === 'number' ? { count: replicas } : replicas,
      probeIntervalMs: 1000,
      settleMs: 3000,
      clock: Date.now,
      isReady: () => true,
      trouble: () => undefined,
      recover: async () => undefined,
      onModeChange: (mode, reason) => changes.push(`${mode}: ${reason}`),
      key: 'k',
    });
    return { m, changes };
  }

  it("holds the first fallback start until fewer than its share of this replica's shared starts remain in the window", async () => {
    const { m, changes } = mode(3); // share 5/s: one start per 207 ms
    for (let i = 0; i < 5; i++) {
      m.sharedGranted();
      await jest.advanceTimersByTimeAsync(69);
    }
    const switched = m.switched;
    m.failed(new Error('Command timed out'));
    expect(switched.aborted).toBe(true);
    expect(m.degraded).toBe(true);
    // Five starts in the window, the share is 5: the next waits until the first (345 ms ago) leaves the window.
    expect(m.shareWaitMs()).toBe(1035 - 345);
    expect(m.share()).toBe(5);
    expect(changes).toEqual(['fallback: Command timed out']);
    m.failed(new Error('again')); // already degraded: counted, no new transition
    expect(m.stats.redisErrors).toBe(2);
    expect(m.stats.modeChanges).toBe(1);
  });

  it('probes at most once per interval and comes back to shared mode', async () => {
    const { m, changes } = mode(1);
    m.failed(new Error('down'));
    m.probeIfDue(); // too early: the first probe waits an interval
    expect(m.degraded).toBe(true);
    await jest.advanceTimersByTimeAsync(1000);
    m.probeIfDue();
    await jest.advanceTimersByTimeAsync(0);
    expect(m.degraded).toBe(false);
    expect(m.stats.degradedMs).toBe(1000);
    expect(changes).toEqual(['fallback: down', 'shared: redis answered']);
    // Settling: permits keep to the local share for settleMs while the other replicas come back.
    expect(m.settling()).toBe(true);
    await jest.advanceTimersByTimeAsync(3000);
    expect(m.settling()).toBe(false);
  });

  it("settling counts this replica's fallback starts and keeps the outage share when the replica count drops", async () => {
    const replicas = { count: 3 };
    const { m } = mode(replicas); // share 5 while the outage lasts
    m.failed(new Error('down'));
    await jest.advanceTimersByTimeAsync(500);
    for (let i = 0; i < 5; i++) {
      m.fallbackGranted();
      await jest.advanceTimersByTimeAsync(100);
    }
    // A restarted Redis has heard one heartbeat so far: the settle share must not grow with it.
    replicas.count = 1;
    m.probeIfDue(); // due: the first probe waits 1000 ms after the failure

    await jest.advanceTimersByTimeAsync(0);
    expect(m.settling()).toBe(true);
    // Five fallback starts, 500 to 100 ms ago: the next start waits until the oldest leaves the 1035 ms window.
    expect(m.shareWaitMs()).toBe(1035 - 500);
    await jest.advanceTimersByTimeAsync(1035 - 500);
    expect(m.shareWaitMs()).toBe(0);
    m.sharedGranted();
    expect(m.shareWaitMs()).toBe(100);
  });
});
