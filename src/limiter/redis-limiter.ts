import type { Redis } from 'ioredis';
import type { CallPermit, Limiter } from './limiter.js';
import { limiterScripts, type LimiterScripts } from './gcra-script.js';
import { FallbackMode, type FallbackStats, type LimiterMode } from './fallback-mode.js';
import { noteRedisFailure, noteRedisSuccess, redisTrouble } from '../redis/health.js';
import { InFlightCap, delay, eitherSignal, once, untilAborted } from './fallback-timing.js';

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
   * A caller that reaches its slot later than this (an event-loop stall) reserves again instead of starting:
   * slots are spaced on Redis's clock, and starts late by more than the margin could crowd into one second
   * (a 500 ms stall would release all its slots at once). Default marginMs.
   */
  maxLateMs?: number;
  /** Default 'predict:limiter:'. The key is wrapped in {} so a Redis Cluster keeps it on one slot. */
  keyPrefix?: string;
  clock?: () => number;
  logger?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  onModeChange?: (mode: LimiterMode, reason: string) => void;
}

export interface RedisLimiterStats extends FallbackStats {
  sharedGrants: number;
  /** Reserved slots never used: the wait was aborted, or Redis failed during it. */
  wastedSlots: number;
  /** Reservations refused as beyond maxAheadMs (the caller waited and asked again). */
  refusals: number;
  /** Reservations redone because a pause (or an emptied Redis) changed the epoch during the wait. */
  rereservations: number;
  /** Slots given up because this process reached them later than maxLateMs (also counted in wastedSlots). */
  lateSlots: number;
  inFlight: number;
}

/** The hash outlives its last reserved slot by this, so waiters can still read its epoch. */
const GRACE_MS = 10_000;
/** A caller waiting for a slot looks at the client's health this often, so an outage moves it to the fallback. */
const HEALTH_CHECK_MS = 100;

/**
 * The account's rate shared by every replica through one GCRA script on Redis (see gcra-script.ts), the
 * in-flight cap kept per replica, and a local fallback at this replica's share whenever Redis errs, times out
 * or is not connected: a Redis failure delays nothing beyond the fallback's own pacing and fails no caller.
 */
export class RedisLimiter implements Limiter {
  private readonly scripts: LimiterScripts;
  private readonly cap: InFlightCap;
  private readonly mode: FallbackMode;
  private readonly redisKey: string;
  private readonly intervalUs: number;
  private readonly maxAheadMs: number;
  private readonly maxLateMs: number;
  private readonly now: () => number;
  private pending = 0;
  private counts = { sharedGrants: 0, wastedSlots: 0, refusals: 0, rereservations: 0, lateSlots: 0 };

  constructor(private readonly o: RedisLimiterOptions) {
    this.scripts = limiterScripts(o.redis);
    this.cap = new InFlightCap(o.maxInFlight);
    this.redisKey = `${o.keyPrefix ?? 'predict:limiter:'}{${o.key}}`;
    this.intervalUs = ((1000 + o.marginMs) * 1000) / o.ratePerSecond;
    this.maxAheadMs = o.maxAheadMs ?? 5000;
    this.maxLateMs = o.maxLateMs ?? o.marginMs;
    this.now = o.clock ?? Date.now;
    this.mode = new FallbackMode({
      ratePerSecond: o.ratePerSecond,
      windowMs: 1000 + o.marginMs,
      fallback: o.fallback,
      replicas: o.replicas,
      probeIntervalMs: o.probeIntervalMs ?? 1000,
      settleMs: o.settleMs ?? 3000,
      clock: this.now,
      isReady: () => o.redis.status === 'ready',
      trouble: () => redisTrouble(o.redis),
      recover: (owed) => this.recover(owed),
      onModeChange: o.onModeChange,
      logger: o.logger,
      key: o.key,
    });
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
    return { ...this.mode.stats, ...this.counts, inFlight: this.cap.inFlight };
  }

