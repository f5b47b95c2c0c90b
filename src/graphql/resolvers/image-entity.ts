import type { ImageResolvers } from '../../generated/resolvers-types.js';
import { ImageError } from '../../error-codes.js';
import { predictFor } from '../predict-field.js';
import { imageErrorToGraphQL } from '../to-graphql-error.js';

/**
 * The Image entity, as a router fetches it for other subgraphs' references (`_entities`).
 *
 * __resolveReference does no work: the key is all an Image is until a field asks for a model, and the
 * model comes with the field's arguments. So the N representations of one `_entities` call resolve at
 * once, their N `predictions` fields reach the shared batcher in the same tick, and 300 images leave as
 * 3 upstream calls. The URL is checked there too, so a bad one fails only its own `predictions`.
 */
export const Image: ImageResolvers = {
  __resolveReference: (reference) => ({ url: reference.url }),
  predictions: async (image, args, ctx) => {
    const [result] = await predictFor([{ url: image.url }], args, ctx);
    if (result instanceof ImageError) throw imageErrorToGraphQL(result);
    return result!;
  },
};
