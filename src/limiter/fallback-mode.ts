import { setMaxListeners } from 'node:events';
import type { Limiter } from './limiter.js';

export type LimiterMode = 'shared' | 'fallback';

export interface FallbackModeOptions {
  ratePerSecond: number;
  /** The rate window (1000 + margin). */
  windowMs: number;
  fallback: (ratePerSecond: number) => Limiter;
  replicas?: { readonly count: number };
  probeIntervalMs: number;
  /** After coming back, this replica's starts keep to its outage share this long (other replicas may still be on their fallback). */
  settleMs: number;
  clock: () => number;
  /** Is the client connected? (ioredis `status === 'ready'`: a probe may be sent.) */
  isReady: () => boolean;
  /** Why the shared path should not be used now (see redis/health.ts), else undefined. */
  trouble: () => string | undefined;
  /** Probes Redis and books the given fallback starts there; resolves only if Redis answered. */
  recover: (recentFallbackStarts: number) => Promise<void>;
  onModeChange?: (mode: LimiterMode, reason: string) => void;
  logger?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** For logs: the credential fingerprint, never a secret. */
  key: string;
}

export interface FallbackStats {
  mode: LimiterMode;
  /** Commands that failed or timed out, probes included, and shared-path acquires that found the client down. */
  redisErrors: number;
  /** Time spent in fallback mode, the current stretch included. */
  degradedMs: number;
  modeChanges: number;
  fallbackGrants: number;
}

/** Start times younger than the window, oldest first. */
class RecentStarts {
  readonly times: number[] = [];
  constructor(private readonly windowMs: number) {}
  add(now: number): void {
    this.times.push(now);
    this.prune(now);
  }
  prune(now: number): number[] {
    while (this.times.length > 0 && this.times[0]! <= now - this.windowMs) this.times.shift();
    return this.times;
  }
}

/**
 * Which way permits go (the shared Redis limiter or the local fallback), the counters /readyz and /metrics
 * read, and both transitions. Each transition aborts `switched`, so waits in progress re-route at once
 * instead of finishing on the side that was left. On the fallback and while settling, this replica's own
 * starts keep to its share (shareWaitMs). Coming back, Redis answered a probe and the fallback's recent
 * starts were booked there as slots.
 */
export class FallbackMode {
  private mode: LimiterMode = 'shared';
  private since = 0;
  private degradedTotal = 0;
  private errors = 0;
  private changes = 0;
  private grants = 0;
  private lastProbe = -Infinity;
  private probing = false;
  private pausedUntil = 0;
  private settleUntil = 0;
  private readonly local: RecentStarts;
  /** Every start of this replica, either side: what the settle check counts. */
  private readonly own: RecentStarts;
  /** The share the outage's fallback ran at, kept for settling (a restarted Redis reports few replicas at first). */
  private outageShare = 1;
  private current: Limiter | undefined;
  private switch = FallbackMode.controller();

  /** Every waiting acquire listens to it: no listener limit (Node warns beyond 10). */
  private static controller(): AbortController {
    const c = new AbortController();
    setMaxListeners(0, c.signal);
    return c;
  }

  constructor(private readonly o: FallbackModeOptions) {
    this.local = new RecentStarts(o.windowMs);
    this.own = new RecentStarts(o.windowMs);
  }

  get degraded(): boolean {
    return this.mode === 'fallback';
  }

  /** Aborted (then replaced) at the next change of mode. */
  get switched(): AbortSignal {
    return this.switch.signal;
  }

  /** True when a permit should go to Redis; switches to fallback when the client is not ready. */
  sharedUsable(): boolean {
    const trouble = this.mode === 'shared' ? this.o.trouble() : undefined;
    if (trouble) {
      this.errors++;
      this.enter(trouble);
    }
    return this.mode === 'shared';
  }

  /** A command failed or timed out: count it, and stop sending permits to Redis. */
  failed(err: unknown): void {
    this.errors++;
    this.enter(err instanceof Error ? err.message : String(err));
  }

  /** The in-process limiter at this replica's share (built when the fallback mode began). */
  fallback(): Limiter {
    this.current ??= this.o.fallback(this.share());
    return this.current;
  }

  /** Shared again, but the other replicas may still be on their fallback (not in Redis): see shareWaitMs. */
  settling(): boolean {
    return this.mode === 'shared' && this.o.clock() < this.settleUntil;
  }

