import { GraphQLError } from 'graphql';
import { ErrorCode, ImageError } from '../error-codes.js';
import type { QuotaRefused } from '../quota/index.js';

/** Codes that fail the whole request map to an HTTP status; per-image codes stay 200. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.OVERLOADED]: 503,
  [ErrorCode.INVALID_CREDENTIAL_HEADER]: 400,
  [ErrorCode.INVALID_REQUEST_TIMEOUT]: 400,
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
 * The service is shedding load: HTTP 503 with Retry-After (Apollo Server applies `extensions.http` to the
 * response and strips it from the body), and the same hint in `extensions.retryAfterSeconds` for clients
 * that only see the body (e.g. behind a router).
 */
export function overloadedError(retryAfterSeconds: number, limit: number): GraphQLError {
  return new GraphQLError(
    `The server is overloaded: more than ${limit} images are already waiting for the upstream. Retry in ${retryAfterSeconds} s.`,
    {
      extensions: {
        code: ErrorCode.OVERLOADED,
        retryAfterSeconds,
        limit,
        http: { status: 503, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
      },
    },
  );
}

/**
 * An image's failure as the GraphQL error at its own path, with what Clarifai said when it said something.
 * `index` is the image's place in a list argument; an entity's image (Image.predictions) has none.
 * No HTTP status: one image's failure (even a local backend's OVERLOADED) leaves the response a 200.
 */
export function imageErrorToGraphQL(err: ImageError, index?: number): GraphQLError {
  return new GraphQLError(`Image${index === undefined ? '' : ` ${index}`}: ${err.message}`, {
    extensions: {
      code: err.code,
      ...(index === undefined ? {} : { imageIndex: index }),
      ...(err.upstream ? { clarifaiStatus: { code: err.upstream.code, description: err.upstream.description } } : {}),
      ...(err.retryAfterSeconds !== undefined ? { retryAfterSeconds: err.retryAfterSeconds } : {}),
    },
  });
}

/**
 * The caller's quota is spent: HTTP 429 with Retry-After (none when the request is larger than the limit
 * itself), and in the extensions which window refused, what remains in each and the limits.
 */
export function quotaError(d: QuotaRefused): GraphQLError {
  const retry = d.retryAfterSeconds;
  const message =
    retry === null
      ? `This request needs more images than the caller's ${d.window} quota allows (${d.limit[d.window]}); send fewer images per operation.`
      : `The caller's ${d.window} quota of ${d.limit[d.window]} images is spent (${d.remaining[d.window]} left); retry in ${retry} s.`;
  const headers = new Map(retry === null ? [] : [['retry-after', String(retry)]]);
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.QUOTA_EXCEEDED,
      window: d.window,
      retryAfterSeconds: retry,
      remaining: d.remaining,
      limit: d.limit,
      http: { status: 429, headers },
    },
  });
}
