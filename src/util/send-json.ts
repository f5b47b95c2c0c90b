import type { ServerResponse } from 'node:http';

/**
 * A JSON answer through Node's own response API, as Express's `res.status().json()` would send it.
 * For the middleware on POST /graphql's direct road (src/server/direct-route.ts), whose JSON requests
 * keep Node's req/res, without Express's helpers.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(json));
  res.end(json);
}
