import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode } from '../error-codes.js';
import type { Logger } from '../logger.js';

/** Expected errors keep their message and code; anything unexpected is masked and logged instead. */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // graphql-upload-ts's own code for a file variable that is not an upload: a bad variable value like any other.
    if (formatted.extensions?.code === 'INVALID_UPLOAD_VALUE')
      return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } };
    if (formatted.extensions?.code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
    // Apollo Server refuses some requests with a code-less error and a 4xx status (e.g. an APQ hash that
    // does not match its query): the client's mistake, so its message stays.
    if (isClientError(error)) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
    logger.error({ err: unwrapResolverError(error), path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error.',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function isClientError(error: unknown): boolean {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | undefined)?.extensions?.http?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
