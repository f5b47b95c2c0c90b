import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Quotas, type QuotaDecision, type QuotaGranted, type QuotaObserver } from '../../src/quota/index.js';

const KEY = 'api-key:team-a';
const granted = (d: QuotaDecision): QuotaGranted => {
  if (!d.granted) throw new Error(`refused: ${JSON.stringify(d)}`);
  return d;
};
/** 12:00:10.250 UTC on some day: 49.75 s before the next minute. */
const T0 = Date.UTC(2025, 2, 14, 12, 0, 10, 250);

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('memory store, fixed UTC windows', () => {
  it('refuses past the minute limit, all or nothing, with an exact Retry-After', async () => {
    const q = new Quotas();
    const limits = { imagesPerMinute: 10 };
    granted(await q.reserve(KEY, limits, 6)).ticket.commit(6);
    const d = await q.reserve(KEY, limits, 5);
    expect(d).toEqual({
      granted: false,
      window: 'minute',
      retryAfterSeconds: 50, // ceil(49.75)
      remaining: { minute: 4, day: null },
      limit: { minute: 10, day: null },
      degraded: false,
    });
    granted(await q.reserve(KEY, limits, 4)); // what remains still fits
    jest.advanceTimersByTime(49_749);
    expect((await q.reserve(KEY, limits, 1)).granted).toBe(false); // 1 ms before the boundary
    jest.advanceTimersByTime(1);
    granted(await q.reserve(KEY, limits, 10)); // exactly at the Retry-After's instant (ceil lands at or after it)
  });

  it('Retry-After is never early: a retry at now + Retry-After always fits', async () => {
    const q = new Quotas();
    const limits = { imagesPerMinute: 3 };
    for (const offset of [0, 1, 999, 1000, 59_001, 59_999]) {
      jest.setSystemTime(Date.UTC(2025, 2, 14, 13, 7, 0) + offset);
      const key = `jwt:u-${offset}`;
      granted(await q.reserve(key, limits, 3));
      const d = await q.reserve(key, limits, 1);
      if (d.granted) throw new Error('should refuse');
      expect(d.retryAfterSeconds).toBe(Math.max(1, Math.ceil((60_000 - offset) / 1000)));
      jest.advanceTimersByTime(d.retryAfterSeconds! * 1000);
      granted(await q.reserve(key, limits, 1));
    }
  });

  it('the day window: refused until UTC midnight, even when the minute has room', async () => {
    const q = new Quotas();
    const limits = { imagesPerMinute: 100, imagesPerDay: 150 };
    jest.setSystemTime(Date.UTC(2025, 2, 14, 23, 58, 30));
    granted(await q.reserve(KEY, limits, 100)).ticket.commit(100);
    jest.advanceTimersByTime(60_000); // 23:59:30, a new minute
    granted(await q.reserve(KEY, limits, 50)).ticket.commit(50);
    const d = await q.reserve(KEY, limits, 1);
    expect(d).toMatchObject({ granted: false, window: 'day', retryAfterSeconds: 30, remaining: { minute: 50, day: 0 } });
    const u = await q.usage(KEY, limits);
    expect(u.day).toEqual({ used: 150, reserved: 0, limit: 150, remaining: 0, resetsAt: Date.UTC(2025, 2, 15) });
    jest.advanceTimersByTime(29_999);
    expect((await q.reserve(KEY, limits, 1)).granted).toBe(false);
    jest.advanceTimersByTime(1); // 00:00:00.000Z
    granted(await q.reserve(KEY, limits, 100));
    expect((await q.usage(KEY, limits)).day).toMatchObject({ used: 0, reserved: 100, remaining: 50 });
  });

  it('a request larger than a limit is refused with Retry-After null (it never fits)', async () => {
    const q = new Quotas();
    expect(await q.reserve(KEY, { imagesPerMinute: 10 }, 11)).toMatchObject({ granted: false, window: 'minute', retryAfterSeconds: null });
    expect(await q.reserve(KEY, { imagesPerMinute: 10, imagesPerDay: 5 }, 8)).toMatchObject({
      granted: false,
      window: 'day',
      retryAfterSeconds: null,
    });
    expect(await q.reserve(KEY, { imagesPerMinute: 0 }, 1)).toMatchObject({ granted: false, retryAfterSeconds: null });
  });

  it('unlimited callers are granted and still counted; n = 0 costs nothing', async () => {
    const q = new Quotas();
    granted(await q.reserve(KEY, {}, 1000)).ticket.commit(1000);
    granted(await q.reserve(KEY, {}, 0));
    expect(await q.usage(KEY, {})).toMatchObject({ minute: { used: 1000, limit: null, remaining: null }, day: { used: 1000 } });
    await expect(q.reserve(KEY, {}, 1.5)).rejects.toThrow(RangeError);
  });

  it('commit keeps images counted, release gives back only the rest; commits are capped, release idempotent', async () => {
    const events: string[] = [];
    const observer: QuotaObserver = {
      sent: (k, n) => events.push(`sent ${k} ${n}`),
      returned: (k, n, why) => events.push(`${why} ${k} ${n}`),
      refused: (k, n, w) => events.push(`refused ${k} ${n} ${w}`),
    };
    const q = new Quotas({ observer });
    const limits = { imagesPerMinute: 10 };
    const t = granted(await q.reserve(KEY, limits, 8)).ticket;
    expect((await q.usage(KEY, limits)).minute).toMatchObject({ used: 0, reserved: 8, remaining: 2 });
    t.commit(3);
    t.commit(2);
    expect((await q.usage(KEY, limits)).minute).toMatchObject({ used: 5, reserved: 3, remaining: 2 });
    t.release(); // 3 were cache hits or cancelled
    t.release();
    expect((await q.usage(KEY, limits)).minute).toMatchObject({ used: 5, reserved: 0, remaining: 5 });
    t.commit(1); // release ended the ticket
    const u = granted(await q.reserve(KEY, limits, 4)).ticket;
    u.commit(100); // capped at what was reserved
    expect((await q.usage(KEY, limits)).minute).toMatchObject({ used: 9, reserved: 0, remaining: 1 });
    expect((await q.reserve(KEY, limits, 3)).granted).toBe(false);
    expect(events).toEqual([`sent ${KEY} 3`, `sent ${KEY} 2`, `released ${KEY} 3`, `sent ${KEY} 4`, `refused ${KEY} 3 minute`]);
  });

  it('a reservation neither committed nor released expires after its TTL and gives its images back', async () => {
    const expired: number[] = [];
    const q = new Quotas({ reservationTtlMs: 5_000, observer: { returned: (_k, n, why) => why === 'expired' && expired.push(n) } });
    const limits = { imagesPerDay: 10 };
    granted(await q.reserve(KEY, limits, 10)); // abandoned
    const partly = granted(await q.reserve('jwt:b', limits, 10)).ticket;
    partly.commit(4); // abandoned after sending 4
    expect((await q.reserve(KEY, limits, 1)).granted).toBe(false);
    jest.advanceTimersByTime(4_999);
    expect((await q.reserve(KEY, limits, 1)).granted).toBe(false);
    jest.advanceTimersByTime(1);
    expect((await q.usage(KEY, limits)).day).toMatchObject({ used: 0, reserved: 0, remaining: 10 });
    expect((await q.usage('jwt:b', limits)).day).toMatchObject({ used: 4, reserved: 0, remaining: 6 });
    expect(expired.sort()).toEqual([10, 6]);
    partly.commit(2); // the images did go up after all: counted, not lost
    partly.release();
    expect((await q.usage('jwt:b', limits)).day).toMatchObject({ used: 6, remaining: 4 });
  });

  it('forgets callers whose day has passed (memory stays bounded)', async () => {
    const q = new Quotas();
    for (let i = 0; i < 100; i++) granted(await q.reserve(`jwt:${i}`, { imagesPerDay: 5 }, 5)).ticket.commit(5);
    jest.advanceTimersByTime(24 * 3600_000);
    granted(await q.reserve('jwt:0', { imagesPerDay: 5 }, 5));
    expect((await q.usage('jwt:1', { imagesPerDay: 5 })).day.used).toBe(0);
  });
});
