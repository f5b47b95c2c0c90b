/**
 * Per-caller quotas, counted in images sent upstream. A caller is a string key such as `api-key:team-a`
 * (kind and id together: ids from different authorities may collide); it is never a secret, so it may
 * appear in Redis keys and metric labels.
 */
export interface QuotaLimits {
  /** Images per UTC minute; undefined: unlimited. */
  imagesPerMinute?: number;
  /** Images per UTC day (midnight to midnight); undefined: unlimited. */
  imagesPerDay?: number;
}

export type QuotaWindowName = 'minute' | 'day';

/** Per window; `null` where that window is unlimited. */
export interface PerWindow<T> {
  minute: T;
  day: T;
}

/**
 * Images held by a granted reservation. Both methods are fire-and-forget: they never throw and never make
 * the request wait (a shared store is told in the background; if that fails the reservation expires).
 */
export interface QuotaTicket {
  readonly id: string;
  /** Images reserved. */
  readonly images: number;
  /**
   * `k` more images went upstream: they stay counted for good. May be called several times; the total is
   * capped at `images`. Ignored after `release()` (which ends the ticket); after an expiry it still
   * counts, so a slow operation's images are not free.
   */
  commit(k: number): void;
  /** Gives back every image not committed (cancelled, cache hits found later, failures before sending). Idempotent. */
  release(): void;
}

export interface QuotaGranted {
  granted: true;
  ticket: QuotaTicket;
  /** Granted by this replica's local store because the shared one failed. */
  degraded: boolean;
}

export interface QuotaRefused {
  granted: false;
  /** The window that refused (the day when both would). */
  window: QuotaWindowName;
  /**
   * Seconds (rounded up) until the refusing window resets and the request fits, as far as the counts of
   * now can tell (reservations given back earlier make room sooner). `null`: never, the request is larger
   * than the limit itself.
   */
  retryAfterSeconds: number | null;
  /** Images still available in each window now (reservations in flight count as used). */
  remaining: PerWindow<number | null>;
  limit: PerWindow<number | null>;
  degraded: boolean;
}

export type QuotaDecision = QuotaGranted | QuotaRefused;

export interface WindowUsage {
  /** Images committed (sent upstream) in this window. */
  used: number;
  /** Images held by reservations not yet committed or released. */
  reserved: number;
  limit: number | null;
  /** limit - used - reserved, never below 0; null when unlimited. */
  remaining: number | null;
  /** When this window ends, ms since the epoch (UTC). */
  resetsAt: number;
}

export interface QuotaUsage extends PerWindow<WindowUsage> {
  degraded: boolean;
}

/** What both stores implement. Stores may throw (the shared one does); `Quotas` turns that into fallback. */
export interface QuotaStore {
  reserve(callerKey: string, limits: QuotaLimits, n: number): Promise<QuotaDecision>;
  usage(callerKey: string, limits: QuotaLimits): Promise<QuotaUsage>;
}

/**
 * Metrics hooks, all optional, called synchronously (keep them cheap). `callerKey` has unbounded
 * cardinality: pass it through `boundedLabels` before using it as a label.
 */
export interface QuotaObserver {
  /** Images committed: sent upstream and counted. */
  sent?(callerKey: string, images: number): void;
  refused?(callerKey: string, images: number, window: QuotaWindowName): void;
  /** Reserved images given back (released, or expired unused). */
  returned?(callerKey: string, images: number, why: 'released' | 'expired'): void;
  /** The shared store failed (`error`, `timeout`) or was not ready, so a local store answered. */
  redisError?(kind: 'error' | 'timeout' | 'not-ready'): void;
  /** Switched between the shared store and the local fallback. */
  degraded?(on: boolean): void;
}

export interface QuotaClock {
  now(): number;
}
