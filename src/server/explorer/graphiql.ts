import type { Express, Request } from 'express';
import { EXAMPLE_DOCUMENT, EXAMPLE_VARIABLES } from './example-operation.js';
import { graphiqlAssets } from './assets.js';

export const ASSET_PATH = '/explorer/assets';

/** `<` escaped so the JSON cannot close the script element it sits in. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(): string {
  const config = { endpoint: '/graphql', query: EXAMPLE_DOCUMENT, variables: JSON.stringify(EXAMPLE_VARIABLES, null, 2) };
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>GraphiQL · image-predict-graphql</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="${ASSET_PATH}/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script type="application/json" id="explorer-config">${jsonForScript(config)}</script>
  <script src="${ASSET_PATH}/react.production.min.js"></script>
  <script src="${ASSET_PATH}/react-dom.production.min.js"></script>
  <script src="${ASSET_PATH}/graphiql.min.js"></script>
  <script src="${ASSET_PATH}/graphiql-init.js"></script>
</body>
</html>
`;
}

/** A browser navigating to the endpoint, as opposed to a client sending an operation by GET. */
export function wantsPage(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query;
}

/**
 * Self-hosted GraphiQL on GET /graphql: every byte comes from this service, so it works offline.
 * Operations go through the ordinary POST /graphql with content-type application/json, which passes
 * Apollo's CSRF prevention like any JSON client.
 */
export function mountGraphiql(app: Express): void {
  const assets = graphiqlAssets();
  const html = page();
  app.get(`${ASSET_PATH}/:name`, (req, res, next) => {
    const file = assets[req.params.name];
    if (!file) return next();
    res.sendFile(file, { maxAge: '1h' });
  });
  app.get('/graphql', (req, res, next) => {
    if (!wantsPage(req)) return next();
    res.type('html').send(html);
  });
}
