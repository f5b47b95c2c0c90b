import type { Redis } from 'ioredis';
import { limiterScripts, type LimiterScripts } from '../limiter/gcra-script.js';
import { delay, untilAborted } from '../limiter/fallback-timing.js';
import { noteRedisFailure, noteRedisSuccess } from './health.js';

/** What the slot path needs from the limiter's mode: may Redis be used, and where failures go. */
export interface SlotMode {
  sharedUsable(): boolean;
  failed(err: unknown): void;
}

export interface SharedSlotsOptions {
  redis: Redis;
  /** The full Redis key of the credential's hash. */
  key: string;
  ratePerSecond: number;
  marginMs: number;
  maxAheadMs: number;
  maxLateMs: number;
  clock: () => number;
}

export interface SlotCounts {
  sharedGrants: number;
  wastedSlots: number;
  refusals: number;
  rereservations: number;
  lateSlots: number;
}

/** The hash outlives its last reserved slot by this, so waiters can still read its epoch. */
const GRACE_MS = 10_000;
/** A caller waiting for a slot looks at the client's health this often, so an outage moves it to the fallback. */
const HEALTH_CHECK_MS = 100;

/**
 * The Redis side of the shared limiter: reserve a slot with the GCRA script, wait for it while watching the
 * client's health, check the epoch (a pause or an emptied Redis voids the slot), and give up slots reached
 * too late. Every command's outcome is shared with the client's other users (redis/health.ts).
 */
export class SharedSlots {
  readonly counts: SlotCounts = { sharedGrants: 0, wastedSlots: 0, refusals: 0, rereservations: 0, lateSlots: 0 };
  private readonly scripts: LimiterScripts;
  private readonly intervalUs: number;

  constructor(
    private readonly o: SharedSlotsOptions,
    private readonly mode: SlotMode,
  ) {
    this.scripts = limiterScripts(o.redis);
    this.intervalUs = ((1000 + o.marginMs) * 1000) / o.ratePerSecond;
  }

  /** Resolves true when this caller's slot has come, false when Redis failed (use the fallback). */
  async take(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (!this.mode.sharedUsable()) return false;
      const sentAt = this.o.clock();
      let r;
      try {
        r = await untilAborted(this.tracked(this.scripts.reserve(this.o.key, this.intervalUs, 1, this.o.maxAheadMs * 1000, GRACE_MS)), signal);
      } catch (err) {
        // Aborted during the round trip: the slot it reserves (if any) is wasted, Redis is not at fault.
        if (signal?.aborted) return this.wasted(err);
        this.mode.failed(err);
        return false;
      }
      if (!r.granted) {
        // Past the horizon: wait until it is within reach (plus jitter, so refused callers do not all ask at once).
        this.counts.refusals++;
        await delay(r.ms + Math.random() * Math.min(1000, this.o.maxAheadMs / 4), signal);
        continue;
      }
      // The slot is due at most r.ms after the script ran, which was after sentAt: lateness counted from here
      // includes a reply that came late, which delays the start just as much.
      const due = sentAt + r.ms;
      if (r.ms > 0) {
        let valid: boolean | undefined;
        try {
          valid = (await this.untilSlot(r.ms, signal)) ? await this.epochIs(r.epoch, signal) : undefined;
        } catch (err) {
          return this.wasted(err);
        }
        if (valid === undefined) {
          this.counts.wastedSlots++;
          return false;
        }
        if (!valid) {
          // A pause (or a Redis that lost its data) changed the epoch during the wait: the slot may sit inside
          // the pause, or next to slots handed out since.
          this.counts.rereservations++;
          continue;
        }
      }
      if (this.o.clock() - due > this.o.maxLateMs) {
        this.counts.lateSlots++;
        this.counts.wastedSlots++;
        continue;
      }
      this.counts.sharedGrants++;
      return true;
    }
  }

  pause(ms: number): Promise<void> {
    return this.tracked(this.scripts.pause(this.o.key, ms, GRACE_MS));
  }

  /** PING first (a probe lost in a hung server runs when it wakes, and a late PING books nothing), then book. */
  async recover(owedStarts: number, pauseLeftMs: number): Promise<void> {
    await this.tracked(this.o.redis.ping());
    if (pauseLeftMs > 0) await this.pause(pauseLeftMs);
    await this.tracked(this.scripts.reserve(this.o.key, this.intervalUs, owedStarts, 0, GRACE_MS));
  }

  private wasted(err: unknown): never {
    this.counts.wastedSlots++;
    throw err;
  }

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
    const end = this.o.clock() + ms;
    for (let left = ms; left > 0; left = end - this.o.clock()) {
      await delay(Math.min(left, HEALTH_CHECK_MS), signal);
      if (!this.mode.sharedUsable()) return false;
    }
    return true;
  }

  /** Undefined when Redis failed; throws only when the signal aborted. */
  private async epochIs(epoch: string, signal?: AbortSignal): Promise<boolean | undefined> {
    if (!this.mode.sharedUsable()) return undefined;
    try {
      return (await untilAborted(this.tracked(this.o.redis.hget(this.o.key, 'ep')), signal)) === epoch;
    } catch (err) {
      if (signal?.aborted) throw err;
      this.mode.failed(err);
      return undefined;
    }
  }
}
