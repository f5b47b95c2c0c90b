import type { IncomingMessage } from 'node:http';
import express, { type Request, type RequestHandler } from 'express';

/** `application/json`, bare or with a UTF-8 charset: what GraphQL clients send. */
const PLAIN_JSON = /^application\/json[ \t]*(?:;[ \t]*charset=(?:utf-8|"utf-8")[ \t]*)?$/i;

/** JSON's own whitespace, not String.trim's (which also drops Unicode spaces JSON.parse refuses). */
const FIRST_TOKEN = /^[ \t\n\r]*(.)/s;

/** An error shaped like body-parser's (status, type, expose), so jsonErrorHandler answers both alike. */
class BodyError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The JSON body of POST /graphql. The common request (plain `application/json`, not compressed) is read
 * here; anything else (another charset, a Content-Encoding, no body) goes to `express.json`, whose
 * behaviour this matches for the common case: the same limit, `{}` for an empty body, only an object or
 * an array at the top, a leading BOM dropped, the same error types. Why not express.json alone: with its
 * type-is, raw-body and iconv-lite it was 3.5 % of the busy time in one CPU profile of bench scenario 1,
 * for work that is one Buffer.concat and one JSON.parse. Together with apolloHandler: `{ __typename }`
 * cost 4 % less CPU per request (median of 20 bursts, bench/compare-fixed-rate.ts).
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const general = express.json({ limit: limitBytes });
  return (req, res, next) => {
    if (!isPlainJson(req)) return general(req, res, next);
    readBody(req, limitBytes, (err, text) => {
      if (err) return next(err);
      try {
        req.body = parseStrict(text!);
      } catch {
        return next(new BodyError(400, 'entity.parse.failed', 'The request body is not valid JSON.'));
      }
      next();
    });
  };
}

function isPlainJson(req: Request): boolean {
  const h = req.headers;
  const type = h['content-type'];
  if (type === undefined || !PLAIN_JSON.test(type)) return false;
  const encoding = h['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  // What type-is calls "has a body": express.json skips the others, and so must this.
  return h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && !Number.isNaN(Number(h['content-length'])));
}

function parseStrict(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Only a body of no bytes at all is `{}`; whitespace alone is no JSON (as body-parser has it).
  if (body.length === 0) return {};
  const first = FIRST_TOKEN.exec(body)?.[1];
  if (first !== '{' && first !== '[') throw new SyntaxError('not an object or an array');
  return JSON.parse(body);
}

/**
 * Reads the whole body, or fails once it passes `limit`. A refused body is still read to the end (and
 * dropped) before the answer: a client still sending would otherwise see a reset, not the error.
 */
function readBody(req: IncomingMessage, limit: number, done: (err: BodyError | undefined, text?: string) => void): void {
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  let failed: BodyError | undefined =
    declared !== undefined && declared > limit ? new BodyError(413, 'entity.too.large', 'request entity too large') : undefined;
  const chunks: Buffer[] = [];
  let received = 0;
  let finished = false;
  const finish = (err: BodyError | undefined, text?: string) => {
    if (finished) return;
    finished = true;
    req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onError);
    done(err, text);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (failed) return;
    if (received > limit) {
      failed = new BodyError(413, 'entity.too.large', 'request entity too large');
      chunks.length = 0;
    } else chunks.push(chunk);
  };
  const onEnd = () => {
    if (failed) return finish(failed);
    if (declared !== undefined && received !== declared) {
      return finish(new BodyError(400, 'request.size.invalid', 'request size did not match content length'));
    }
    finish(undefined, (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)).toString('utf8'));
  };
  // Closed before its end: the client has gone, and 499 tells jsonErrorHandler there is nobody to answer.
  const onClose = () => finish(new BodyError(499, 'request.aborted', 'request aborted'));
  const onError = () => finish(new BodyError(400, 'request.aborted', 'request aborted'));
  req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onError);
}
