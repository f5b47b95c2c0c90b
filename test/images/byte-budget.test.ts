import { describe, expect, it } from '@jest/globals';
import { ByteBudget } from '../../src/images/byte-budget.js';

describe('ByteBudget', () => {
  it('grants at once while there is room and nobody waits, and never lets a newcomer pass a waiter', async () => {
    const budget = new ByteBudget(100);
    expect(budget.tryAcquire(60)).toBe(60);
    expect(budget.tryAcquire(50)).toBeUndefined(); // no room: nothing taken
    expect(budget.inUse).toBe(60);
    let granted = false;
    const waiting = budget.acquire(50).then((n) => ((granted = true), n));
    // 40 are free, but the 50-byte waiter came first (FIFO): two callers must not starve each other.
    expect(budget.tryAcquire(10)).toBeUndefined();
    budget.release(60);
    expect(await waiting).toBe(50);
    expect(granted).toBe(true);
    budget.release(50);
    expect(budget.tryAcquire(500)).toBe(100); // capped at the capacity: one huge request still goes alone
    expect(budget.inUse).toBe(100);
  });
});
