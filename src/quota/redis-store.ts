import { createHash, randomUUID } from 'node:crypto';
import { RESERVE, SETTLE, USAGE } from './redis-scripts.js';
import { Ticket, type TicketSink } from './ticket.js';
import type { QuotaDecision, QuotaLimits, QuotaObserver, QuotaStore, QuotaUsage } from './types.js';
import { dayEnd, dayIndex, limitsOf, minuteEnd, minuteIndex, refusal, windowUsage } from './windows.js';

/**
 * The part of an ioredis client the store uses (Redis or Cluster). It must be built with
 * `enableOfflineQueue: false`: `status` lets the store skip Redis while it reconnects, and a command
 * sent anyway then fails at once instead of waiting in a queue.
 */
export interface RedisLike {
  readonly status: string;
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export class RedisUnavailableError extends Error {
  constructor(
    readonly kind: 'error' | 'timeout' | 'not-ready',
    cause?: unknown,
  ) {
    super(`quota store: Redis ${kind}`, { cause });
  }
}

export interface RedisStoreOptions {
  client: RedisLike;
  /** Key prefix, e.g. `quota:v1:`. */
  prefix: string;
  /** The most a reserve or usage waits for Redis before the caller falls back. */
  timeoutMs: number;
  reservationTtlMs: number;
  observer?: QuotaObserver;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const SCRIPTS = { reserve: [RESERVE, sha1(RESERVE)], settle: [SETTLE, sha1(SETTLE)], usage: [USAGE, sha1(USAGE)] } as const;

/**
 * Quotas shared by every replica. Throws RedisUnavailableError on any failure; `Quotas` falls back.
 * Commit and release are sent in the background: if one is lost, the reservation expires after its TTL.
 */
export class RedisQuotaStore implements QuotaStore {
  readonly #o: RedisStoreOptions;
  readonly #observer: QuotaObserver;

  constructor(options: RedisStoreOptions) {
    this.#o = options;
    this.#observer = options.observer ?? {};
  }

  get ready(): boolean {
    return this.#o.client.status === 'ready';
  }

  async reserve(callerKey: string, limits: QuotaLimits, n: number): Promise<QuotaDecision> {
    const l = limitsOf(limits);
    const id = randomUUID();
    const stem = this.#stem(callerKey);
    const sent = this.#run('reserve', stem, n, l.minute ?? -1, l.day ?? -1, id, this.#o.reservationTtlMs);
    let reply: number[];
    try {
      reply = await this.#deadline(sent);
    } catch (e) {
      // If the script ran after all, give its images back instead of holding them for the whole TTL.
      sent.then(
        (r) => r[0] === 1 && this.#settle(callerKey, stem, id, 'r', 0, 0, 0),
        () => undefined,
      );
      throw e;
    }
    const [granted, now, minuteCount, dayCount, expired] = reply as [number, number, number, number, number];
    if (expired > 0) this.#observer.returned?.(callerKey, expired, 'expired');
    if (granted !== 1) {
      const refused = refusal(now, { minute: minuteCount, day: dayCount }, limits, n);
      // Lua and refusal() apply the same test to the same counts; this only guards against a drift between them.
      if (!refused) throw new RedisUnavailableError('error', new Error('reserve script and refusal() disagree'));
      return { ...refused, degraded: false };
    }
    const [mi, di] = [minuteIndex(now), dayIndex(now)];
    const sink: TicketSink = {
      commit: (tid, k) => this.#settle(callerKey, stem, tid, 'c', k, mi, di),
      release: (tid) => this.#settle(callerKey, stem, tid, 'r', 0, mi, di),
    };
    return { granted: true, ticket: new Ticket(id, n, sink), degraded: false };
  }

  async usage(callerKey: string, limits: QuotaLimits): Promise<QuotaUsage> {
    const reply = await this.#deadline(this.#run('usage', this.#stem(callerKey)));
    const [now, mc, dc, mr, dr, expired] = reply as [number, number, number, number, number, number];
    if (expired > 0) this.#observer.returned?.(callerKey, expired, 'expired');
    const l = limitsOf(limits);
    return {
      minute: windowUsage(l.minute, mc - mr, mr, minuteEnd(now)),
      day: windowUsage(l.day, dc - dr, dr, dayEnd(now)),
      degraded: false,
    };
  }

  /**
   * The caller key is not secret, but it is free text: hashing keeps key names short and free of
   * braces, which would change the Cluster hash tag.
   */
  #stem(callerKey: string): string {
    return `${this.#o.prefix}{${sha1(callerKey).slice(0, 20)}}`;
  }

  #settle(callerKey: string, stem: string, id: string, mode: 'c' | 'r', k: number, mi: number, di: number): void {
    if (!this.ready) return; // lost: the reservation expires after its TTL
    this.#run('settle', stem, id, mode, k, mi, di).then(
      (reply) => {
        const expired = reply[2] ?? 0;
        if (expired > 0) this.#observer.returned?.(callerKey, expired, 'expired');
      },
      () => this.#observer.redisError?.('error'),
    );
  }

  /** EVALSHA, and EVAL once when Redis does not know the script yet (a restart empties its cache). */
  async #run(name: keyof typeof SCRIPTS, stem: string, ...args: (string | number)[]): Promise<number[]> {
    const [script, sha] = SCRIPTS[name];
    if (!this.ready) throw new RedisUnavailableError('not-ready');
    try {
      return (await this.#o.client.evalsha(sha, 1, stem, ...args)) as number[];
    } catch (e) {
      if (!String((e as Error)?.message).startsWith('NOSCRIPT')) throw new RedisUnavailableError('error', e);
      try {
        return (await this.#o.client.eval(script, 1, stem, ...args)) as number[];
      } catch (e2) {
        throw new RedisUnavailableError('error', e2);
      }
    }
  }

  #deadline<T>(p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RedisUnavailableError('timeout')), this.#o.timeoutMs);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }
}
