import type { CacheObserver, Clock } from './types.js';

/**
 * The part of an ioredis client (Redis or Cluster) the cache uses. `status` lets it skip Redis while the
 * client reconnects instead of queueing commands that would burst out later.
 */
export interface RedisLike {
  readonly status: string;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px: 'PX', ttlMs: number): Promise<unknown>;
}

export interface RedisLevelOptions {
  client: RedisLike;
  prefix: string;
  timeoutMs: number;
  cooldownMs: number;
  clock: Clock;
  observer: CacheObserver;
}

/**
 * Level 2. Never throws and never waits past its deadline: Redis is an optimisation, so a failure costs
 * at most one bounded wait, then Redis is left alone for `cooldownMs` (a hung server would otherwise
 * add the full timeout to every image of every request).
 */
export class RedisLevel {
  readonly counts = { errors: 0, timeouts: 0, decodeErrors: 0, skipped: 0 };
  readonly #o: RedisLevelOptions;
  #coolUntil = 0;

  constructor(options: RedisLevelOptions) {
    this.#o = options;
  }

  /** The value, or undefined on a miss, an error, a timeout or while Redis is unavailable. */
  async get(id: string, deadline: number): Promise<string | undefined> {
    const wait = deadline - this.#o.clock.now();
    if (!this.#usable() || wait <= 0) {
      this.#count('skipped');
      return undefined;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), wait);
    });
    const reply = this.#o.client.get(this.#o.prefix + id).then(
      (v) => v ?? undefined,
      () => 'error' as const,
    );
    try {
      const r = await Promise.race([reply, timeout]);
      if (r === 'timeout' || r === 'error') {
        this.#fail(r);
        return undefined;
      }
      return r;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Fire-and-forget: a request never waits for a write, and a failed write is only counted. */
  set(id: string, value: string, ttlMs: number): boolean {
    if (ttlMs <= 0) return false;
    if (!this.#usable()) {
      this.#count('skipped');
      return false;
    }
    this.#o.client.set(this.#o.prefix + id, value, 'PX', Math.ceil(ttlMs)).catch(() => this.#fail('error'));
    return true;
  }

  /** A malformed value read back (counted here so all Redis trouble shows in one place). */
  decodeError(): void {
    this.#count('decode');
  }

  #usable(): boolean {
    return this.#o.client.status === 'ready' && this.#o.clock.now() >= this.#coolUntil;
  }

  #fail(kind: 'error' | 'timeout'): void {
    this.#coolUntil = this.#o.clock.now() + this.#o.cooldownMs;
    this.#count(kind);
  }

  #count(kind: 'error' | 'timeout' | 'decode' | 'skipped'): void {
    if (kind === 'error') this.counts.errors++;
    else if (kind === 'timeout') this.counts.timeouts++;
    else if (kind === 'decode') this.counts.decodeErrors++;
    else this.counts.skipped++;
    this.#o.observer.redisError?.(kind);
  }
}
