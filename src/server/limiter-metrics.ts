import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SharedStateReport } from '../redis/shared-state.js';

/**
 * The rate limiters as an operator sees them: how long calls waited for a permit, and Redis as the shared
 * limiter sees it (degraded or not, its errors, the time spent degraded, the replicas alive). Returns the
 * hook that timedLimiters (src/limiter/timed-limiter.ts) reports each permit's wait to.
 */
export function limiterMetrics(registry: Registry, report: () => SharedStateReport): { onPermitWait(ms: number): void } {
  const registers = [registry];
  const wait = new Histogram({
    name: 'predict_limiter_wait_seconds',
    help: 'How long a call (a first attempt or a retry) waited for its permit: rate limit, in-flight cap or a throttle pause.',
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  new Gauge({
    name: 'predict_redis_degraded',
    help: '1 while some rate limiter runs on its local fallback share because Redis is unavailable; 0 otherwise (and without REDIS_URL).',
    registers,
    collect() {
      this.set(report().mode === 'degraded' ? 1 : 0);
    },
  });
  runningTotal(
    registry,
    'predict_redis_limiter_errors_total',
    'Redis commands of the rate limiters that failed or timed out.',
    () => report().redisErrors,
  );
  runningTotal(
    registry,
    'predict_redis_degraded_seconds_total',
    'Seconds the rate limiters have spent on their local fallback.',
    () => report().degradedSeconds,
  );
  runningTotal(
    registry,
    'predict_redis_limiter_held_starts_total',
    'Calls the shared start log held back because a call before them left late (a busy replica): each costs a little of the rate.',
    () => report().heldStarts,
  );
  new Gauge({
    name: 'predict_replicas',
    help: 'Replicas seen alive in the Redis registry (1 without REDIS_URL): each takes 1/n of the rate while Redis is down.',
    registers,
    collect() {
      this.set(report().replicas);
    },
  });
  return { onPermitWait: (ms) => wait.observe(Math.max(0, ms) / 1000) };
}

/**
 * A counter that follows a total the limiters keep themselves (read at scrape time), so that rate() and
 * increase() work on it. A total that shrinks (a limiter dropped) is not followed down: counters only rise.
 */
function runningTotal(registry: Registry, name: string, help: string, read: () => number): void {
  let seen = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const now = read();
      if (now <= seen) return;
      this.inc(now - seen);
      seen = now;
    },
  });
}
