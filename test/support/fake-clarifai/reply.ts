import type { ServerResponse } from 'node:http';
import { errorBody } from './responses.js';
import { Code } from './status-codes.js';
import type { RecordedCall } from './types.js';

/** Writes a JSON answer and notes what was answered in the call record. */
export function sendJson(res: ServerResponse, call: RecordedCall, httpStatus: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  const code = (body as { status?: { code?: unknown } }).status?.code;
  call.httpStatus = httpStatus;
  call.statusCode = typeof code === 'number' ? code : undefined;
  sendRaw(res, httpStatus, text, { 'content-type': 'application/json; charset=utf-8', ...headers });
}

export function sendRaw(res: ServerResponse, httpStatus: number, text: string, headers: Record<string, string>): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(httpStatus, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  call: RecordedCall,
  httpStatus: number,
  code: number,
  details?: string,
  headers?: Record<string, string>,
): void {
  sendJson(res, call, httpStatus, errorBody(code, details), headers);
}

/** Clarifai's throttle answer, used both by the limiter and the `throttle` fault. */
export function sendThrottled(res: ServerResponse, call: RecordedCall, retryAfterSeconds?: number): void {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  sendError(res, call, 429, Code.CONN_THROTTLED, 'exceeded limit of 15 requests per second', headers);
}

const CODE_FOR_5XX: Record<number, number> = {
  500: Code.INTERNAL_UNCATEGORIZED,
  502: Code.INTERNAL_UNCATEGORIZED,
  503: Code.RPC_SERVER_UNAVAILABLE,
  504: Code.INTERNAL_UNEXPECTED_TIMEOUT,
};
const REASON: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

export function send5xx(res: ServerResponse, call: RecordedCall, httpStatus: number, html = false): void {
  if (!html) {
    sendError(res, call, httpStatus, CODE_FOR_5XX[httpStatus] ?? Code.INTERNAL_UNCATEGORIZED, REASON[httpStatus]);
    return;
  }
  // A load balancer in front of the API answers 502/504 itself, with no Clarifai status at all.
  call.httpStatus = httpStatus;
  call.statusCode = undefined;
  const text = `<html><head><title>${httpStatus} ${REASON[httpStatus] ?? ''}</title></head><body><center><h1>${httpStatus} ${REASON[httpStatus] ?? ''}</h1></center></body></html>\n`;
  sendRaw(res, httpStatus, text, { 'content-type': 'text/html' });
}

/** A 200 whose JSON is cut in half: the client must not trust the body just because of the status. */
export function sendMalformed(res: ServerResponse, call: RecordedCall, body: object): void {
  const text = JSON.stringify(body);
  call.httpStatus = 200;
  call.statusCode = undefined;
  sendRaw(res, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))), { 'content-type': 'application/json; charset=utf-8' });
}
