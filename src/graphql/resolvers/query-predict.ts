import type { QueryResolvers } from '../../generated/resolvers-types.js';
import { ImageError } from '../../error-codes.js';
import { estimateInputBytes, prepareInput } from '../../images/prepare-input.js';
import { validatePredictArgs } from '../predict-args.js';
import { predictImages } from '../predict-images.js';
import { imageErrorToGraphQL } from '../to-graphql-error.js';
import type { PredictionParent } from './prediction-parent.js';

/**
 * Thin by design: checks arguments, lets predictImages prepare and batch the images, and shapes each
 * outcome. A failed image becomes null plus an error at its own path; the others are unaffected.
 */
export const predict: QueryResolvers['predict'] = async (_parent, args, ctx) => {
  const { services } = ctx;
  const { model, options } = validatePredictArgs(args, services.predictDefaults);
  const backend = services.router.backendFor(model.modelId);
  const autoOrient = args.options?.autoOrient ?? services.imageLimits.autoOrient;
  const limits = { ...services.imageLimits, autoOrient };
  const results = await predictImages(args.images, {
    budget: services.imageBudget,
    estimate: (input) => estimateInputBytes(input, limits),
    prepare: (input) => prepareInput(input, limits),
    load: (image) => services.batcher.load(backend, { credential: ctx.credential, model, options }, image),
  });
  const items = results.map((r, index): PredictionParent | Error => {
    if (r instanceof ImageError) return imageErrorToGraphQL(r, index);
    const input = r.image.kind === 'url' ? { index, url: r.image.url } : { index, sha256: r.image.sha256 };
    return { ...r.prediction, input };
  });
  // graphql-js turns an Error list item into null plus an error at that item's path.
  return items as PredictionParent[];
};
