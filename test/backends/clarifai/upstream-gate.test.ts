import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { UpstreamGate } from '../../../src/backends/clarifai/upstream-gate.js';

describe('UpstreamGate', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('starts at most ratePerSecond calls in any sliding second', async () => {
    const gate = new UpstreamGate({ ratePerSecond: 3, maxInFlight: 100 });
    const started: number[] = [];
    const all = Array.from({ length: 7 }, () => gate.acquire().then(() => (started.push(Date.now()), gate.release())));
    await jest.advanceTimersByTimeAsync(5000);
    await Promise.all(all);
    expect(started).toHaveLength(7);
    for (let i = 3; i < started.length; i++) expect(started[i]! - started[i - 3]!).toBeGreaterThanOrEqual(1000);
    // Half a window (2 of 3) leaves at once; then calls are paced 0.8 x 1000 / 3 ms apart, and the sliding
    // window, not the pace, holds them to 3 a second.
    expect(started.map((t) => t - 1_000_000)).toEqual([0, 0, 267, 1000, 1267, 1534, 2000]);
  });

  it('holds each slot for 1 s plus the margin, so jitter on the way cannot put ratePerSecond + 1 calls into a second upstream', async () => {
    const gate = new UpstreamGate({ ratePerSecond: 2, maxInFlight: 100, marginMs: 50 });
    const started: number[] = [];
    const all = Array.from({ length: 4 }, () => gate.acquire().then(() => (started.push(Date.now()), gate.release())));
    await jest.advanceTimersByTimeAsync(3000);
    await Promise.all(all);
    expect(started.map((t) => t - 1_000_000)).toEqual([0, 420, 1050, 1470]);
  });

  it('caps calls in flight and hands a freed slot to the next waiter', async () => {
    const gate = new UpstreamGate({ ratePerSecond: 1000, maxInFlight: 2 });
    await gate.acquire();
    await gate.acquire();
    expect(gate.hasCapacity()).toBe(false);
    let third = false;
    void gate.acquire().then(() => (third = true));
    await jest.advanceTimersByTimeAsync(10);
    expect(third).toBe(false);
    gate.release();
    await jest.advanceTimersByTimeAsync(0);
    expect(third).toBe(true);
    expect(gate.stats.inFlight).toBe(2);
  });

  it('starts nothing during a throttle pause and tells listeners when capacity returns', async () => {
    const gate = new UpstreamGate({ ratePerSecond: 1000, maxInFlight: 10 });
    gate.pause(2000);
    expect(gate.hasCapacity()).toBe(false);
    let told = 0;
    gate.onceAvailable(() => told++);
    await jest.advanceTimersByTimeAsync(1999);
    expect(told).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(told).toBe(1);
    expect(gate.hasCapacity()).toBe(true);
  });
});

describe('UpstreamGate idleness', () => {
  it('is idle only once nothing is in flight, waiting, paused or in the rate window', async () => {
    const gate = new UpstreamGate({ ratePerSecond: 10, maxInFlight: 1 });
    expect(gate.idle).toBe(true);
    await gate.acquire();
    expect(gate.idle).toBe(false);
    gate.release();
    expect(gate.idle).toBe(false); // the start still counts against the rate for a second
    await new Promise((r) => setTimeout(r, 1010));
    expect(gate.idle).toBe(true);
    gate.pause(50);
    expect(gate.idle).toBe(false);
  });
});
