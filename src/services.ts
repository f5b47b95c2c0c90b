import { availableParallelism } from 'node:os';
import { ClarifaiBackend } from './backends/clarifai/clarifai-backend.js';
import { LOCAL_MODELS } from './backends/local/catalog.js';
import { LocalBackend } from './backends/local/local-backend.js';
import { missingCredentialMessage, type LocalState } from './backends/model-catalog.js';
import { ModelRouter } from './backends/model-router.js';
import { UnavailableBackend } from './backends/unavailable-backend.js';
import { Admission } from './batching/admission.js';
import { Batcher } from './batching/batcher.js';
import { timedLimiters } from './limiter/timed-limiter.js';
import type { Config } from './config/config.js';
import { SharedState } from './redis/shared-state.js';
import { limiterMetrics } from './server/limiter-metrics.js';
import type { PredictDefaults } from './prediction/predict-defaults.js';
import { PredictionService } from './prediction/prediction-service.js';
import { CachedLoader } from './prediction/cached-load.js';
import { PredictionCache } from './cache/index.js';
import { Quotas } from './quota/index.js';
import { ByteBudget } from './images/byte-budget.js';
import type { ImageLimits } from './images/prepare-input.js';
import type { Logger } from './logger.js';
import { createMetrics } from './server/metrics.js';
import type { Registry } from 'prom-client';

const LOCAL_OFF_REASON = 'the local models are turned off (LOCAL_MODELS=false)';

