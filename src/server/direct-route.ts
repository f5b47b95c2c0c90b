import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, NextFunction, Request, RequestHandler, Response } from 'express';

export interface DirectRoute {
  method: string;
  /** Matched exactly, with or without a query string (not as a prefix, as `app.use` would). */
  path: string;
  handler: RequestHandler;
  onError: ErrorRequestHandler;
  /** Checked per request: false sends the request through Express as usual (tracing on, debug logging). */
  enabled: () => boolean;
}

/**
 * The server's request listener: one route goes straight to its handler, everything else to Express.
 * Every operation is a POST /graphql, and on its way there Express's router tried each layer mounted
 * before it (request id, health, metrics, explorer, demo): in a CPU profile of ~12,000 predict operations
 * the router and app.handle were 514 ms of 10,498 busy (4.9 %) and allocated ~10 KB per request. The
 * handler still gets Express's req/res (same prototypes, `req.res`, `res.locals`), so the same middleware
 * runs on both roads; the Express road stays mounted for the same path (tracing's express spans, GET).
 */
export function directRoute(app: Express, route: DirectRoute): (req: IncomingMessage, res: ServerResponse) => void {
  const { method, path, handler, onError, enabled } = route;
  const withQuery = `${path}?`;
  return (req, res) => {
    const url = req.url ?? '';
    if (req.method !== method || (url !== path && !url.startsWith(withQuery)) || !enabled()) return void app(req, res);
    const request = req as Request;
    const response = res as Response;
    // What app.handle does before its router runs.
    request.res = response;
    response.req = request;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    response.locals ??= Object.create(null) as Record<string, unknown>;
    const failed = (err: unknown) => onError(err, request, response, () => undefined);
    const done: NextFunction = (err?: unknown) => {
      if (err !== undefined && err !== null && err !== 'route' && err !== 'router') return failed(err);
      // The handler ends with Apollo, which always answers: reaching here is our bug, not the caller's.
      failed(new Error(`no handler answered ${method} ${path}`));
    };
    try {
      const returned: unknown = handler(request, response, done);
      if (returned instanceof Promise) returned.catch((e: unknown) => done(e ?? new Error('a handler rejected with nothing')));
    } catch (e) {
      done(e);
    }
  };
}