  /**
   * On the fallback or settling, how long until this replica may start another call: its own starts of the
   * window, either side, stay under the outage's share. Counted at the start itself, not at a reservation
   * made earlier, so neither a Redis slot that comes later nor a fallback slot reached late (a busy event
   * loop) can crowd the window; and the first fallback starts wait for this replica's last shared ones.
   */
  shareWaitMs(): number {
    const now = this.o.clock();
    const recent = this.own.prune(now);
    const m = Math.max(1, Math.floor(this.outageShare));
    return recent.length < m ? 0 : Math.max(0, recent[recent.length - m]! + this.o.windowMs - now);
  }

  /** Holds nothing: no fallback yet or an idle one, and not settling. */
  get fallbackIdle(): boolean {
    return (this.current?.idle ?? true) && !this.settling();
  }

  /** Remembers a throttle's pause, so a fallback begun during it keeps it, and Redis gets it back on recovery. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.o.clock() + ms);
    if (this.mode === 'fallback') this.fallback().pause(ms);
  }

  pauseLeftMs(): number {
    return Math.max(0, this.pausedUntil - this.o.clock());
  }

  share(): number {
    return this.o.ratePerSecond / Math.max(1, this.o.replicas?.count ?? 1);
  }

  sharedGranted(): void {
    this.own.add(this.o.clock());
  }

  fallbackGranted(): void {
    this.grants++;
    this.local.add(this.o.clock());
    this.own.add(this.o.clock());
  }

  /** In fallback mode, probe Redis at most once per interval, never with more than one probe out. */
  probeIfDue(): void {
    const now = this.o.clock();
    if (this.mode !== 'fallback' || this.probing || now - this.lastProbe < this.o.probeIntervalMs || !this.o.isReady()) return;
    this.lastProbe = now;
    this.probing = true;
    this.o
      .recover(this.local.prune(now).length)
      .then(
        () => this.leave(),
        (err: unknown) => {
          this.errors++;
          this.o.logger?.warn({ key: this.o.key, err: String(err) }, 'limiter: Redis probe failed, staying on the local fallback');
        },
      )
      .finally(() => {
        this.probing = false;
      });
  }

  get stats(): FallbackStats {
    const current = this.mode === 'fallback' ? this.o.clock() - this.since : 0;
    return {
      mode: this.mode,
      redisErrors: this.errors,
      degradedMs: this.degradedTotal + current,
      modeChanges: this.changes,
      fallbackGrants: this.grants,
    };
  }

  private enter(reason: string): void {
    if (this.mode === 'fallback') return;
    const now = this.o.clock();
    this.mode = 'fallback';
    this.since = now;
    this.lastProbe = now; // the first probe waits an interval: a client that just failed rarely answers at once
    this.changes++;
    // A fresh limiter at the share of the replicas last seen, so nothing of an earlier outage carries over.
    this.outageShare = this.share();
    this.current = this.o.fallback(this.outageShare);
    if (this.pauseLeftMs() > 0) this.current.pause(this.pauseLeftMs());
    this.o.logger?.warn({ key: this.o.key, reason, share: this.share() }, "limiter: Redis unavailable, local fallback at this replica's share");
    this.flip('fallback', reason);
  }

  private leave(): void {
    if (this.mode === 'shared') return;
    const ms = this.o.clock() - this.since;
    this.degradedTotal += ms;
    this.mode = 'shared';
    this.changes++;
    this.local.times.length = 0;
    // The other replicas come back at their own probe, some time after this one. Until they all have, their
    // fallback starts are not in Redis, so this replica keeps to its share meanwhile (shareWaitMs). The
    // fallback limiter is dropped: its queue holds the waits that are about to re-route.
    this.current = undefined;
    this.settleUntil = this.o.clock() + this.o.settleMs;
    this.o.logger?.info({ key: this.o.key, degradedMs: ms }, 'limiter: Redis answers again, shared limit resumed');
    this.flip('shared', 'redis answered');
  }

  private flip(mode: LimiterMode, reason: string): void {
    const old = this.switch;
    this.switch = FallbackMode.controller();
    old.abort(new Error(`limiter mode changed to ${mode}`));
    this.o.onModeChange?.(mode, reason);
  }
}
