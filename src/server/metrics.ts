import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BatchObserver } from '../batching/batcher.js';

/**
 * Prometheus metrics an operator needs to see the batching work: upstream calls and their sizes (the
 * whole point of the service), and images waiting. Served on GET /metrics.
 */
export function createMetrics(queued: () => number): { registry: Registry; observer: Required<Pick<BatchObserver, 'onCall'>> } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const calls = new Counter({ name: 'predict_backend_calls_total', help: 'Backend calls (one per batch sent), by backend.', labelNames: ['backend'], registers: [registry] });
  const images = new Histogram({
    name: 'predict_batch_images',
    help: 'Images per backend call.',
    labelNames: ['backend'],
    buckets: [1, 2, 4, 8, 16, 32, 64, 96, 128],
    registers: [registry],
  });
  new Gauge({ name: 'predict_queued_images', help: 'Images waiting for a batch to leave.', registers: [registry], collect() {
    this.set(queued());
  } });
  return {
    registry,
    observer: {
      onCall(backend, count) {
        calls.inc({ backend });
        images.observe({ backend }, count);
      },
    },
  };
}
