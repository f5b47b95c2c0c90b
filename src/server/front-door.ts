import type http from 'node:http';
import type { Express } from 'express';
import { answerClientErrors } from './client-errors.js';
import { mountDemo } from './demo/mount.js';
import type { Exploration } from './exploration.js';
import { mountGraphiql } from './explorer/graphiql.js';

/**
 * What a person opening the service in a browser gets: the explorer on /graphql, the demo page, and /
 * leading to one of them; and what a client gets when Node's HTTP parser refuses its request.
 */
export function mountFrontDoor(app: Express, httpServer: http.Server, explore: Exploration): void {
  answerClientErrors(httpServer);
  if (explore.explorer === 'graphiql') mountGraphiql(app);
  if (explore.demo) mountDemo(app);
  const home = explore.explorer !== 'off' ? '/graphql' : explore.demo ? '/demo/' : undefined;
  if (home) app.get('/', (_req, res) => res.redirect(302, home));
}

/** The URLs the start log names, so a newcomer knows where to go. */
export function frontDoorUrls(base: string, explore: Exploration): Record<string, string> {
  return {
    graphql: `${base}/graphql`,
    ...(explore.explorer !== 'off' ? { explorer: `${base}/graphql (${explore.explorer}, in a browser)` } : {}),
    ...(explore.demo ? { demo: `${base}/demo/` } : {}),
    metrics: `${base}/metrics`,
    health: `${base}/healthz`,
  };
}
