import { MemoryQuotaStore } from './memory-store.js';
import { RedisQuotaStore, RedisUnavailableError, type RedisLike } from './redis-store.js';
import { EMPTY_TICKET, Ticket, observedTicket } from './ticket.js';
import type { QuotaClock, QuotaDecision, QuotaLimits, QuotaObserver, QuotaStore, QuotaUsage } from './types.js';

export interface QuotasOptions {
  /** Shared store; without it the quotas are this process's own. */
  redis?: RedisLike;
  keyPrefix?: string;
  /** The most a reserve or usage waits for Redis before answering from the local store. */
  redisTimeoutMs?: number;
  /** After a Redis failure, Redis is not asked for this long (a hung server would cost every request the timeout). */
  redisCooldownMs?: number;
  reservationTtlMs?: number;
  clock?: QuotaClock;
  observer?: QuotaObserver;
}

export const QUOTA_DEFAULTS = {
  keyPrefix: 'quota:v1:',
  redisTimeoutMs: 50,
  redisCooldownMs: 1000,
  /** Past the longest operation (its deadline is 60 s), so only abandoned reservations expire. */
  reservationTtlMs: 120_000,
} as const;

/**
 * The quotas the prediction path asks. Redis failing never fails a request (fail-open to a local store):
 * while Redis errs, times out or reconnects, each replica counts in its own memory and says `degraded`.
 */
export class Quotas {
  readonly #redis: RedisQuotaStore | undefined;
  readonly #local: MemoryQuotaStore;
  readonly #observer: QuotaObserver;
  readonly #clock: QuotaClock;
  readonly #cooldownMs: number;
  #coolUntil = 0;
  #degraded = false;

  constructor(options: QuotasOptions = {}) {
    const o = { ...QUOTA_DEFAULTS, ...options };
    this.#observer = o.observer ?? {};
    this.#clock = o.clock ?? { now: () => Date.now() };
    this.#cooldownMs = o.redisCooldownMs;
    const common = { reservationTtlMs: o.reservationTtlMs, observer: this.#observer };
    this.#local = new MemoryQuotaStore({ ...common, clock: this.#clock });
    this.#redis = o.redis && new RedisQuotaStore({ ...common, client: o.redis, prefix: o.keyPrefix, timeoutMs: o.redisTimeoutMs });
  }

  /** The last answer came from the local fallback because Redis failed. */
  get degraded(): boolean {
    return this.#degraded;
  }

  /** Reserves `n` images (all or none) before they go to the batcher. */
  async reserve(callerKey: string, limits: QuotaLimits, n: number): Promise<QuotaDecision> {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`quota: image count must be a whole number >= 0, got ${n}`);
    if (n === 0) return { granted: true, ticket: EMPTY_TICKET, degraded: this.#degraded };
    const d = await this.#ask((s) => s.reserve(callerKey, limits, n));
    if (!d.granted) {
      this.#observer.refused?.(callerKey, n, d.window);
      return d;
    }
    const ticket = d.ticket instanceof Ticket ? observedTicket(d.ticket, callerKey, this.#observer) : d.ticket;
    return { ...d, ticket };
  }

  /** What the caller used and has left (from the local store, and `degraded`, while Redis fails). */
  usage(callerKey: string, limits: QuotaLimits): Promise<QuotaUsage> {
    return this.#ask((s) => s.usage(callerKey, limits));
  }

  async #ask<T extends { degraded: boolean }>(op: (s: QuotaStore) => Promise<T>): Promise<T> {
    const redis = this.#redis;
    if (!redis) return op(this.#local);
    if (this.#clock.now() >= this.#coolUntil) {
      if (!redis.ready) this.#observer.redisError?.('not-ready');
      else {
        try {
          const r = await op(redis);
          this.#setDegraded(false);
          return r;
        } catch (e) {
          this.#coolUntil = this.#clock.now() + this.#cooldownMs;
          this.#observer.redisError?.(e instanceof RedisUnavailableError ? e.kind : 'error');
        }
      }
    }
    this.#setDegraded(true);
    return { ...(await op(this.#local)), degraded: true };
  }

  #setDegraded(on: boolean): void {
    if (on === this.#degraded) return;
    this.#degraded = on;
    this.#observer.degraded?.(on);
  }
}
