import { randomUUID } from 'node:crypto';
import { Ticket, type TicketSink } from './ticket.js';
import type { QuotaClock, QuotaDecision, QuotaLimits, QuotaObserver, QuotaStore, QuotaUsage } from './types.js';
import { dayEnd, dayIndex, limitsOf, minuteEnd, minuteIndex, refusal, windowUsage } from './windows.js';

interface Pending {
  caller: string;
  left: number;
  minute: number;
  day: number;
  expiresAt: number;
}

/** Counts of one caller. `*Count` holds committed plus reserved images of the window at `*Index`. */
interface CallerState {
  minuteIndex: number;
  minuteCount: number;
  dayIndex: number;
  dayCount: number;
  pending: Map<string, Pending>;
}

export interface MemoryStoreOptions {
  /** A reservation neither committed nor released within this gives its images back. */
  reservationTtlMs: number;
  clock?: QuotaClock;
  observer?: QuotaObserver;
}

/**
 * One process's quotas. Also the fallback of the Redis store, so it never throws. Expiry is lazy (on the
 * caller's next reserve or usage) plus a sweep of every caller once per minute, which also forgets
 * callers with nothing left to remember, so memory stays bounded by the callers active today.
 */
export class MemoryQuotaStore implements QuotaStore, TicketSink {
  readonly #callers = new Map<string, CallerState>();
  readonly #tickets = new Map<string, Pending>();
  /** Expired tickets, remembered until their day ends so a late commit still finds its caller. */
  readonly #lateCaller = new Map<string, { key: string; minute: number; day: number }>();
  readonly #ttl: number;
  readonly #clock: QuotaClock;
  readonly #observer: QuotaObserver;
  #sweptMinute = -1;

  constructor(options: MemoryStoreOptions) {
    this.#ttl = options.reservationTtlMs;
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.#observer = options.observer ?? {};
  }

  async reserve(callerKey: string, limits: QuotaLimits, n: number): Promise<QuotaDecision> {
    const now = this.#clock.now();
    const s = this.#state(callerKey, now);
    const refused = refusal(now, { minute: s.minuteCount, day: s.dayCount }, limits, n);
    if (refused) return { ...refused, degraded: false };
    s.minuteCount += n;
    s.dayCount += n;
    const id = randomUUID();
    const p: Pending = { caller: callerKey, left: n, minute: s.minuteIndex, day: s.dayIndex, expiresAt: now + this.#ttl };
    s.pending.set(id, p);
    this.#tickets.set(id, p);
    return { granted: true, ticket: new Ticket(id, n, this), degraded: false };
  }

  async usage(callerKey: string, limits: QuotaLimits): Promise<QuotaUsage> {
    const now = this.#clock.now();
    const s = this.#state(callerKey, now);
    let minuteReserved = 0;
    let dayReserved = 0;
    for (const p of s.pending.values()) {
      if (p.minute === s.minuteIndex) minuteReserved += p.left;
      if (p.day === s.dayIndex) dayReserved += p.left;
    }
    const limit = limitsOf(limits);
    return {
      minute: windowUsage(limit.minute, s.minuteCount - minuteReserved, minuteReserved, minuteEnd(now)),
      day: windowUsage(limit.day, s.dayCount - dayReserved, dayReserved, dayEnd(now)),
      degraded: false,
    };
  }

  commit(id: string, k: number): void {
    const p = this.#tickets.get(id);
    if (p) {
      // Already counted when reserved: the images just stop being returnable.
      p.left -= Math.min(k, p.left);
      if (p.left === 0) this.#forget(id, p);
      return;
    }
    // Expired before its commit: the images did go up, so count them where the window still runs.
    const caller = this.#lateCaller.get(id);
    if (caller === undefined) return;
    const s = this.#state(caller.key, this.#clock.now());
    if (s.minuteIndex === caller.minute) s.minuteCount += k;
    if (s.dayIndex === caller.day) s.dayCount += k;
  }

  release(id: string): void {
    const p = this.#tickets.get(id);
    if (!p) return;
    this.#giveBack(id, p, 'released');
  }

  #giveBack(id: string, p: Pending, why: 'released' | 'expired'): void {
    const s = this.#callers.get(p.caller);
    if (s) {
      if (s.minuteIndex === p.minute) s.minuteCount -= p.left;
      if (s.dayIndex === p.day) s.dayCount -= p.left;
    }
    if (p.left > 0 && why === 'expired') this.#observer.returned?.(p.caller, p.left, why);
    if (why === 'expired') this.#lateCaller.set(id, { key: p.caller, minute: p.minute, day: p.day });
    this.#forget(id, p);
  }

  #forget(id: string, p: Pending): void {
    this.#tickets.delete(id);
    this.#callers.get(p.caller)?.pending.delete(id);
  }

  /** The caller's state with its windows rolled to `now` and its expired reservations given back. */
  #state(key: string, now: number): CallerState {
    this.#sweepAll(now);
    let s = this.#callers.get(key);
    if (!s) {
      s = { minuteIndex: minuteIndex(now), minuteCount: 0, dayIndex: dayIndex(now), dayCount: 0, pending: new Map() };
      this.#callers.set(key, s);
    }
    for (const [id, p] of s.pending) if (p.expiresAt <= now) this.#giveBack(id, p, 'expired');
    if (s.minuteIndex !== minuteIndex(now)) [s.minuteIndex, s.minuteCount] = [minuteIndex(now), 0];
    if (s.dayIndex !== dayIndex(now)) [s.dayIndex, s.dayCount] = [dayIndex(now), 0];
    return s;
  }

  #sweepAll(now: number): void {
    const m = minuteIndex(now);
    if (m === this.#sweptMinute) return;
    this.#sweptMinute = m;
    const today = dayIndex(now);
    for (const [key, s] of this.#callers) {
      for (const [id, p] of s.pending) if (p.expiresAt <= now) this.#giveBack(id, p, 'expired');
      if (s.pending.size === 0 && s.dayIndex !== today) this.#callers.delete(key);
    }
    for (const [id, late] of this.#lateCaller) if (late.day !== today) this.#lateCaller.delete(id);
  }
}
