import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { SharedStateReport } from '../../src/redis/shared-state.js';
import { limiterMetrics } from '../../src/server/limiter-metrics.js';
import { seriesValue as series } from '../support/metrics.js';

describe('limiterMetrics', () => {
  it("follows the limiters' running totals as counters that never go down, and observes permit waits", async () => {
    const registry = new Registry();
    let report: SharedStateReport = { mode: 'shared', replicas: 3, redisErrors: 2, degradedSeconds: 1.5, heldStarts: 4 };
    const { onPermitWait } = limiterMetrics(registry, () => report);
    onPermitWait(0);
    onPermitWait(750);

    let text = await registry.metrics();
    expect(text).toContain('# TYPE predict_redis_limiter_errors_total counter');
    expect(series(text, 'predict_redis_limiter_errors_total')).toBe(2);
    expect(series(text, 'predict_redis_degraded_seconds_total')).toBe(1.5);
    expect(series(text, 'predict_redis_limiter_held_starts_total')).toBe(4);
    expect(series(text, 'predict_redis_degraded')).toBe(0);
    expect(series(text, 'predict_replicas')).toBe(3);
    expect(series(text, 'predict_limiter_wait_seconds_count')).toBe(2);
    expect(series(text, 'predict_limiter_wait_seconds_sum')).toBe(0.75);
    expect(series(text, 'predict_limiter_wait_seconds_bucket{le="0.5"}')).toBe(1);

    // A limiter dropped takes its totals out of the report: the counters keep what they had counted.
    report = { mode: 'degraded', replicas: 2, redisErrors: 1, degradedSeconds: 4, heldStarts: 4 };
    text = await registry.metrics();
    expect(series(text, 'predict_redis_limiter_errors_total')).toBe(2);
    expect(series(text, 'predict_redis_degraded_seconds_total')).toBe(4);
    expect(series(text, 'predict_redis_degraded')).toBe(1);
    report = { ...report, redisErrors: 5 };
    expect(series(await registry.metrics(), 'predict_redis_limiter_errors_total')).toBe(5);
  });
});
