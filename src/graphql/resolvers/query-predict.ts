import type { QueryResolvers } from '../../generated/resolvers-types.js';
import { ImageError } from '../../error-codes.js';
import { predictFor } from '../predict-field.js';
import { imageErrorToGraphQL } from '../to-graphql-error.js';
import type { PredictionParent } from './prediction-parent.js';

/**
 * Thin by design: predictFor checks arguments, prepares and batches the images. A failed image becomes
 * null plus an error at its own path; the others are unaffected.
 */
export const predict: QueryResolvers['predict'] = async (_parent, { images, ...args }, ctx) => {
  const results = await predictFor(images, args, ctx);
  const items = results.map((r, index) => (r instanceof ImageError ? imageErrorToGraphQL(r, index) : r));
  // graphql-js turns an Error list item into null plus an error at that item's path.
  return items as PredictionParent[];
};
