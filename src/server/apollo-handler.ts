import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Apollo Server behind Express, as `@as-integrations/express5` does it, less its per-request costs: it
 * parsed every URL with the legacy `url.parse` and answered through `res.send`, which works out content
 * type, freshness and length again for a body Apollo has already typed. The adapter and `res.send` were
 * 2.2 % of the busy time in one CPU profile of bench scenario 1. The body must
 * have been read (jsonBody or graphql-upload) before this runs.
 */
export function apolloHandler<C extends BaseContext>(
  server: ApolloServer<C>,
  context: (args: { req: Request; res: Response }) => Promise<C>,
): RequestHandler {
  server.assertStarted('apolloHandler()');
  return async (req, res) => {
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers: headerMap(req.headers),
      search: searchOf(req.url),
      body: (req as { body?: unknown }).body,
    };
    const answer = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => context({ req, res }) });
    const reading = bodyRead(req);
    if (reading) await reading;
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(answer.body.string));
      res.end(req.method === 'HEAD' ? undefined : answer.body.string);
      return;
    }
    // Incremental delivery (@defer): each part as it comes.
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/**
 * A multipart body may still be streaming into graphql-upload when an operation fails early (bad options):
 * files parsed after the answer would be spooled after graphql-upload's clean-up ran and stay on disk
 * (graphql-upload-ts#78). Its `overrideSendResponse` only guards `res.send`, which this handler does not use,
 * so the answer waits here for the body's end (or the connection's close). A JSON body is already read.
 */
function bodyRead(req: Request): Promise<void> | undefined {
  // readableFlowing stays null for a body nobody reads (GET, text/plain refused by CSRF prevention): its end
  // would never come. graphql-upload pipes the body it streams, which sets it.
  if (req.readableFlowing === null || req.readableEnded || req.destroyed) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      req.off('end', done);
      req.off('close', done);
      resolve();
    };
    req.once('end', done);
    req.once('close', done);
  });
}

function headerMap(headers: Request['headers']): HeaderMap {
  const map = new HeaderMap();
  for (const key in headers) {
    const value = headers[key];
    if (value !== undefined) map.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

/** The query string with its `?`, or '' (what `url.parse(url).search ?? ''` gives for a request path). */
export function searchOf(url: string): string {
  const hash = url.indexOf('#');
  const path = hash < 0 ? url : url.slice(0, hash);
  const q = path.indexOf('?');
  return q < 0 ? '' : path.slice(q);
}
