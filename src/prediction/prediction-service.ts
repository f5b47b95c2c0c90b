import type { ModelRef, OutputOptions } from '../backends/predict-backend.js';
import type { ModelRouter } from '../backends/model-router.js';
import type { Admission } from '../batching/admission.js';
import type { Batcher } from '../batching/batcher.js';
import { ImageError } from '../error-codes.js';
import type { ByteBudget } from '../images/byte-budget.js';
import type { ImageSource } from '../images/image-source.js';
import { estimateInputBytes, prepareInput, type ImageLimits } from '../images/prepare-input.js';
import { predictImages, type ImageResult } from './predict-images.js';
import type { RequestContext } from './request-context.js';

export interface PredictRequest {
  images: readonly ImageSource[];
  model: ModelRef;
  options: OutputOptions;
  /** Overrides AUTO_ORIENT for this request. */
  autoOrient?: boolean;
}

/** The whole request was refused before any image was read: the service is shedding load. */
export class OverloadedRefusal extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly limit: number,
  ) {
    super(`more than ${limit} images are waiting for the upstream`);
  }
}

export interface PredictionDeps {
  admission: Admission;
  batcher: Batcher;
  router: ModelRouter;
  imageBudget: ByteBudget;
  imageLimits: ImageLimits;
  maxQueued: number;
}

/**
 * Predictions, knowing no GraphQL: images, a model, options and a request context in; one outcome per
 * image out, in input order (a prediction with the image it answers, or that image's ImageError). Every
 * entry point (the resolvers, the federation entity, a bulk job's worker) comes through here, so they
 * all shed load, bound memory, batch, cancel and keep deadlines the same way.
 */
export class PredictionService {
  constructor(private readonly deps: PredictionDeps) {}

  /** Throws OverloadedRefusal when the backlog is full; never throws for one image's failure. */
  async predict(request: PredictRequest, ctx: RequestContext): Promise<ImageResult[]> {
    const { admission, batcher, router, imageBudget } = this.deps;
    // Before any image is read: a refused request costs nothing but this check.
    const admitted = admission.tryAdmit(request.images.length);
    if (!admitted.admitted) throw new OverloadedRefusal(admitted.retryAfterSeconds, this.deps.maxQueued);
    const { ticket } = admitted;
    const backend = router.backendFor(request.model.modelId);
    const limits = { ...this.deps.imageLimits, autoOrient: request.autoOrient ?? this.deps.imageLimits.autoOrient };
    const spec = { credential: ctx.credential, model: request.model, options: request.options };
    try {
      return await predictImages(request.images, {
        budget: imageBudget,
        signal: ctx.signal,
        estimate: (input) => estimateInputBytes(input, limits),
        prepare: async (input) => {
          const prepared = await prepareInput(input, limits);
          if (prepared instanceof ImageError) ticket.handOver(); // it waits for nothing more
          return prepared;
        },
        load: (image) => {
          // From here the batcher counts the image (Batcher.queuedImages) until a permit takes it.
          ticket.handOver();
          return batcher.load(backend, spec, image, ctx);
        },
      });
    } finally {
      ticket.close();
    }
  }
}
