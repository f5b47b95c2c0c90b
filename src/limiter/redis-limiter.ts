import type { Redis } from 'ioredis';
import type { CallPermit, Limiter } from './limiter.js';
import { FallbackMode, type FallbackStats, type LimiterMode } from './fallback-mode.js';
import { redisTrouble } from '../redis/health.js';
import { SharedSlots, type SlotCounts } from '../redis/shared-slots.js';
import { InFlightCap, delay, eitherSignal, once } from './fallback-timing.js';

export interface RedisLimiterOptions {
  redis: Redis;
  /** The credential's fingerprint (never the secret): names the Redis key. */
  key: string;
  /** Calls per credential in any sliding second, over all replicas. */
  ratePerSecond: number;
  /** Calls in flight at once on this replica (local, never shared). */
  maxInFlight: number;
  /** A call holds its slot 1 s + margin: emission interval = (1000 + marginMs) / ratePerSecond. */
  marginMs: number;
  /** Builds the in-process limiter used while Redis fails, at `ratePerSecond / replicas` (this replica's share). */
  fallback: (ratePerSecond: number) => Limiter;
  /** Replicas last seen alive (a ReplicaRegistry); 1 when absent. */
  replicas?: { readonly count: number };
  /** Reservations never start further ahead than this; a caller beyond it waits and asks again. Default 5000. */
  maxAheadMs?: number;
  /** While in fallback, how often Redis is probed (at most one probe out). Default 1000. */
  probeIntervalMs?: number;
  /** After Redis is back, how long permits also keep to the local share (the others are coming back). Default 3000. */
  settleMs?: number;
  /**
   * The start log lets at most ratePerSecond calls start in any 1 s + this, on Redis's clock; it covers the
   * jitter between a start and its arrival at Clarifai. Below marginMs, so that a start a little later than
   * the one a second before it is not held back. Default marginMs / 2.
   */
  logMarginMs?: number;
  /** Default 'predict:limiter:'. The key is wrapped in {} so a Redis Cluster keeps it on one slot. */
  keyPrefix?: string;
  clock?: () => number;
  logger?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  onModeChange?: (mode: LimiterMode, reason: string) => void;
}

/**
 * Counters for /metrics. wastedSlots: reserved slots never used (the wait was aborted, or Redis failed
 * during it). refusals: reservations beyond maxAheadMs (the caller waited and asked again).
 * rereservations: redone because a pause or an emptied Redis changed the epoch. heldStarts: slots reached
 * while the start log was full (a late start or send before them), held until the window allows them.
 */
export interface RedisLimiterStats extends FallbackStats, SlotCounts {
  inFlight: number;
}

/**
 * The account's rate shared by every replica through one GCRA script on Redis (see limiter-lua.ts), the
 * in-flight cap kept per replica, and a local fallback at this replica's share whenever Redis errs, times out
 * or is not connected: a Redis failure delays nothing beyond the fallback's own pacing and fails no caller.
 */
export class RedisLimiter implements Limiter {
  private readonly cap: InFlightCap;
  private readonly mode: FallbackMode;
  private readonly slots: SharedSlots;
  private readonly shareTurn = new InFlightCap(1);
  private pending = 0;

  constructor(o: RedisLimiterOptions) {
    const clock = o.clock ?? Date.now;
    this.cap = new InFlightCap(o.maxInFlight);
    this.mode = new FallbackMode({
      ratePerSecond: o.ratePerSecond,
      windowMs: 1000 + o.marginMs,
      fallback: o.fallback,
      replicas: o.replicas,
      probeIntervalMs: o.probeIntervalMs ?? 1000,
      settleMs: o.settleMs ?? 3000,
      clock,
      isReady: () => o.redis.status === 'ready',
      trouble: () => redisTrouble(o.redis),
      recover: (owed) => this.slots.recover(owed, this.mode.pauseLeftMs()),
      onModeChange: o.onModeChange,
      logger: o.logger,
      key: o.key,
    });
    this.slots = new SharedSlots(
      {
        redis: o.redis,
        key: `${o.keyPrefix ?? 'predict:limiter:'}{${o.key}}`,
        ratePerSecond: o.ratePerSecond,
        marginMs: o.marginMs,
        logMarginMs: o.logMarginMs ?? o.marginMs / 2,
        maxAheadMs: o.maxAheadMs ?? 5000,
        clock,
      },
      this.mode,
    );
  }

