import type { CallPermit, Limiter } from './limiter.js';
import { delay, once } from './fallback-timing.js';

export interface LocalGcraOptions {
  ratePerSecond: number;
  /** A slot is held 1 s + margin: the emission interval is (1000 + marginMs) / rate. */
  marginMs: number;
  clock?: () => number;
}

/**
 * The same GCRA reservation as the Redis script, on this process's clock: each caller is told when its slot
 * comes (tat = max(now, tat, pausedUntil) + interval), so there is no window boundary to burst across and
 * no polling. It enforces the rate only; the in-flight cap belongs to whoever wraps it. Usable as the Redis
 * limiter's fallback (`localGcraFallback`) when the service has no in-process limiter of its own to pass.
 */
export class LocalGcraLimiter implements Limiter {
  private tat = 0;
  private pausedUntil = 0;
  /** Bumped by pause(): waiters holding a slot from before re-reserve after the pause, spaced again. */
  private epoch = 0;
  private pending = 0;
  private readonly interval: number;
  private readonly now: () => number;

  constructor(options: LocalGcraOptions) {
    this.interval = (1000 + options.marginMs) / options.ratePerSecond;
    this.now = options.clock ?? Date.now;
  }

  get waiting(): number {
    return this.pending;
  }

  get idle(): boolean {
    const now = this.now();
    return this.pending === 0 && this.tat <= now && this.pausedUntil <= now;
  }

  async acquire(signal?: AbortSignal): Promise<CallPermit> {
    this.pending++;
    try {
      for (;;) {
        const now = this.now();
        const slot = Math.max(now, this.tat, this.pausedUntil);
        this.tat = slot + this.interval;
        const epoch = this.epoch;
        // An aborted wait keeps its slot reserved (wasted): giving it back would need every later slot moved.
        await delay(Math.ceil(slot - now), signal);
        if (epoch === this.epoch) return once(() => undefined);
      }
    } finally {
      this.pending--;
    }
  }

  pause(ms: number): void {
    const until = this.now() + ms;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.tat = until;
    this.epoch++;
  }
}

/** A fallback factory for RedisLimiter: `(share) => Limiter` on this process's clock. */
export function localGcraFallback(marginMs: number, clock?: () => number): (ratePerSecond: number) => Limiter {
  return (ratePerSecond) => new LocalGcraLimiter({ ratePerSecond, marginMs, clock });
}
