import { describe, expect, it } from '@jest/globals';
import { Admission } from '../../src/batching/admission.js';

describe('Admission (load shedding)', () => {
  const make = (queued = 0, maxQueued = 100) => {
    const q = { n: queued };
    return { q, admission: new Admission({ maxQueued, drainPerSecond: 20 }, () => q.n) };
  };

  it('admits while the backlog stays under the bound, then refuses with a Retry-After from the backlog', () => {
    const { admission } = make();
    const a = admission.tryAdmit(60);
    expect(a.admitted).toBe(true);
    expect(admission.tryAdmit(40).admitted).toBe(true); // exactly at the bound
    const refused = admission.tryAdmit(1);
    // 100 images waiting at 20 images/s: 5 s until there is room.
    expect(refused).toEqual({ admitted: false, backlog: 100, retryAfterSeconds: 5 });
  });

  it('counts images queued in the batcher as well as those being prepared', () => {
    const { q, admission } = make(90);
    expect(admission.tryAdmit(11).admitted).toBe(false);
    q.n = 0;
    expect(admission.tryAdmit(11).admitted).toBe(true);
  });

  it('stops counting images as they are handed to the batcher, and gives the rest back on close', () => {
    const { admission } = make();
    const a = admission.tryAdmit(100);
    if (!a.admitted) throw new Error('expected admission');
    a.ticket.handOver(30);
    expect(admission.backlog).toBe(70);
    a.ticket.handOver(500); // never more than it holds
    expect(admission.backlog).toBe(0);
    const b = admission.tryAdmit(50);
    if (!b.admitted) throw new Error('expected admission');
    b.ticket.close();
    b.ticket.close();
    expect(admission.backlog).toBe(0);
  });

  it('lets one operation bigger than the bound run when nothing else waits', () => {
    const { admission } = make(0, 10);
    expect(admission.tryAdmit(500).admitted).toBe(true);
    expect(admission.tryAdmit(1).admitted).toBe(false);
  });

  it('keeps Retry-After between 1 and 60 seconds', () => {
    const small = new Admission({ maxQueued: 1, drainPerSecond: 1e6 }, () => 5);
    expect(small.tryAdmit(1)).toMatchObject({ retryAfterSeconds: 1 });
    const huge = new Admission({ maxQueued: 1, drainPerSecond: 1 }, () => 1e6);
    expect(huge.tryAdmit(1)).toMatchObject({ retryAfterSeconds: 60 });
  });
});
