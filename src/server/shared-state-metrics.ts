import { Gauge, type Registry } from 'prom-client';
import type { SharedStateReport } from '../redis/shared-state.js';

/** Redis as the limiter sees it: degraded or not, its errors, the time spent degraded, the replicas alive. */
export function sharedStateMetrics(registry: Registry, report: () => SharedStateReport): void {
  const registers = [registry];
  new Gauge({
    name: 'predict_redis_degraded',
    help: '1 while some rate limiter runs on its local fallback share because Redis is unavailable; 0 otherwise (and without REDIS_URL).',
    registers,
    collect() {
      this.set(report().mode === 'degraded' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'predict_redis_limiter_errors',
    help: 'Redis commands of the rate limiters that failed or timed out since start.',
    registers,
    collect() {
      this.set(report().redisErrors);
    },
  });
  new Gauge({
    name: 'predict_redis_degraded_seconds',
    help: 'Seconds the rate limiters have spent on their local fallback since start.',
    registers,
    collect() {
      this.set(report().degradedSeconds);
    },
  });
  new Gauge({
    name: 'predict_redis_limiter_held_starts',
    help: 'Calls the shared start log held back since start because a call before them left late (a busy replica): each costs a little of the rate.',
    registers,
    collect() {
      this.set(report().heldStarts);
    },
  });
  new Gauge({
    name: 'predict_replicas',
    help: 'Replicas seen alive in the Redis registry (1 without REDIS_URL): each takes 1/n of the rate while Redis is down.',
    registers,
    collect() {
      this.set(report().replicas);
    },
  });
}
