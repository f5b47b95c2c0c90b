import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { graphqlUploadExpress } from 'graphql-upload-ts';
import type { Context } from '../graphql/context.js';
import { knownOperationTypes } from '../graphql/limits/known-operation-types.js';
import { operationLimitsPlugin } from '../graphql/limits/operation-limits.js';
import { buildSchema } from '../graphql/schema.js';
import type { Services } from '../services.js';
import { credentialFor } from './credential.js';
import { exploration } from './exploration.js';
import { formatError } from './format-error.js';
import { mountFrontDoor } from './front-door.js';
import { jsonErrorHandler } from './http-errors.js';
import { connectionMetrics, createLifecycle, type Lifecycle } from './lifecycle/index.js';
import { multipartGuard, onlyMultipart } from './multipart-guard.js';
import { operationLogReader, requestId } from './operation-log.js';
import { redMetricsReader } from './red-metrics.js';
import { operationSummaryPlugin } from '../telemetry/operation-summary.js';
import { requestContext, stampArrival } from './request-context.js';
import { authMiddleware, buildAuthenticator, callerOf } from '../auth/index.js';
import { corsMiddleware } from './cors.js';
import { chain } from './chain.js';
import { apolloHandler } from './apollo-handler.js';
import { jsonBody } from './json-body.js';
import { directRoute } from './direct-route.js';
import { tracingEnabled } from '../telemetry/tracer.js';

export interface RunningApp {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  lifecycle: Lifecycle;
}

/** Builds the HTTP app: /healthz, POST /graphql (CSRF prevention on), Sandbox in development, JSON errors everywhere. */
export async function createApp(services: Services): Promise<RunningApp> {
  const { config, logger } = services;
  const app = express();
  app.disable('x-powered-by');
  // Express hashes every response body for an ETag, even a POST's, which no client revalidates.
  app.set('etag', false);
  // The listener is set once POST /graphql's handlers exist (directRoute, below).
  const httpServer = http.createServer();
  // Graceful drain (src/server/lifecycle): readiness, and `Connection: close` on every response once draining.
  const lifecycle = createLifecycle(httpServer, services.ready);
  connectionMetrics(services.metrics, lifecycle.connections);
  // Observability: the request id (x-request-id, checked or made) on every request and response.
  app.use(requestId);
  app.get('/readyz', lifecycle.readyz);
  // Redis down degrades the service (a local share of the rate, no shared cache) but never makes it unready.
  if (config.REDIS_URL) lifecycle.readiness.addCheck('redis', () => ({ ready: true, ...services.shared.report() }));
  const explore = exploration(config);
  const auth = buildAuthenticator(config, logger);
  const apollo = new ApolloServer<Context>({
    schema: buildSchema(),
    csrfPrevention: true,
    validationRules: [knownOperationTypes],
    introspection: explore.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(logger),
    // The drain is ours (src/server/lifecycle); Apollo's own SIGTERM handler would stop it mid-drain.
    stopOnTerminationSignals: false,
    plugins: [
      // Observability (src/telemetry, operation-log, red-metrics): the summary, then its readers.
      operationSummaryPlugin([operationLogReader(logger), redMetricsReader(services.metrics)]),
      lifecycle.apolloPlugin,
      { serverWillStart: async () => ({ serverWillStop: async () => auth.close() }) },
      ApolloServerPluginInlineTraceDisabled(),
      // No cache hints in this schema: the plugin would only add work to every field of every response.
      ApolloServerPluginCacheControlDisabled(),
      explore.landingPage,
      operationLimitsPlugin({
        maxDepth: config.MAX_QUERY_DEPTH,
        maxImageFields: config.MAX_PREDICT_FIELDS_PER_OPERATION,
        maxImages: config.MAX_IMAGES_PER_OPERATION,
      }),
    ],
  });
  await apollo.start();

  let ready = false;
  void services.ready.then(() => (ready = true)).catch((err: unknown) => logger.error({ err }, 'a backend failed to start'));
  app.get('/metrics', async (_req, res) => {
    res.type(services.metrics.contentType).send(await services.metrics.metrics());
  });
  app.get('/healthz', (_req, res) => {
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'starting' });
  });
  // Step 10: GraphiQL, the demo page, GET /, and JSON answers to requests Node's parser refuses.
  mountFrontDoor(app, httpServer, explore);

  if (logger.isLevelEnabled('debug')) {
    // Headers as sent: the logger's redaction removes `authorization` (a caller's PAT) from the line.
    app.use((req, _res, next) => {
      logger.debug({ req: { method: req.method, url: req.url, headers: req.headers } }, 'request');
      next();
    });
  }
  const graphql = chain(
    stampArrival,
    corsMiddleware(config),
    multipartGuard(config.MAX_REQUEST_BYTES),
    // Before any body is read, so a refused upload is never spooled.
    authMiddleware(auth.authenticator, logger),
    onlyMultipart(
      graphqlUploadExpress({
        maxFileSize: config.MAX_FILE_BYTES,
        maxFiles: config.MAX_FILES_PER_REQUEST,
        maxFieldSize: config.JSON_BODY_LIMIT_MB * 1024 * 1024,
        // Answer only once the whole body has arrived: files parsed after an early answer (a resolver
        // error) would otherwise be spooled after the cleanup ran and stay on disk (graphql-upload-ts#78).
        // This guards answers sent with res.send (errors); apolloHandler waits for the body itself.
        overrideSendResponse: true,
      }),
    ),
    jsonBody(config.JSON_BODY_LIMIT_MB * 1024 * 1024),
    apolloHandler(apollo, async ({ req, res }) => {
      const caller = callerOf(req);
      const credential = credentialFor(req.headers.authorization, config.ALLOW_CALLER_PAT, config.CLARIFAI_PAT, req.headers['x-clarifai-pat']);
      return { services, caller, request: requestContext(req, res, credential, caller, config) };
    }),
  );
  app.use('/graphql', graphql);
  const onError = jsonErrorHandler(logger);
  app.use(onError);
  const debug = logger.isLevelEnabled('debug');
  // First, as with createServer(app): the connection tracker (createLifecycle) then sees a request after the
  // app has begun it, so a /metrics scrape does not count its own connection as busy.
  httpServer.prependListener(
    'request',
    directRoute(app, {
      method: 'POST',
      path: '/graphql',
      handlers: [requestId, graphql],
      onError,
      // Tracing's express spans and the debug line above need Express's router.
      enabled: () => !debug && !tracingEnabled(),
    }),
  );
  return { httpServer, apollo, lifecycle };
}
