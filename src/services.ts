import { ClarifaiBackend } from './backends/clarifai/clarifai-backend.js';
import { ModelRouter } from './backends/model-router.js';
import { Batcher } from './batching/batcher.js';
import type { Config } from './config/config.js';
import type { PredictDefaults } from './graphql/predict-args.js';
import { ByteBudget } from './images/byte-budget.js';
import type { ImageLimits } from './images/prepare-input.js';
import type { Logger } from './logger.js';

/** Process-wide parts, built once at start-up and shared by every request. */
export interface Services {
  config: Config;
  logger: Logger;
  batcher: Batcher;
  router: ModelRouter;
  predictDefaults: PredictDefaults;
  imageLimits: ImageLimits;
  /** Image bytes all operations together may hold in memory. */
  imageBudget: ByteBudget;
  clarifai: ClarifaiBackend;
  /** Resolves once every backend can serve (local models loaded). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function createServices(config: Config, logger: Logger): Services {
  const clarifai = new ClarifaiBackend({
    baseUrl: config.CLARIFAI_API_BASE,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    limits: { ratePerSecond: config.UPSTREAM_RATE_LIMIT_PER_SECOND, maxInFlight: config.UPSTREAM_MAX_IN_FLIGHT },
    retry: { maxRetries: config.UPSTREAM_MAX_RETRIES, baseMs: config.UPSTREAM_RETRY_BASE_MS, maxMs: config.UPSTREAM_RETRY_MAX_MS },
    maxImagesPerCall: config.UPSTREAM_MAX_IMAGES_PER_CALL,
    maxBytesPerCall: config.UPSTREAM_MAX_BYTES_PER_CALL,
  });
  const batcher = new Batcher(
    { maxPartialInFlight: config.BATCH_MAX_PARTIAL_IN_FLIGHT, maxLingerMs: config.BATCH_MAX_LINGER_MS },
    { onUnexpected: (err) => logger.error({ err }, 'backend failed unexpectedly') },
  );
  return {
    config,
    logger,
    batcher,
    router: new ModelRouter(clarifai),
    clarifai,
    predictDefaults: {
      userId: config.CLARIFAI_USER_ID,
      appId: config.CLARIFAI_APP_ID,
      maxImagesPerOperation: config.MAX_IMAGES_PER_OPERATION,
    },
    imageLimits: { maxBytes: config.MAX_FILE_BYTES, maxPixels: config.MAX_IMAGE_PIXELS, autoOrient: config.AUTO_ORIENT },
    imageBudget: new ByteBudget(config.IN_FLIGHT_IMAGE_BYTES),
    ready: Promise.resolve(),
    close: () => clarifai.close(),
  };
}
