import type { Request, RequestHandler, Response } from 'express';
import type { Caller } from '../auth/caller.js';
import { ErrorCode } from '../error-codes.js';
import { userError } from '../graphql/to-graphql-error.js';
import { operationLifetime } from '../prediction/deadline.js';
import type { RequestContext } from '../prediction/request-context.js';
import { requestSlot } from '../util/request-slot.js';

const arrivals = requestSlot<number>();

/** First middleware: the deadline runs from the request's arrival, not from when GraphQL gets to it. */
export const stampArrival: RequestHandler = (req, _res, next) => {
  arrivals.set(req, Date.now());
  next();
};

/** Header a caller may send to shorten (never lengthen) its operation's deadline, in milliseconds. */
export const REQUEST_TIMEOUT_HEADER = 'x-request-timeout-ms';

/**
 * The request context of one HTTP operation: its deadline (REQUEST_TIMEOUT_MS, or the caller's shorter
 * x-request-timeout-ms) and a signal that aborts when the deadline passes or the client disconnects
 * before the response has been sent, so its queued images never reach the upstream.
 */
export interface ContextSettings {
  REQUEST_TIMEOUT_MS: number;
  QUOTA_IMAGES_PER_MINUTE?: number | undefined;
  QUOTA_IMAGES_PER_DAY?: number | undefined;
}

export function requestContext(
  req: Request,
  res: Response,
  credential: string | undefined,
  caller: Caller,
  settings: ContextSettings,
): RequestContext {
  const maxTimeoutMs = settings.REQUEST_TIMEOUT_MS;
  const timeoutMs = Math.min(maxTimeoutMs, requestedTimeout(req.headers[REQUEST_TIMEOUT_HEADER]) ?? maxTimeoutMs);
  const lifetime = operationLifetime(timeoutMs, arrivals.get(req));
  const closed = () => {
    lifetime.dispose();
    if (!res.writableFinished) lifetime.cancel();
  };
  // The client may have hung up while the body was read and GraphQL parsed it: that close has been
  // heard already, and a listener added now would wait for it in vain.
  if (res.destroyed || req.socket.destroyed) closed();
  else res.once('close', closed);
  const quota = {
    imagesPerMinute: caller.imagesPerMinute ?? settings.QUOTA_IMAGES_PER_MINUTE,
    imagesPerDay: caller.imagesPerDay ?? settings.QUOTA_IMAGES_PER_DAY,
  };
  return { credential, signal: lifetime.signal, deadline: lifetime.deadline, callerId: callerKey(caller), weight: caller.weight ?? 1, quota };
}

/** Quotas, fair shares and usage key on kind and id together: ids from two authorities may collide. */
export function callerKey(caller: Caller): string {
  return `${caller.kind}:${caller.id}`;
}

function requestedTimeout(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,10}$/.test(value.trim()) || Number(value) < 1) {
    throw userError(
      ErrorCode.INVALID_REQUEST_TIMEOUT,
      `The ${REQUEST_TIMEOUT_HEADER} header must be a whole number of milliseconds of at least 1 (it can only shorten the server's limit).`,
    );
  }
  return Number(value);
}
