import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LOCAL_MODELS } from '../backends/local/catalog.js';
import type { CallObserver } from './call-telemetry.js';
import { LabelCap } from './label-cap.js';

/** Distinct Clarifai model ids labelled by name before the rest count as `other`. */
const CLARIFAI_MODELS_LABELLED = 20;

/**
 * Upstream and local-model figures, fed by the calls' telemetry (src/telemetry/call-telemetry.ts):
 * each attempt as it ends, each inference, and how long images waited in the batcher.
 */
export function upstreamMetrics(registry: Registry): Required<Omit<CallObserver, 'onCall'>> {
  const registers = [registry];
  const models = new LabelCap(new Set(LOCAL_MODELS.map((m) => m.id)), CLARIFAI_MODELS_LABELLED, 'clarifai:');
  const attempts = new Counter({
    name: 'predict_upstream_attempts_total',
    help: 'HTTP attempts sent upstream, by backend, model and status (HTTP code, or timeout/network/cancelled).',
    labelNames: ['backend', 'model', 'status'],
    registers,
  });
  const duration = new Histogram({
    name: 'predict_upstream_attempt_duration_seconds',
    help: 'Duration of one upstream HTTP attempt, by backend and status.',
    labelNames: ['backend', 'status'],
    buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30],
    registers,
  });
  const retried = new Counter({
    name: 'predict_upstream_retried_images_total',
    help: 'Images an attempt failed transiently that are tried again.',
    labelNames: ['backend'],
    registers,
  });
  const throttles = new Counter({
    name: 'predict_upstream_throttles_total',
    help: 'Attempts the upstream throttled (HTTP 429 or a throttle status).',
    labelNames: ['backend'],
    registers,
  });
  const fill = new Histogram({
    name: 'predict_batch_fill_ratio',
    help: 'Images per call sent, as a share of the most a call may carry.',
    labelNames: ['backend'],
    buckets: [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 1],
    registers,
  });
  const wait = new Histogram({
    name: 'predict_image_queue_wait_seconds',
    help: 'How long an image waited in the batcher, from joining its queue to its batch leaving.',
    labelNames: ['backend'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const inference = new Histogram({
    name: 'predict_local_inference_seconds',
    help: 'One local-model inference, its wait in the worker pool included, by model and outcome.',
    labelNames: ['model', 'outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const pending = new Gauge({
    name: 'predict_local_pending_images',
    help: 'Images handed to the local worker pool and not yet answered (queued or running).',
    registers,
  });
  return {
    onCallSent: ({ backend, images, maxImages }) => fill.observe({ backend }, maxImages > 0 ? Math.min(1, images / maxImages) : 1),
    onImagesLeft: (backend, waitsMs) => {
      for (const ms of waitsMs) wait.observe({ backend }, Math.max(0, ms) / 1000);
    },
    onAttempt: (a) => {
      attempts.inc({ backend: a.backend, model: models.label(a.modelId), status: a.status });
      duration.observe({ backend: a.backend, status: a.status }, a.seconds);
      if (a.retrying > 0) retried.inc({ backend: a.backend }, a.retrying);
      if (a.throttled) throttles.inc({ backend: a.backend });
    },
    onInference: (i) => inference.observe({ model: models.label(i.modelId), outcome: i.failed ? 'error' : 'ok' }, i.seconds),
    onLocalPending: (delta) => pending.inc(delta),
  };
}
