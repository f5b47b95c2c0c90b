import type { ImagePrediction } from '../../backends/predict-backend.js';
import { ImageError } from '../../error-codes.js';
import type { QueryResolvers } from '../../generated/resolvers-types.js';
import { prepareInput } from '../../images/prepare-input.js';
import type { PreparedImage } from '../../images/prepared-image.js';
import { validatePredictArgs } from '../predict-args.js';
import { imageErrorToGraphQL } from '../to-graphql-error.js';
import type { PredictionParent } from './prediction-parent.js';


/**
 * Thin by design: checks arguments, prepares every image, hands them all to the batcher in one tick
 * (so one operation's images share calls), and shapes each outcome. A rejected item becomes null plus
 * an error at its own path; the list itself never fails because of one image.
 */
export const predict: QueryResolvers['predict'] = async (_parent, args, ctx) => {
  const { services } = ctx;
  const { model, options } = validatePredictArgs(args, services.predictDefaults);
  const backend = services.router.backendFor(model.modelId);
  const prepared = await Promise.all(args.images.map((input) => prepareInput(input)));
  const items = prepared.map(async (image, index) => {
    if (image instanceof ImageError) return imageErrorToGraphQL(image, index);
    try {
      const prediction = await services.batcher.load(backend, { credential: ctx.credential, model, options }, image);
      return toParent(prediction, image, index);
    } catch (err) {
      if (err instanceof ImageError) return imageErrorToGraphQL(err, index);
      throw err;
    }
  });
  // graphql-js turns an Error list item into null plus an error at that item's path.
  return (await Promise.all(items)) as PredictionParent[];
};

function toParent(p: ImagePrediction, image: PreparedImage, index: number): PredictionParent {
  const input = image.kind === 'url' ? { index, url: image.url } : { index, sha256: image.sha256 };
  return { ...p, input };
}
