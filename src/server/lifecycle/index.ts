import type { Server } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { ConnectionTracker } from './connections.js';
import { Readiness } from './readiness.js';
import { createShutdown, type ShutdownParts } from './shutdown.js';
import type { ShutdownSettings } from './shutdown.js';

export { connectionMetrics } from './connection-metrics.js';
export { Readiness, type CheckResult, type ReadinessCheck, type ReadinessReport } from './readiness.js';

/** How long a stop without a drain (a test harness calling apollo.stop()) lets in-flight responses finish. */
const STOP_GRACE_MS = 10_000;

export interface Lifecycle {
  readiness: Readiness;
  connections: ConnectionTracker;
  /** GET /readyz: 200 `{status:"ready"}`, else 503 with `starting`, `draining` or `not_ready`. */
  readyz: RequestHandler;
  /** Closes the HTTP server when Apollo is stopped without a drain, as ApolloServerPluginDrainHttpServer did. */
  apolloPlugin: ApolloServerPlugin<any>;
}

export function createLifecycle(httpServer: Server, started: Promise<void>): Lifecycle {
  const readiness = new Readiness();
  void started.then(
    () => readiness.markStarted(),
    () => undefined,
  ); // the failure is logged where it happens
  const connections = new ConnectionTracker(httpServer);
  return {
    readiness,
    connections,
    readyz: (_req, res) => {
      const report = readiness.report();
      res.status(readiness.httpStatus(report)).json(report);
    },
    apolloPlugin: {
      async serverWillStart() {
        return {
          async serverWillStop() {
            // After a drain the listener is closed already and there is nothing left to do.
            if (!httpServer.listening) return;
            let timer: NodeJS.Timeout | undefined;
            const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)));
            await Promise.race([connections.stopAccepting(), grace]);
            clearTimeout(timer);
            connections.destroyAll();
          },
        };
      },
    },
  };
}

export interface DrainOptions extends Pick<ShutdownParts, 'apollo' | 'services' | 'batcher' | 'logger'> {
  lifecycle: Lifecycle;
  settings: ShutdownSettings;
}

/** Installs the SIGTERM/SIGINT handler that drains the process and exits (0 drained, 1 timed out). */
export function drainOnSignals(options: DrainOptions): void {
  const { lifecycle, ...rest } = options;
  const onSignal = createShutdown({
    ...rest,
    readiness: lifecycle.readiness,
    connections: lifecycle.connections,
    exit: (code) => process.exit(code),
  });
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}
