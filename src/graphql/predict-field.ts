import type { ImageInput, QueryPredictArgs } from '../generated/resolvers-types.js';
import { ImageError } from '../error-codes.js';
import { estimateInputBytes, prepareInput } from '../images/prepare-input.js';
import type { Context } from './context.js';
import { validatePredictArgs } from './predict-args.js';
import { predictImages } from './predict-images.js';
import type { PredictionParent } from './resolvers/prediction-parent.js';
import { overloadedError } from './to-graphql-error.js';

/** The arguments every predict-shaped field takes besides its images (Query.predict, Image.predictions). */
export type ModelArgs = Omit<QueryPredictArgs, 'images'>;

/**
 * The one road from a GraphQL field to the process-wide batcher. Query.predict and Image.predictions both
 * come here, so an operation's images share upstream calls whichever field asked for them, and both
 * fields check arguments, shed load, prepare images and bound memory the same way.
 */
export async function predictFor(
  images: readonly ImageInput[],
  args: ModelArgs,
  ctx: Context,
): Promise<Array<PredictionParent | ImageError>> {
  const { services } = ctx;
  const { model, options } = validatePredictArgs({ ...args, images: [...images] }, services.predictDefaults);
  // Before any image is read: a refused field costs nothing but this check.
  const admission = services.admission.tryAdmit(images.length);
  if (!admission.admitted) throw overloadedError(admission.retryAfterSeconds, services.config.MAX_QUEUED_IMAGES);
  const { ticket } = admission;
  const backend = services.router.backendFor(model.modelId);
  const autoOrient = args.options?.autoOrient ?? services.imageLimits.autoOrient;
  const limits = { ...services.imageLimits, autoOrient };
  try {
    const results = await predictImages(images, {
      budget: services.imageBudget,
      estimate: (input) => estimateInputBytes(input, limits),
      prepare: async (input) => {
        const prepared = await prepareInput(input, limits);
        if (prepared instanceof ImageError) ticket.handOver(); // it waits for nothing more
        return prepared;
      },
      load: (image) => {
        // From here the batcher counts the image (Batcher.queuedImages) until its call leaves.
        ticket.handOver();
        return services.batcher.load(backend, { credential: ctx.credential, model, options }, image);
      },
    });
    return results.map((r, index) => {
      if (r instanceof ImageError) return r;
      const input = { index, ...r.ref };
      return { ...r.prediction, input };
    });
  } finally {
    ticket.close();
  }
}
