import type { ErrorRequestHandler } from 'express';
import { ErrorCode } from '../error-codes.js';
import type { Logger } from '../logger.js';

/** Errors raised before GraphQL runs (body parsing, uploads) answered as GraphQL-shaped JSON, never HTML. */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const e = err as { status?: number; statusCode?: number; type?: string; expose?: boolean; message?: string };
    const status = e.status ?? e.statusCode ?? 500;
    let code: string = ErrorCode.INTERNAL_SERVER_ERROR;
    let message = 'Internal server error.';
    if (status === 413) {
      code = ErrorCode.PAYLOAD_TOO_LARGE;
      message = `The request body is too large: ${e.message ?? ''}`.trim();
    } else if (e.type === 'entity.parse.failed') {
      code = 'BAD_REQUEST';
      message = 'The request body is not valid JSON.';
    } else if (status >= 400 && status < 500) {
      code = 'BAD_REQUEST';
      message = e.expose && e.message ? e.message : 'Bad request.';
    } else {
      logger.error({ err }, 'request failed before GraphQL');
    }
    if (res.headersSent) return;
    res.status(status >= 400 && status < 600 ? status : 500).json({ errors: [{ message, extensions: { code } }] });
  };
}
