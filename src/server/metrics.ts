import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerState } from '../backends/circuit-breaker.js';
import type { BatchObserver } from '../batching/batcher.js';
import type { CacheObserver } from '../cache/index.js';
import type { CallObserver } from '../telemetry/call-telemetry.js';
import { upstreamMetrics } from '../telemetry/upstream-metrics.js';
import { cacheMetrics } from './cache-metrics.js';
import { usageMetrics } from './usage-metrics.js';

export interface MetricsObserver extends Required<Pick<BatchObserver, 'onCall'>>, Omit<CallObserver, 'onCall'> {
  onBreakerChange(key: string, state: BreakerState): void;
}

/**
 * Prometheus metrics an operator needs to see the batching work: upstream calls and their sizes (the
 * whole point of the service), images waiting, and circuit breakers. Served on GET /metrics.
 */
export function createMetrics(
  queued: () => number,
  maxCallers = 100,
): { registry: Registry; observer: MetricsObserver; cacheObserver: CacheObserver } & ReturnType<typeof usageMetrics> {
  const registry = new Registry();
  // Node's defaults include event-loop delay (nodejs_eventloop_lag_*, from monitorEventLoopDelay).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const calls = new Counter({
    name: 'predict_backend_calls_total',
    help: 'Calls that reached a backend (an upstream HTTP attempt or a local model ran), by backend.',
    labelNames: ['backend'],
    registers: [registry],
  });
  const images = new Histogram({
    name: 'predict_batch_images',
    help: 'Images per backend call that reached its backend.',
    labelNames: ['backend'],
    buckets: [1, 2, 4, 8, 16, 32, 64, 96, 128],
    registers: [registry],
  });
  new Gauge({
    name: 'predict_queued_images',
    help: 'Images waiting to go upstream: queued for a permit, or between two attempts.',
    registers: [registry],
    collect() {
      this.set(queued());
    },
  });
  // Breaker keys hold credential fingerprints and model ids: counted by state, never labelled by key.
  const states = new Map<string, BreakerState>();
  new Gauge({
    name: 'predict_circuit_breakers',
    help: 'Circuit breakers (per credential, and per credential and model) by state; closed ones are not kept.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = { open: 0, 'half-open': 0 };
      for (const s of states.values()) if (s !== 'closed') counts[s]++;
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  const transitions = new Counter({
    name: 'predict_circuit_breaker_transitions_total',
    help: 'Circuit breaker state changes, by the state entered.',
    labelNames: ['state'],
    registers: [registry],
  });
  return {
    registry,
    cacheObserver: cacheMetrics(registry),
    ...usageMetrics(registry, maxCallers),
    observer: {
      ...upstreamMetrics(registry),
      onCall(backend, count) {
        calls.inc({ backend });
        images.observe({ backend }, count);
      },
      onBreakerChange(key, state) {
        transitions.inc({ state });
        if (state === 'closed') states.delete(key);
        else states.set(key, state);
      },
    },
  };
}
