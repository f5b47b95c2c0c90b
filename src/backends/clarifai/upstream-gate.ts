import type { CapacitySignal } from '../predict-backend.js';

export interface GateLimits {
  /** Calls started in any sliding 1 s window (plus the margin; Clarifai counts requests per second per account). */
  ratePerSecond: number;
  /** Calls in flight at once. */
  maxInFlight: number;
  /**
   * How much longer than 1 s a start holds its slot. We stamp a call when it leaves; Clarifai counts it when
   * it arrives, and the time between varies with both event loops' load. Without a margin, a call that left
   * exactly 1 s after the 15th-last can arrive less than 1 s after it and be throttled (measured at the
   * ceiling: 14-30 throttles in 13 s without a margin, each pausing every call; 2-5 in 23 s with 35 ms).
   */
  marginMs?: number;
}

/**
 * Paced calls leave at least this fraction of window / rate apart. Under 1 on purpose: pacing spreads the
 * calls, the sliding window alone enforces the limit. At exactly 1 every late call (a busy event loop)
 * would push all later ones back and the rate would sink below the limit.
 */
const PACE = 0.8;

/**
 * The upstream's capacity for one credential: a sliding-window rate limit (with pacing once half the
 * window is used), an in-flight cap and a pause after throttling. The batcher reads it to decide when a batch may leave; the backend
 * acquires it for every HTTP attempt, retries included, so the account's limit is never exceeded.
 */
export class UpstreamGate implements CapacitySignal {
  private readonly starts: number[] = [];
  private inFlight = 0;
  private pausedUntil = 0;
  /** When the next call may leave under pacing (see paceDelay). */
  private paceNext = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly listeners: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  private readonly windowMs: number;

  constructor(private readonly limits: GateLimits) {
    this.windowMs = 1000 + (limits.marginMs ?? 0);
  }

  hasCapacity(now = Date.now()): boolean {
    return this.delayUntilFree(now) === 0;
  }

  onceAvailable(listener: () => void): void {
    this.listeners.push(listener);
    this.wake();
  }

  /** Waits for a free slot and rate token, then takes them. Pair with release(). */
  acquire(): Promise<void> {
    if (this.waiters.length === 0 && this.hasCapacity()) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiters.push(() => {
        this.take();
        resolve();
      });
      this.wake();
    });
  }

  release(): void {
    this.inFlight--;
    this.wake();
  }

  /** After a throttle: nothing starts before `ms` from now (Retry-After, or our own backoff). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /** No call in flight or waiting, nothing in the rate window, no pause: the gate holds no state worth keeping. */
  get idle(): boolean {
    const now = Date.now();
    this.prune(now);
    return this.inFlight === 0 && this.starts.length === 0 && this.waiters.length === 0 && this.listeners.length === 0 && this.pausedUntil <= now;
  }

  get stats(): { inFlight: number; startedLastSecond: number } {
    this.prune(Date.now());
    return { inFlight: this.inFlight, startedLastSecond: this.starts.length };
  }

  private take(): void {
    const now = Date.now();
    this.inFlight++;
    this.starts.push(now);
    this.paceNext = now + PACE * (this.windowMs / this.limits.ratePerSecond);
  }

  private prune(now: number): void {
    while (this.starts.length > 0 && this.starts[0]! <= now - this.windowMs) this.starts.shift();
  }

  /** 0 when a call may start now; otherwise ms until the next token (Infinity while only a slot can free it). */
  private delayUntilFree(now: number): number {
    this.prune(now);
    if (this.inFlight >= this.limits.maxInFlight) return Infinity;
    const pause = Math.max(0, this.pausedUntil - now);
    const rate = this.starts.length >= this.limits.ratePerSecond ? this.starts[0]! + this.windowMs - now : 0;
    return Math.max(pause, rate, this.paceDelay(now));
  }

  /**
   * Once half the window is used, calls leave spaced (PACE x window / rate apart) instead of in clumps. A
   * sliding window alone lets a whole second's calls leave at once after any pause; their answers then come
   * back at once too (15 x 128 results, then as many new requests), the event loop is busy for hundreds of ms,
   * the next window's calls leave that much late, and the clumps repeat. Below half a window nothing waits,
   * so a lone call or a small burst still leaves at once.
   */
  private paceDelay(now: number): number {
    if (this.starts.length < Math.ceil(this.limits.ratePerSecond / 2)) return 0;
    return Math.max(0, this.paceNext - now);
  }

  /** Hands capacity to waiters (acquire first, then batcher listeners) and arms a timer for the next token. */
  private wake(): void {
    const now = Date.now();
    while (this.waiters.length > 0 && this.delayUntilFree(now) === 0) this.waiters.shift()!();
    if (this.waiters.length === 0 && this.listeners.length > 0 && this.delayUntilFree(now) === 0) {
      const ready = this.listeners.splice(0);
      for (const l of ready) l();
    }
    const delay = this.delayUntilFree(now);
    if ((this.waiters.length > 0 || this.listeners.length > 0) && delay > 0 && delay !== Infinity && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.wake();
      }, delay);
    }
  }
}