  get waiting(): number {
    return this.pending;
  }

  get idle(): boolean {
    return this.pending === 0 && this.cap.inFlight === 0 && this.mode.fallbackIdle;
  }

  get degraded(): boolean {
    return this.mode.degraded;
  }

  get stats(): RedisLimiterStats {
    return { ...this.mode.stats, ...this.slots.counts, inFlight: this.cap.inFlight };
  }

  async acquire(signal?: AbortSignal): Promise<CallPermit> {
    this.pending++;
    try {
      // The in-flight slot first, so a call starts at its rate slot: a start delayed past its slot (waiting
      // for a call to end) could land in a later second next to that second's own calls.
      await this.cap.take(signal);
      try {
        const permit = await this.route(signal);
        return {
          ...once(() => {
            permit.release();
            this.cap.give();
          }),
          sent: () => permit.sent?.(),
        };
      } catch (err) {
        this.cap.give();
        throw err;
      }
    } finally {
      this.pending--;
    }
  }

  /** Redis or the fallback, by mode; a wait in progress when the mode changes starts over on the other side. */
  private async route(signal?: AbortSignal): Promise<CallPermit> {
    for (;;) {
      const switched = this.mode.switched;
      const either = eitherSignal(signal, switched);
      try {
        const permit = this.mode.sharedUsable() ? await this.viaSettling(either.signal) : await this.viaFallback(either.signal);
        if (permit) return permit;
      } catch (err) {
        if (signal?.aborted || !switched.aborted) throw err;
      } finally {
        either.dispose();
      }
    }
  }

  pause(ms: number): void {
    // Kept locally too, so the pause still holds if Redis fails during it (and reaches Redis on recovery).
    this.mode.pause(ms);
    if (!this.mode.sharedUsable()) return;
    this.slots.pause(ms).catch((err: unknown) => this.mode.failed(err));
  }

  /** Redis's slot; while settling after an outage, within this replica's share too. */
  private async viaSettling(signal: AbortSignal): Promise<CallPermit | undefined> {
    if (!this.mode.settling()) return this.viaRedis(signal);
    return this.withinShare(signal, () => this.viaRedis(signal));
  }

  /**
   * One waiter at a time, and only once this replica's own starts leave room under its share. Nobody else
   * starts while the turn is held, so the room seen before asking is still there when the permit comes.
   */
  private async withinShare<T>(signal: AbortSignal, start: () => Promise<T>): Promise<T> {
    await this.shareTurn.take(signal);
    try {
      await delay(this.mode.shareWaitMs(), signal);
      return await start();
    } finally {
      this.shareTurn.give();
    }
  }

  /** A permit from a Redis slot, or undefined when Redis failed and the fallback must answer. */
  private async viaRedis(signal?: AbortSignal): Promise<CallPermit | undefined> {
    const member = await this.slots.take(signal);
    if (member === undefined) return undefined;
    this.mode.sharedGranted();
    // After the current macrotask, so that the request is on the wire before the log says so.
    return { ...once(() => undefined), sent: () => void setImmediate(() => this.slots.sent(member)) };
  }

  private async viaFallback(signal: AbortSignal): Promise<CallPermit> {
    this.mode.probeIfDue();
    return this.withinShare(signal, async () => {
      const permit = await this.mode.fallback().acquire(signal);
      this.mode.fallbackGranted();
      return permit;
    });
  }
}
