import { Counter, type Registry } from 'prom-client';
import { LOCAL_MODELS } from '../backends/local/catalog.js';
import type { PredictionObserver } from '../prediction/prediction-service.js';
import { boundedLabels, type QuotaObserver } from '../quota/index.js';

/** Model ids are chosen by callers: the local ones and the first 50 others keep their label. */
const MODEL_LABELS = 50;

/**
 * Per-caller usage as Prometheus counters: images sent upstream, answered from the cache and refused, by
 * caller and model. Callers and model ids are chosen from outside, so both labels are capped: past the
 * cap they count as "other", and the series stay bounded whatever callers send.
 */
export function usageMetrics(registry: Registry, maxCallers: number): { usageObserver: PredictionObserver; quotaObserver: QuotaObserver } {
  const caller = boundedLabels(maxCallers);
  const known = new Set(LOCAL_MODELS.map((m) => m.id));
  const otherModels = boundedLabels(MODEL_LABELS);
  const model = (id: string) => (known.has(id) ? id : otherModels(id));
  const images = new Counter({
    name: 'predict_caller_images_total',
    help: 'Images per caller and model, by outcome: sent (upstream, counted by the quota), cached (free), refused (quota or load shedding).',
    labelNames: ['caller', 'model', 'outcome'],
    registers: [registry],
  });
  const quotaRedis = new Counter({
    name: 'predict_quota_redis_errors_total',
    help: 'Quota checks the shared store (Redis) could not answer, so this replica counted alone.',
    labelNames: ['kind'],
    registers: [registry],
  });
  return {
    usageObserver: {
      images: (callerKey, modelId, outcome, n) => images.inc({ caller: caller(callerKey), model: model(modelId), outcome }, n),
    },
    quotaObserver: { redisError: (kind) => quotaRedis.inc({ kind }) },
  };
}
