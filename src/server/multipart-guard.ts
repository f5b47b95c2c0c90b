import type { Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '../error-codes.js';

const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];
const BOUNDARY = /;\s*boundary=(?:"[^"]+"|[^";\s]+)/i;
/**
 * Most of a refused body we read (to nowhere) so that the client reads our answer. A client that is
 * still sending when the server closes gets a reset instead of the response (Node's fetch reports EPIPE
 * or `fetch failed`); reading costs bandwidth, so it stops here.
 */
export const DISCARD_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Runs before graphql-upload-ts spools anything to disk. Apollo's own CSRF check comes only after the
 * body has been parsed, so a forged multipart POST would otherwise cost us its whole upload first.
 * It also refuses a declared body over the request budget before parsing a byte of it.
 */
export function multipartGuard(maxRequestBytes: number, discardLimit = DISCARD_LIMIT_BYTES): RequestHandler {
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
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

/**
 * Answers once the body has been read and dropped (counted, never buffered nor spooled), so every
 * client sees the JSON error and the connection stays usable. A body over `limit` (declared, or found
 * while reading) is answered at once with `Connection: close`; we then read up to `limit` more bytes,
 * time for the client to take in the answer, and close the socket.
 */
function refuseAfterBody(req: Request, res: Response, limit: number, status: number, code: ErrorCode, message: string): void {
  let read = 0;
  let answeredAt: number | undefined;
  const answer = (close: boolean) => {
    if (answeredAt !== undefined) return;
    answeredAt = read;
    if (close) res.setHeader('connection', 'close');
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
  const giveUp = () => {
    req.removeListener('data', onData);
    req.pause();
    const destroy = () => req.socket.destroy();
    if (res.writableFinished) destroy();
    else res.once('finish', destroy);
  };
  const onData = (chunk: Buffer) => {
    read += chunk.length;
    if (answeredAt === undefined && read > limit) answer(true);
    if (answeredAt !== undefined && read - answeredAt > limit) giveUp();
  };
  // A client that goes away mid-body is no error of ours.
  req.on('error', () => undefined);
  if (req.complete) return answer(false);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) answer(true);
  req.on('data', onData);
  req.once('end', () => answer(false));
}
