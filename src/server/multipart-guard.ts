import type { Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '../error-codes.js';
import { answerAfterBody, DISCARD_LIMIT_BYTES } from '../util/answer-after-body.js';
import { sendJson } from '../util/send-json.js';

const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];
const BOUNDARY = /;\s*boundary=(?:"[^"]+"|[^";\s]+)/i;
/**
 * Runs before graphql-upload-ts spools anything to disk. Apollo's own CSRF check comes only after the
 * body has been parsed, so a forged multipart POST would otherwise cost us its whole upload first.
 * It also refuses a declared body over the request budget before parsing a byte of it.
 */
export function multipartGuard(maxRequestBytes: number, discardLimit = DISCARD_LIMIT_BYTES): RequestHandler {
  return (req, res, next) => {
    if (!mayBeMultipart(req) || !req.is('multipart/form-data')) return next();
    const refuse = (status: number, code: ErrorCode, message: string) => refuseAfterBody(req, res, discardLimit, status, code, message);
    const hasPreflight = PREFLIGHT_HEADERS.some((h) => {
      const v = req.headers[h];
      return typeof v === 'string' && v.trim() !== '';
    });
    if (!hasPreflight) {
      return refuse(
        400,
        ErrorCode.CSRF_PREFLIGHT_REQUIRED,
        'Multipart requests must carry a non-empty Apollo-Require-Preflight (or x-apollo-operation-name) header; this guards against cross-site request forgery.',
      );
    }
    // busboy throws on a missing boundary before reading the body; graphql-upload-ts then waits for the
    // body's end to send the error (overrideSendResponse), and nothing reads it: the request would hang.
    if (!BOUNDARY.test(req.headers['content-type'] ?? '')) {
      return refuse(400, ErrorCode.MALFORMED_MULTIPART, 'The multipart Content-Type has no boundary parameter.');
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxRequestBytes) {
      return refuse(413, ErrorCode.PAYLOAD_TOO_LARGE, `The request is ${declared} bytes; the limit is ${maxRequestBytes} bytes per request.`);
    }
    next();
  };
}

function refuseAfterBody(req: Request, res: Response, limit: number, status: number, code: ErrorCode, message: string): void {
  answerAfterBody(req, res, () => sendJson(res, status, { errors: [{ message, extensions: { code } }] }), limit);
}

/**
 * A content type that cannot be multipart, told without parsing it: type-is parses the header of every
 * JSON operation, once here and once in graphql-upload-ts, for an answer this substring already gives.
 */
export function mayBeMultipart(req: Request): boolean {
  const type = req.headers['content-type'];
  return type !== undefined && /multipart/i.test(type);
}

/** `handler` for requests that may be multipart; every other request goes straight on. */
export function onlyMultipart(handler: RequestHandler): RequestHandler {
  return (req, res, next) => (mayBeMultipart(req) ? handler(req, res, next) : next());
}
