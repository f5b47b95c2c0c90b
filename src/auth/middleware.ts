import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { AuthLogger } from './api-key-store.js';
import type { Authenticator } from './authenticate.js';
import { ANONYMOUS, type Caller } from './caller.js';
import { AuthError } from './errors.js';
import { answerAfterBody } from '../util/answer-after-body.js';
import { requestSlot } from '../util/request-slot.js';
import { sendJson } from '../util/send-json.js';

const callers = requestSlot<Caller>();

/** The caller authMiddleware found for this request. Throws if it did not run: never a silent anonymous. */
export function callerOf(req: IncomingMessage): Caller {
  const caller = callers.get(req);
  if (!caller) throw new Error('authMiddleware did not run for this request');
  return caller;
}

/**
 * Authenticates before anything reads the body (mount it before graphql-upload and jsonBody), so a
 * refused upload is never spooled. Refusals are GraphQL-shaped JSON with the status and headers of the error.
 */
export function authMiddleware(authenticator: Authenticator, logger?: AuthLogger): RequestHandler {
  // Without AUTH_MODE everyone is anonymous: said at once, not a promise later (every request comes here).
  const open = authenticator.methods.length === 0;
  return (req, res, next) => {
    if (open || !canCarryOperation(req)) {
      callers.set(req, ANONYMOUS);
      return next();
    }
    authenticator.authenticate(req).then(
      (caller) => {
        callers.set(req, caller);
        next();
      },
      (err: unknown) => {
        if (!(err instanceof AuthError)) {
          logger?.error({ err: (err as Error)?.name }, 'authentication failed unexpectedly');
          return next(err);
        }
        if (res.headersSent) return;
        // The body is unread: answering before it has arrived would reset a client still sending it
        // (an upload), and the client would never see why.
        answerAfterBody(req, res, () => {
          for (const [name, value] of err.headers) res.setHeader(name, value);
          sendJson(res, err.status, { errors: [{ message: err.message, extensions: { code: err.code } }] });
        });
      },
    );
  };
}

/**
 * Preflights, and GETs with neither `query` nor `extensions` (the Sandbox page), run no operation, so
 * they need no credentials; a browser never sends credentials on a preflight anyway.
 */
function canCarryOperation(req: IncomingMessage): boolean {
  if (req.method === 'OPTIONS') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') return true;
  const params = new URL(req.url ?? '/', 'http://x').searchParams;
  return params.has('query') || params.has('extensions');
}
