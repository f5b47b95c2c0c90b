import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { REQUEST_ID_HEADER, type OperationReader } from '../telemetry/operation-summary.js';

/** Printable ASCII, at most 128 characters: anything else could forge log lines or bloat them. */
const VALID_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * The request id: the caller's `x-request-id` when it is a sane one, else a new UUID. Written back to the
 * request headers (where the GraphQL plugins read it) and to the response header.
 */
export const requestId: RequestHandler = (req, res, next) => {
  const sent = req.headers[REQUEST_ID_HEADER];
  const id = typeof sent === 'string' && VALID_REQUEST_ID.test(sent) ? sent : randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
};

/**
 * One info line per operation (request id, name, caller, images, outcome codes with counts, cache hits,
 * duration), and the request id in every error's extensions so a client's bug report leads to the line.
 */
export function operationLogReader(logger: Logger): OperationReader {
  return (s, { contextValue, response }) => {
    const body = response.body;
    if (body.kind === 'single' && body.singleResult.errors) {
      body.singleResult.errors = body.singleResult.errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: s.requestId } }));
    }
    if (!logger.isLevelEnabled('info')) return;
    const caller = (contextValue as { caller?: { id?: unknown } }).caller?.id ?? contextValue.request?.callerId;
    logger.info(
      {
        requestId: s.requestId,
        operation: s.operation ?? null,
        type: s.type,
        ...(typeof caller === 'string' ? { caller } : {}),
        outcome: s.outcome,
        images: s.images,
        outcomes: s.outcomes,
        cacheHits: s.cacheHits,
        ...(s.errorCodes.length > 0 ? { errors: s.errorCodes } : {}),
        ms: s.durationMs,
      },
      'operation',
    );
  };
}
