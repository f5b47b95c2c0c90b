import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import { chain } from './chain.js';
import { mayBeMultipart } from './multipart-guard.js';

export interface DirectRoute {
  method: string;
  /** Matched exactly, with or without a query string (not as a prefix, as `app.use` would). */
  path: string;
  /** Run in turn (see chain.ts); they must answer through Node's response API alone unless multipart (see below). */
  handlers: RequestHandler[];
  onError: ErrorRequestHandler;
  /** Checked per request: false sends the request through Express as usual (tracing on, debug logging). */
  enabled: () => boolean;
}

/**
 * The server's request listener: one route goes straight to its handler, everything else to Express.
 * Every operation is a POST /graphql, and on its way there Express's router tried each layer mounted
 * before it (request id, health, metrics, explorer, demo): in a CPU profile of ~12,000 predict operations
 * the router and app.handle were 514 ms of 10,498 busy (4.9 %) and allocated ~10 KB per request.
 *
 * A request also keeps Node's own req/res: app.handle swaps their prototypes for Express's
 * (`Object.setPrototypeOf`), which leaves every later access to them on slower paths in V8. Without
 * the swap, `{ __typename }` at 1,200 requests/s cost 0.161 ms of CPU instead of 0.261 (median of 8
 * bursts, bench/compare-fixed-rate.ts). So the handler's middleware answers with Node's API
 * (src/util/send-json.ts); a body that may be multipart (an upload) and every error get Express's
 * helpers first, as graphql-upload-ts, the multipart guard and the error handler expect them.
 */
export function directRoute(app: Express, route: DirectRoute): (req: IncomingMessage, res: ServerResponse) => void {
  const { method, path, onError, enabled } = route;
  const withQuery = `${path}?`;
  // chain: a handler's throw or rejection reaches the error handler, as on the Express road.
  const handler = chain(...route.handlers);
  return (req, res) => {
    const url = req.url ?? '';
    if (req.method !== method || (url !== path && !url.startsWith(withQuery)) || !enabled()) return void app(req, res);
    const request = req as Request;
    const response = res as Response;
    if (mayBeMultipart(request)) expressify(app, request, response);
    handler(request, response, (err?: unknown) => {
      expressify(app, request, response);
      // The handlers end with Apollo, which always answers: reaching here without an error is our bug.
      onError(err ?? new Error(`no handler answered ${method} ${path}`), request, response, () => undefined);
    });
  };
}

/** What app.handle does to a request before its router runs; once. */
function expressify(app: Express, req: Request, res: Response): void {
  if (Object.getPrototypeOf(req) === app.request) return;
  req.res = res;
  res.req = req;
  Object.setPrototypeOf(req, app.request);
  Object.setPrototypeOf(res, app.response);
  res.locals ??= Object.create(null) as Record<string, unknown>;
}
