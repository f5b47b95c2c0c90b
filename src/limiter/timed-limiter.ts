import { systemClock, type Clock } from '../util/clock.js';
import type { CallPermit, Limiter, LimiterFactory } from './limiter.js';

/**
 * Every limiter the factory makes reports how long each granted permit was waited for: the time a call
 * spent held back by the rate limit, the in-flight cap or a throttle's pause, whichever limiter (local,
 * shared on Redis, or its fallback) answered. A request given up (the caller left) is not a wait for
 * capacity and is not reported.
 */
export function timedLimiters(factory: LimiterFactory, onWait: (ms: number) => void, clock: Clock = systemClock): LimiterFactory {
  return (key) => new TimedLimiter(factory(key), onWait, clock);
}

class TimedLimiter implements Limiter {
  constructor(
    private readonly inner: Limiter,
    private readonly onWait: (ms: number) => void,
    private readonly clock: Clock,
  ) {}

  acquire(signal?: AbortSignal): Promise<CallPermit> {
    const askedAt = this.clock.now();
    return this.inner.acquire(signal).then((permit) => {
      this.onWait(this.clock.now() - askedAt);
      return permit;
    });
  }

  pause(ms: number): void {
    this.inner.pause(ms);
  }

  get waiting(): number {
    return this.inner.waiting;
  }

  get idle(): boolean {
    return this.inner.idle;
  }
}
