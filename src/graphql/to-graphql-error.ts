import { GraphQLError } from 'graphql';
import { ErrorCode, ImageError } from '../error-codes.js';

/** Codes that fail the whole request map to an HTTP status; per-image codes stay 200. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.OVERLOADED]: 503,
  [ErrorCode.INVALID_CREDENTIAL_HEADER]: 400,
  // Operation limits refuse the whole operation before it runs.
  [ErrorCode.QUERY_TOO_DEEP]: 400,
  [ErrorCode.TOO_MANY_PREDICT_FIELDS]: 400,
  [ErrorCode.TOO_MANY_IMAGES]: 400,
};

export function userError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, { extensions: { code, ...extra, ...(status ? { http: { status } } : {}) } });
}

/**
 * An image's failure as the GraphQL error at its own path, with what Clarifai said when it said something.
 * `index` is the image's place in a list argument; an entity's image (Image.predictions) has none.
 */
export function imageErrorToGraphQL(err: ImageError, index?: number): GraphQLError {
  return userError(err.code, `Image${index === undefined ? '' : ` ${index}`}: ${err.message}`, {
    ...(index === undefined ? {} : { imageIndex: index }),
    ...(err.upstream ? { clarifaiStatus: { code: err.upstream.code, description: err.upstream.description } } : {}),
  });
}
