import type { Limiter } from './limiter.js';

export type LimiterMode = 'shared' | 'fallback';

export interface FallbackModeOptions {
  ratePerSecond: number;
  /** The rate window (1000 + margin): fallback starts younger than this are owed to Redis on the way back. */
  windowMs: number;
  fallback: (ratePerSecond: number) => Limiter;
  replicas?: { readonly count: number };
  probeIntervalMs: number;
  clock: () => number;
  /** Is the client connected and ready? (ioredis `status === 'ready'`.) */
  isReady: () => boolean;
  /** Probes Redis and books the given fallback starts there; resolves only if Redis answered. */
  recover: (recentFallbackStarts: number) => Promise<void>;
  onModeChange?: (mode: LimiterMode, reason: string) => void;
  logger?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** For logs and callbacks: the credential fingerprint, never a secret. */
  key: string;
}

export interface FallbackStats {
  mode: LimiterMode;
  redisErrors: number;
  /** Time spent in fallback mode, the current stretch included. */
  degradedMs: number;
  modeChanges: number;
  fallbackGrants: number;
}

/**
 * Which way permits go (the shared Redis limiter or the local fallback), the counters /readyz and
 * /metrics read, and the way back. Back means: Redis answered a probe and the fallback's recent starts were
 * booked in Redis as reserved slots, so the first shared second does not stack on top of them.
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
  private recentStarts: number[] = [];
  private current: Limiter | undefined;
  private builtForReplicas = 0;

  constructor(private readonly o: FallbackModeOptions) {}

  get degraded(): boolean {
    return this.mode === 'fallback';
  }

  /** True when a permit should go to Redis; switches to fallback when the client is not ready. */
  sharedUsable(): boolean {
    if (this.mode === 'shared' && !this.o.isReady()) this.enter('redis client not ready');
    return this.mode === 'shared';
  }

  /** A command failed or timed out: count it, and stop sending permits to Redis. */
  failed(err: unknown): void {
    this.errors++;
    this.enter(err instanceof Error ? err.message : String(err));
  }

  /** The fallback limiter at this replica's share, rebuilt when the replica count changed and it is idle. */
  fallback(): Limiter {
    const replicas = Math.max(1, this.o.replicas?.count ?? 1);
    if (!this.current || (replicas !== this.builtForReplicas && this.current.idle)) {
      this.current = this.o.fallback(this.o.ratePerSecond / replicas);
      this.builtForReplicas = replicas;
    }
    return this.current;
  }

  get share(): number {
    return this.o.ratePerSecond / Math.max(1, this.builtForReplicas || (this.o.replicas?.count ?? 1));
  }

  fallbackGranted(): void {
    this.grants++;
    const now = this.o.clock();
    this.recentStarts.push(now);
    while (this.recentStarts.length > 0 && this.recentStarts[0]! <= now - this.o.windowMs) this.recentStarts.shift();
  }

  /** In fallback mode, probe Redis at most once per interval, never with more than one probe out. */
  probeIfDue(): void {
    const now = this.o.clock();
    if (this.mode !== 'fallback' || this.probing || now - this.lastProbe < this.o.probeIntervalMs || !this.o.isReady()) return;
    this.lastProbe = now;
    this.probing = true;
    const owed = this.recentStarts.filter((t) => t > now - this.o.windowMs).length;
    this.o.recover(owed).then(
      () => this.leave(),
      (err: unknown) => {
        this.errors++;
        this.o.logger?.warn({ key: this.o.key, err: String(err) }, 'limiter: Redis probe failed, staying on the local fallback');
      },
    ).finally(() => {
      this.probing = false;
    });
  }

  get stats(): FallbackStats {
    const current = this.mode === 'fallback' ? this.o.clock() - this.since : 0;
    return { mode: this.mode, redisErrors: this.errors, degradedMs: this.degradedTotal + current, modeChanges: this.changes, fallbackGrants: this.grants };
  }

  private enter(reason: string): void {
    if (this.mode === 'fallback') return;
    this.mode = 'fallback';
    this.since = this.o.clock();
    // The first probe waits a full interval: a client that just failed rarely answers at once.
    this.lastProbe = this.since;
    this.changes++;
    this.o.logger?.warn({ key: this.o.key, reason, share: this.share }, 'limiter: Redis unavailable, local fallback at this replica\'s share');
    this.o.onModeChange?.('fallback', reason);
  }

  private leave(): void {
    if (this.mode === 'shared') return;
    const ms = this.o.clock() - this.since;
    this.degradedTotal += ms;
    this.mode = 'shared';
    this.changes++;
    this.recentStarts = [];
    this.o.logger?.info({ key: this.o.key, degradedMs: ms }, 'limiter: Redis answers again, shared limit resumed');
    this.o.onModeChange?.('shared', 'redis answered');
  }
}
