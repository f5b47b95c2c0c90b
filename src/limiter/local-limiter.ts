import { systemClock, type Clock } from '../util/clock.js';
import type { CallPermit, Limiter } from './limiter.js';

export interface LocalLimits {
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

interface Waiter {
  grant(): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * The in-process limiter of one credential: a sliding-window rate limit (with pacing once half the
 * window is used), an in-flight cap and a pause after throttling. Permits are granted in request order.
 */
export class LocalLimiter implements Limiter {
  private readonly starts: number[] = [];
  private inFlight = 0;
  private pausedUntil = 0;
  /** When the next call may leave under pacing (see paceDelay). */
  private paceNext = 0;
  private readonly waiters: Waiter[] = [];
  private timer: unknown;
  private readonly windowMs: number;

  constructor(
    private readonly limits: LocalLimits,
    private readonly clock: Clock = systemClock,
  ) {
    this.windowMs = 1000 + (limits.marginMs ?? 0);
  }

  acquire(signal?: AbortSignal): Promise<CallPermit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.waiters.length === 0 && this.delayUntilFree(this.clock.now()) === 0) return Promise.resolve(this.take());
    return new Promise<CallPermit>((resolve, reject) => {
      const waiter: Waiter = {
        signal,
        grant: () => resolve(this.take()),
        onAbort: () => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(signal!.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.wake();
    });
  }

  /** After a throttle: nothing starts before `ms` from now (Retry-After, or our own backoff). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** No call in flight or waiting, nothing in the rate window, no pause: the limiter holds no state worth keeping. */
  get idle(): boolean {
    const now = this.clock.now();
    this.prune(now);
    return this.inFlight === 0 && this.starts.length === 0 && this.waiters.length === 0 && this.pausedUntil <= now;
  }

  get stats(): { inFlight: number; startedLastSecond: number } {
    this.prune(this.clock.now());
    return { inFlight: this.inFlight, startedLastSecond: this.starts.length };
  }

  private take(): CallPermit {
    const now = this.clock.now();
    this.inFlight++;
    this.starts.push(now);
    this.paceNext = now + PACE * (this.windowMs / this.limits.ratePerSecond);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.wake();
      },
    };
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

  /** Grants waiters in order while capacity lasts, and arms a timer for the next token. */
  private wake(): void {
    const now = this.clock.now();
    while (this.waiters.length > 0 && this.delayUntilFree(now) === 0) {
      const w = this.waiters.shift()!;
      w.signal?.removeEventListener('abort', w.onAbort);
      w.grant();
    }
    const delay = this.delayUntilFree(now);
    if (this.waiters.length > 0 && delay > 0 && delay !== Infinity && this.timer === undefined) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.wake();
      }, delay);
    }
  }
}