  async acquire(signal?: AbortSignal): Promise<CallPermit> {
    this.pending++;
    try {
      // The in-flight slot first, so a call starts at its rate slot: a start delayed past its slot (waiting
      // for a call to end) could land in a later second next to that second's own calls.
      await this.cap.take(signal);
      try {
        const permit = await this.route(signal);
        return once(() => {
          permit.release();
          this.cap.give();
        });
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
    void this.tracked(this.scripts.pause(this.redisKey, ms, GRACE_MS)).catch((err: unknown) => this.mode.failed(err));
  }

  /** Redis's slot, and while settling after an outage a local one at the share first. */
  private async viaSettling(signal: AbortSignal): Promise<CallPermit | undefined> {
    const local = this.mode.settling();
    if (!local) return this.viaRedis(signal);
    const localPermit = await local.acquire(signal);
    let permit: CallPermit | undefined;
    try {
      permit = await this.viaRedis(signal);
    } finally {
      if (!permit) localPermit.release();
    }
    if (!permit) return undefined;
    const shared = permit;
    return once(() => {
      localPermit.release();
      shared.release();
    });
  }

  /** A permit from a Redis slot, or undefined when Redis failed and the fallback must answer. */
  private async viaRedis(signal?: AbortSignal): Promise<CallPermit | undefined> {
    for (;;) {
      if (!this.mode.sharedUsable()) return undefined;
      let r;
      const sentAt = this.now();
      try {
        r = await untilAborted(this.tracked(this.scripts.reserve(this.redisKey, this.intervalUs, 1, this.maxAheadMs * 1000, GRACE_MS)), signal);
      } catch (err) {
        // Aborted during the round trip: the slot it reserves (if any) is wasted, Redis is not at fault.
        if (signal?.aborted) {
          this.counts.wastedSlots++;
          throw err;
        }
        this.mode.failed(err);
        return undefined;
      }
      // The slot is due at most r.ms after the script ran, and it ran after sentAt: lateness counted from
      // here includes a reply that came late, which also delays the start.
      const due = sentAt + r.ms;
      if (!r.granted) {
        // Past the horizon: wait until it is within reach (plus jitter, so refused replicas do not all ask at once).
        this.counts.refusals++;
        await delay(r.ms + Math.random() * Math.min(1000, this.maxAheadMs / 4), signal);
        continue;
      }
      if (r.ms > 0) {
        // A pause elsewhere (or a Redis that lost its data) during the wait changed the epoch: our slot may
        // sit inside the pause, or next to slots handed out since, so reserve again.
        let stillValid;
        try {
          stillValid = (await this.untilSlot(r.ms, signal)) ? await this.epochIs(r.epoch, signal) : undefined;
        } catch (err) {
          this.counts.wastedSlots++;
          throw err;
        }
        if (stillValid === undefined) {
          this.counts.wastedSlots++;
          return undefined;
        }
        if (!stillValid) {
          this.counts.rereservations++;
          continue;
        }
      }
      if (this.now() - due > this.maxLateMs) {
        this.counts.lateSlots++;
        this.counts.wastedSlots++;
        continue;
      }
      this.counts.sharedGrants++;
      this.mode.sharedGranted();
      return once(() => undefined);
    }
  }

  /** A Redis command, its outcome shared with the client's other users (redis/health.ts). */
  private async tracked<T>(command: Promise<T>): Promise<T> {
    try {
      const r = await command;
      noteRedisSuccess(this.o.redis);
      return r;
    } catch (err) {
      noteRedisFailure(this.o.redis);
      throw err;
    }
  }

  /** Waits until the slot, looking at the client's health meanwhile; false when Redis went away first. */
  private async untilSlot(ms: number, signal?: AbortSignal): Promise<boolean> {
    const end = this.now() + ms;
    for (let left = ms; left > 0; left = end - this.now()) {
      await delay(Math.min(left, HEALTH_CHECK_MS), signal);
      if (!this.mode.sharedUsable()) return false;
    }
    return true;
  }

  /** Undefined when Redis failed (the caller goes to the fallback); throws only when the signal aborted. */
  private async epochIs(epoch: string, signal?: AbortSignal): Promise<boolean | undefined> {
    if (!this.mode.sharedUsable()) return undefined;
    try {
      return (await untilAborted(this.tracked(this.o.redis.hget(this.redisKey, 'ep')), signal)) === epoch;
    } catch (err) {
      if (signal?.aborted) throw err;
      this.mode.failed(err);
      return undefined;
    }
  }

  private async viaFallback(signal?: AbortSignal): Promise<CallPermit> {
    this.mode.probeIfDue();
    await delay(this.mode.holdMs(), signal);
    const permit = await this.mode.fallback().acquire(signal);
    this.mode.fallbackGranted();
    return permit;
  }

  /** Probe, then book the fallback's recent starts (and any pause still running) in Redis before going back. */
  private async recover(owed: number): Promise<void> {
    // PING first: a probe lost in a hung server runs when it wakes, and a late PING books nothing.
    await this.tracked(this.o.redis.ping());
    const pauseLeft = this.mode.pauseLeftMs();
    if (pauseLeft > 0) await this.tracked(this.scripts.pause(this.redisKey, pauseLeft, GRACE_MS));
    await this.tracked(this.scripts.reserve(this.redisKey, this.intervalUs, owed, 0, GRACE_MS));
  }
}
