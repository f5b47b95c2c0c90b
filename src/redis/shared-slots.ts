import type { Redis } from 'ioredis';
import { limiterScripts, type LimiterKeys, type LimiterScripts, type StartLog, type StartOutcome } from '../limiter/gcra-script.js';
import { delay, untilAborted } from '../limiter/fallback-timing.js';
import { noteRedisFailure, noteRedisSuccess } from './health.js';

/** What the slot path needs from the limiter's mode: may Redis be used, and where failures go. */
export interface SlotMode {
  sharedUsable(): boolean;
  failed(err: unknown): void;
}

export interface SharedSlotsOptions {
  redis: Redis;
  /** The full Redis key of the credential's hash; its start log is this + ':starts'. */
  key: string;
  ratePerSecond: number;
  marginMs: number;
  /** The start log's window is 1 s + this; below marginMs so that starts a little late are not held. */
  logMarginMs: number;
  maxAheadMs: number;
  clock: () => number;
}

export interface SlotCounts {
  sharedGrants: number;
  wastedSlots: number;
  refusals: number;
  rereservations: number;
  /** Starts the log held back: this replica reached its slot while `rate` starts were within the window. */
  heldStarts: number;
}

/** The hash outlives its last reserved slot by this, so waiters can still read its epoch. */
const GRACE_MS = 10_000;
/** A caller waiting for a slot looks at the client's health this often, so an outage moves it to the fallback. */
const HEALTH_CHECK_MS = 100;

/**
 * The Redis side of the shared limiter: reserve a slot with the GCRA script, wait for it while watching the
 * client's health, then start it with the start script, which voids it after a pause or an emptied Redis
 * (epoch) and holds it back while the start log is full. Starts are logged at Redis TIME, so a replica
 * that reaches its slot late (a busy event loop) starts at its true time and the slots after it wait:
 * lateness costs capacity, never a throttle. Every command's outcome is shared with the client's other
 * users (redis/health.ts).
 */
export class SharedSlots {
  readonly counts: SlotCounts = { sharedGrants: 0, wastedSlots: 0, refusals: 0, rereservations: 0, heldStarts: 0 };
  private readonly scripts: LimiterScripts;
  private readonly intervalUs: number;
  private readonly keys: LimiterKeys;
  private readonly log: StartLog;

  constructor(
    private readonly o: SharedSlotsOptions,
    private readonly mode: SlotMode,
  ) {
    this.scripts = limiterScripts(o.redis);
    this.intervalUs = ((1000 + o.marginMs) * 1000) / o.ratePerSecond;
    this.keys = { hash: o.key, starts: `${o.key}:starts` };
    this.log = { rate: o.ratePerSecond, windowUs: (1000 + o.logMarginMs) * 1000 };
  }

  /**
   * Resolves with the start's member in the log once this caller's call may start (for sent()), undefined
   * when Redis failed (use the fallback).
   */
  async take(signal?: AbortSignal): Promise<string | undefined> {
    for (;;) {
      if (!this.mode.sharedUsable()) return undefined;
      let r;
      try {
        r = await untilAborted(
          this.tracked(this.scripts.reserve(this.keys, this.intervalUs, 1, this.o.maxAheadMs * 1000, GRACE_MS, this.log)),
          signal,
        );
      } catch (err) {
        // Aborted during the round trip: the slot it reserves (if any) is wasted, Redis is not at fault.
        if (signal?.aborted) return this.wasted(err);
        this.mode.failed(err);
        return undefined;
      }
      if (!r.granted) {
        // Past the horizon: wait until it is within reach (plus jitter, so refused callers do not all ask at once).
        this.counts.refusals++;
        await delay(r.ms + Math.random() * Math.min(1000, this.o.maxAheadMs / 4), signal);
        continue;
      }
      let outcome: StartOutcome | undefined;
      try {
        outcome = r.member !== undefined ? { started: true, member: r.member } : await this.startAfter(r.holdMs ?? r.ms, r.epoch, signal);
      } catch (err) {
        return this.wasted(err);
      }
      if (outcome === undefined) {
        this.counts.wastedSlots++;
        return undefined;
      }
      if (outcome.started) {
        this.counts.sharedGrants++;
        return outcome.member;
      }
      // A pause (or a Redis that lost its data) changed the epoch during the wait: the slot may sit inside the
      // pause, or next to slots handed out since.
      this.counts.rereservations++;
    }
  }

  /** Waits `ms`, then runs the start script until it starts or voids; undefined when Redis failed. */
  private async startAfter(ms: number, epoch: string, signal?: AbortSignal): Promise<StartOutcome | undefined> {
    for (let wait = ms; ;) {
      if (!(await this.untilSlot(wait, signal)) || !this.mode.sharedUsable()) return undefined;
      let outcome: StartOutcome;
      try {
        outcome = await untilAborted(this.tracked(this.scripts.start(this.keys, epoch, this.intervalUs, this.log, GRACE_MS)), signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        this.mode.failed(err);
        return undefined;
      }
      if (!('holdMs' in outcome)) return outcome;
      this.counts.heldStarts++;
      wait = outcome.holdMs;
    }
  }

  /** The call started as `member` has left: the log counts it from now. A failure only costs that precision. */
  sent(member: string): void {
    this.tracked(this.scripts.sent(this.keys, member, this.log, GRACE_MS)).catch(() => undefined);
  }

  pause(ms: number): Promise<void> {
    return this.tracked(this.scripts.pause(this.o.key, ms, GRACE_MS));
  }

  /** PING first (a probe lost in a hung server runs when it wakes, and a late PING books nothing), then book. */
  async recover(owedStarts: number, pauseLeftMs: number): Promise<void> {
    await this.tracked(this.o.redis.ping());
    if (pauseLeftMs > 0) await this.pause(pauseLeftMs);
    await this.tracked(this.scripts.reserve(this.keys, this.intervalUs, owedStarts, 0, GRACE_MS));
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
}