/** Process-wide parts, built once at start-up and shared by every request. */
export interface Services {
  config: Config;
  logger: Logger;
  batcher: Batcher;
  /** Predictions for every entry point: admission, image preparation, batching, cancellation, deadlines. */
  prediction: PredictionService;
  /** Per-image predictions already paid for: memory, and Redis when configured. */
  cache: PredictionCache;
  /** Redis, when configured: shared rate limits, cache level 2, quotas; its mode for /readyz and /metrics. */
  shared: SharedState;
  /** Per-caller image quotas (memory, or Redis shared by the replicas). */
  quotas: Quotas;
  /** Load shedding: bounds the images waiting before they go upstream (MAX_QUEUED_IMAGES). */
  admission: Admission;
  router: ModelRouter;
  predictDefaults: PredictDefaults;
  imageLimits: ImageLimits;
  /** Image bytes all operations together may hold in memory. */
  imageBudget: ByteBudget;
  clarifai: ClarifaiBackend;
  local: { backend: LocalBackend | undefined; status: LocalState };
  metrics: Registry;
  /** Resolves once every backend has started (the local models loaded, or found unavailable). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function createServices(config: Config, logger: Logger): Services {
  const shared = new SharedState(config, logger);
  // Images between two attempts (backoff, or waiting for a retry's permit): waiting too, for admission.
  const retrying = { images: 0, add: (n: number) => (retrying.images += n) };
  const metrics = createMetrics(() => batcher.queuedImages + retrying.images, config.METRIC_CALLERS);
  const limiterObserver = limiterMetrics(metrics.registry, () => shared.report());
  const clarifai = new ClarifaiBackend({
    baseUrl: config.CLARIFAI_API_BASE,
    attempts: {
      timeoutMs: config.UPSTREAM_TIMEOUT_MS,
      minAttemptMs: config.UPSTREAM_MIN_ATTEMPT_MS,
      maxRetries: config.UPSTREAM_MAX_RETRIES,
      baseMs: config.UPSTREAM_RETRY_BASE_MS,
      maxMs: config.UPSTREAM_RETRY_MAX_MS,
    },
    limiters: timedLimiters(shared.limiterFactory(), limiterObserver.onPermitWait),
    maxInFlight: config.UPSTREAM_MAX_IN_FLIGHT,
    breaker: { failures: config.BREAKER_FAILURES, timeouts: config.BREAKER_TIMEOUTS, cooldownMs: config.BREAKER_COOLDOWN_MS },
    maxImagesPerCall: config.UPSTREAM_MAX_IMAGES_PER_CALL,
    maxBytesPerCall: config.UPSTREAM_MAX_BYTES_PER_CALL,
    missingCredentialMessage: missingCredentialMessage(
      LOCAL_MODELS.map((m) => m.id),
      config.LOCAL_MODELS,
    ),
    logger,
    waiting: retrying,
    onBreakerChange: metrics.observer.onBreakerChange,
  });
  const local = startLocal(config, logger);
  const batcher: Batcher = new Batcher(
    { maxPartialInFlight: config.BATCH_MAX_PARTIAL_IN_FLIGHT, maxLingerMs: config.BATCH_MAX_LINGER_MS },
    { ...metrics.observer, onUnexpected: (err) => logger.error({ err }, 'backend failed unexpectedly') },
  );
  const localServer = local.backend ?? new UnavailableBackend('local-off', `${LOCAL_OFF_REASON}.`);
  const localRoutes = new Map(LOCAL_MODELS.map((m) => [m.id, localServer] as const));
  const admission = new Admission(
    {
      maxQueued: config.MAX_QUEUED_IMAGES,
      drainPerSecond: config.UPSTREAM_RATE_LIMIT_PER_SECOND * config.UPSTREAM_MAX_IMAGES_PER_CALL,
    },
    () => batcher.queuedImages + retrying.images,
  );
  const router = new ModelRouter(clarifai, localRoutes);
  const imageLimits = { maxBytes: config.MAX_FILE_BYTES, maxPixels: config.MAX_IMAGE_PIXELS, autoOrient: config.AUTO_ORIENT };
  const imageBudget = new ByteBudget(config.IN_FLIGHT_IMAGE_BYTES);
  const quotas = new Quotas({
    redisTimeoutMs: config.QUOTA_REDIS_TIMEOUT_MS,
    observer: metrics.quotaObserver,
    ...(shared.redis ? { redis: shared.redis } : {}),
  });
  const cache = new PredictionCache({
    memoryMb: config.PREDICTION_CACHE_MB,
    bytesTtlMs: config.PREDICTION_CACHE_BYTES_TTL_MS,
    urlTtlMs: config.PREDICTION_CACHE_URL_TTL_MS,
    aliasTtlMs: config.PREDICTION_CACHE_ALIAS_TTL_MS,
    redisTimeoutMs: config.PREDICTION_CACHE_REDIS_TIMEOUT_MS,
    redisCooldownMs: config.PREDICTION_CACHE_REDIS_COOLDOWN_MS,
    observer: metrics.cacheObserver,
    ...(shared.redis ? { redis: shared.redis } : {}),
  });
  return {
    config,
    logger,
    batcher,
    admission,
    quotas,
    shared,
    prediction: new PredictionService({
      quotas,
      observer: metrics.usageObserver,
      admission,
      loader: new CachedLoader(batcher, { cache, publicModels: config.PREDICTION_CACHE_PUBLIC_MODELS }),
      router,
      imageBudget,
      imageLimits,
      maxQueued: config.MAX_QUEUED_IMAGES,
    }),
    cache,
    router,
    clarifai,
    local,
    metrics: metrics.registry,
    predictDefaults: {
      userId: config.CLARIFAI_USER_ID,
      appId: config.CLARIFAI_APP_ID,
      maxImagesPerOperation: config.MAX_IMAGES_PER_OPERATION,
    },
    imageLimits,
    imageBudget,
    ready: local.loaded,
    close: async () => {
      await Promise.all([clarifai.close(), local.backend?.close(), shared.close()]);
    },
  };
}

/**
 * Loads the local models in worker threads. A deployment without the optional packages (or with
 * LOCAL_MODELS=false) still starts: local ids then answer LOCAL_BACKEND_UNAVAILABLE, Clarifai works.
 */
function startLocal(config: Config, logger: Logger) {
  if (!config.LOCAL_MODELS) {
    const status: LocalState = { state: 'unavailable', reason: LOCAL_OFF_REASON };
    return { backend: undefined, status, loaded: Promise.resolve() };
  }
  const workers = config.LOCAL_WORKERS || availableParallelism();
  const backend = new LocalBackend({ workers });
  const holder: { backend: LocalBackend; status: LocalState; loaded: Promise<void> } = {
    backend,
    status: { state: 'loading' },
    loaded: Promise.resolve(),
  };
  const started = Date.now();
  holder.loaded = backend.ready.then(
    () => {
      holder.status = { state: 'ready' };
      logger.info({ workers, ms: Date.now() - started }, 'local models loaded');
    },
    (err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      holder.status = { state: 'unavailable', reason };
      logger.warn({ reason }, 'local models unavailable; Clarifai models still work');
    },
  );
  return holder;
}
