import type { ErrorRequestHandler } from 'express';
import { ErrorCode } from '../error-codes.js';
import type { Logger } from '../logger.js';

/** Errors raised before GraphQL runs (body parsing, uploads) answered as GraphQL-shaped JSON, never HTML. */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = err as { status?: number; statusCode?: number; type?: string; expose?: boolean; message?: string };
    const status = e.status ?? e.statusCode ?? 500;
    let code: string = ErrorCode.INTERNAL_SERVER_ERROR;
    let message = 'Internal server error.';
    if (status === 413 && /max file uploads exceeded/.test(e.message ?? '')) {
      code = ErrorCode.TOO_MANY_FILES;
      message = `Too many files in one request: ${e.message}`;
    } else if (status === 413) {
      code = ErrorCode.PAYLOAD_TOO_LARGE;
      message = `The request body is too large: ${e.message ?? ''}`.trim();
    } else if (status === 499) {
      return; // the client has gone; there is no one to answer
    } else if (req.is('multipart/form-data') && (status === 400 || (e.status === undefined && e.statusCode === undefined))) {
      // busboy's own parse errors carry no status: a broken body is the client's error, not ours.
      code = ErrorCode.MALFORMED_MULTIPART;
      message = `${e.message} Check the operations and map fields against the GraphQL multipart request spec.`;
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
    // graphql-upload-ts sends an answer only once the request body has ended; a body nobody reads never
    // ends, so read it to nowhere (the multipart guard has bounded its declared size).
    if (req.is('multipart/form-data') && !req.complete) req.resume();
    const httpStatus = code === ErrorCode.MALFORMED_MULTIPART ? 400 : status;
    res.status(httpStatus >= 400 && httpStatus < 600 ? httpStatus : 500).json({ errors: [{ message, extensions: { code } }] });
  };
}
