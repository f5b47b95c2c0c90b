import { describe, expect, it } from '@jest/globals';
import type { QueuedImage } from '../../src/batching/batch-group.js';
import { FairQueue } from '../../src/batching/fair-queue.js';
import { url } from './support.js';

const item = (caller: string, n: number, weight = 1, bytes = 1): QueuedImage => ({
  image: url(`${caller}-${n}`),
  ctx: { credential: 'pat', signal: new AbortController().signal, deadline: 0, callerId: caller, weight },
  bytes,
  enqueuedAt: 0,
  resolve: () => undefined,
  reject: () => undefined,
  detach: () => undefined,
});
const callers = (batch: QueuedImage[]) => batch.map((b) => b.ctx.callerId);

describe('FairQueue', () => {
  it('puts the image of a caller behind a flood into the very next batch', () => {
    const q = new FairQueue();
    for (let i = 0; i < 10_000; i++) q.push(item('flood', i));
    q.push(item('single', 0));
    const batch = q.take(128, Infinity);
    expect(batch).toHaveLength(128);
    expect(callers(batch).filter((c) => c === 'single')).toHaveLength(1);
    // The flood gets every other place, in its own arrival order.
    expect(
      batch
        .filter((b) => b.ctx.callerId === 'flood')
        .map((b) => b.image.key)
        .slice(0, 3),
    ).toEqual(['flood-0', 'flood-1', 'flood-2']);
    expect(q.size).toBe(10_000 - 127);
  });

  it('shares a batch by weight while both callers have images waiting', () => {
    const q = new FairQueue();
    for (let i = 0; i < 100; i++) q.push(item('gold', i, 3));
    for (let i = 0; i < 100; i++) q.push(item('basic', i, 1));
    const batch = q.take(40, Infinity);
    expect(callers(batch).filter((c) => c === 'gold')).toHaveLength(30);
    expect(callers(batch).filter((c) => c === 'basic')).toHaveLength(10);
  });

  it('is first-in, first-out for one caller, cuts at the byte budget, and forgets removed images', () => {
    const q = new FairQueue();
    const items = [0, 1, 2, 3].map((i) => item('only', i, 1, 40));
    items.forEach((i) => q.push(i));
    expect(q.remove(items[1]!)).toBe(true);
    expect(q.remove(items[1]!)).toBe(false);
    expect(q.take(128, 100).map((b) => b.image.key)).toEqual(['only-0', 'only-2']);
    expect(q.take(128, 100).map((b) => b.image.key)).toEqual(['only-3']);
    expect(q.size).toBe(0);
  });
});
