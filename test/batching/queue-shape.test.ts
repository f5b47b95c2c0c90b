import { describe, expect, it } from '@jest/globals';
import type { QueuedImage } from '../../src/batching/batch-group.js';
import { FairQueue } from '../../src/batching/fair-queue.js';
import { queueShape, walkedShape } from '../../src/batching/queue-shape.js';
import { url } from './support.js';

let seq = 0;
const item = (caller: string, bytes: number): QueuedImage => ({
  image: url(`${caller}-${seq}`),
  ctx: { credential: 'pat', signal: new AbortController().signal, deadline: 0, callerId: caller, weight: 1 },
  bytes,
  enqueuedAt: seq++,
  resolve: () => undefined,
  reject: () => undefined,
  detach: () => undefined,
});

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('queueShape', () => {
  it('cuts a queue under the byte limit by count alone, with the partial batch opened by its first image', () => {
    const q = new FairQueue();
    for (let i = 0; i < 300; i++) q.push(item(i % 3 === 0 ? 'a' : 'b', 10));
    const shape = queueShape(q, 128, 1_000_000);
    expect(shape.fullBatches).toBe(2);
    expect(shape.partialImages).toBe(44);
    expect(shape.partialOpenedAt).toBe(q.at(256)!.enqueuedAt);
  });

  it('agrees with a walk over every image, through pushes, removals and takes, on both sides of the byte limit', () => {
    const next = random(7);
    const q = new FairQueue();
    const queued: QueuedImage[] = [];
    for (let step = 0; step < 4_000; step++) {
      const r = next();
      if (r < 0.6) {
        const it = item(['a', 'b', 'c'][Math.floor(next() * 3)]!, 1 + Math.floor(next() * 4_000));
        q.push(it);
        queued.push(it);
      } else if (r < 0.8 && queued.length > 0) {
        q.remove(queued.splice(Math.floor(next() * queued.length), 1)[0]!);
      } else if (r < 0.85) {
        for (const taken of q.take(16, 20_000)) queued.splice(queued.indexOf(taken), 1);
      }
      expect(q.bytes).toBe(queued.reduce((sum, it) => sum + it.bytes, 0));
      for (const maxBytes of [5_000, 100_000, 10_000_000]) expect(queueShape(q, 16, maxBytes)).toEqual(walkedShape(q, 16, maxBytes));
    }
  });
});
