import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { ErrorCode } from '../../error-codes.js';
import { userError } from '../to-graphql-error.js';
import { measureOperation, type FanOutSpec, type ImageFieldSpec } from './measure-operation.js';

export interface OperationLimits {
  maxDepth: number;
  maxImageFields: number;
  maxImages: number;
}

/** Where this schema takes images: Query.predict's list, and one per Image entity a router fetches. */
const IMAGE_FIELDS: ImageFieldSpec[] = [
  { type: 'Query', field: 'predict', imagesArg: 'images' },
  { type: 'Image', field: 'predictions' },
];
const FAN_OUTS: FanOutSpec[] = [{ type: 'Query', field: '_entities', arg: 'representations' }];

/**
 * Refuses a whole operation over a limit before it runs, so no image of it is read or sent upstream.
 * A plugin, not a validation rule: only here are the variables known (images usually come in them), and
 * Apollo Server replaces a validation rule's error code with GRAPHQL_VALIDATION_FAILED.
 */
export function operationLimitsPlugin(limits: OperationLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return; // Apollo Server itself refuses a request that names no runnable operation.
          const m = measureOperation(schema, document, operation, request.variables ?? {}, { imageFields: IMAGE_FIELDS, fanOuts: FAN_OUTS });
          const refusal = checkLimits(m, limits);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

export function checkLimits(m: { depth: number; imageFields: number; images: number }, l: OperationLimits): GraphQLError | undefined {
  if (m.depth > l.maxDepth) {
    return userError(ErrorCode.QUERY_TOO_DEEP, `The operation nests fields ${m.depth} deep; this server allows at most ${l.maxDepth}.`, {
      limit: l.maxDepth,
    });
  }
  if (m.imageFields > l.maxImageFields) {
    return userError(
      ErrorCode.TOO_MANY_PREDICT_FIELDS,
      `The operation has ${m.imageFields} predict fields (aliases included); this server allows at most ${l.maxImageFields} per operation. Put the images of one model in one field.`,
      { limit: l.maxImageFields },
    );
  }
  if (m.images > l.maxImages) {
    return userError(
      ErrorCode.TOO_MANY_IMAGES,
      `The operation asks for ${m.images} images over all its predict fields; this server accepts at most ${l.maxImages} per operation. Split them over several operations.`,
      { limit: l.maxImages },
    );
  }
  return undefined;
}
