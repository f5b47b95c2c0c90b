import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { limiterScripts, type LimiterScripts } from './gcra-script.js';
import { noteRedisFailure, noteRedisSuccess } from '../redis/health.js';

export interface ReplicaRegistryOptions {
  redis: Redis;
  /** This replica's id; random by default (a pod name works too, it is not a secret). */
  id?: string;
  /** A replica not heard from for this long no longer counts. Default 3000. */
  ttlMs?: number;
  /** Heartbeat period. Default 1000. */
  intervalMs?: number;
  /** The sorted set of replicas (score: Redis TIME in ms of the last heartbeat). Default 'predict:replicas'. */
  key?: string;
  onChange?: (count: number) => void;
  logger?: { debug(obj: object, msg: string): void };
}

/**
 * Each replica announces itself in one sorted set, scored with Redis's own clock, and learns how many
 * replicas were alive at the last heartbeat that Redis answered. The local fallback takes
 * rate / count. While Redis is down the count stays at its last value: that is the best knowledge a
 * replica has, and a share computed from it adds up to the account's rate if no replica came or went.
 */
export class ReplicaRegistry {
  readonly id: string;
  private readonly scripts: LimiterScripts;
  private readonly ttlMs: number;
  private readonly key: string;
  private timer: NodeJS.Timeout | undefined;
  private beating = false;
  private seen = 1;
  /** A lower count seen once, not yet believed (see beat). */
  private lower: number | undefined;

  constructor(private readonly o: ReplicaRegistryOptions) {
    this.id = o.id ?? randomUUID();
    this.scripts = limiterScripts(o.redis);
    this.ttlMs = o.ttlMs ?? 3000;
    this.key = o.key ?? 'predict:replicas';
  }

  /** Replicas last seen alive, this one included (at least 1). */
  get count(): number {
    return this.seen;
  }

  /** Announces now, then every interval. Resolves after the first heartbeat (answered or not). */
  async start(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => void this.beat(), this.o.intervalMs ?? 1000);
    this.timer.unref();
    await this.beat();
  }

  /** Stops announcing and leaves the set, so the others' shares grow at their next heartbeat. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.o.redis.status !== 'ready') return;
    await this.o.redis.zrem(this.key, this.id).catch(() => undefined);
  }

  async beat(): Promise<void> {
    // One heartbeat out at a time; none into a client that is not connected (it would fail at once anyway).
    if (this.beating || this.o.redis.status !== 'ready') return;
    this.beating = true;
    try {
      const n = Math.max(1, await this.scripts.heartbeat(this.key, this.id, this.ttlMs));
      noteRedisSuccess(this.o.redis);
      this.update(n);
    } catch (err) {
      noteRedisFailure(this.o.redis);
      this.o.logger?.debug({ err: String(err) }, 'replica registry: heartbeat failed, keeping the last count');
    } finally {
      this.beating = false;
    }
  }

  /**
   * More replicas count at once (smaller shares are safe); fewer only when the next heartbeat agrees. A
   * restarted, emptied Redis answers the first heartbeats with 1, 2, … until every replica has beaten once
   * (within one interval): believed at once, those counts would hand out shares adding up to more than the rate.
   */
  private update(n: number): void {
    if (n < this.seen && this.lower === undefined) {
      this.lower = n;
      return;
    }
    const next = n < this.seen ? Math.max(n, this.lower!) : n;
    this.lower = undefined;
    if (next === this.seen) return;
    this.seen = next;
    this.o.onChange?.(next);
  }
}
