// A real Chromium (Debian's, driven by playwright-core) loads pages from two loopback origins and calls
// the real service (createApp, unmodified) on a third, with the CORS and auth middleware mounted in
// front the way app.ts will mount them. Proves what a browser does with our answers, not what we think.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express, { type RequestHandler } from 'express';
import type { BrowserContext } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/browser.js';
import { ApiKeyStore, authMiddleware, createAuthenticator } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type RunningApp } from '../../src/server/app.js';
import { corsMiddleware, parseCorsSettings } from '../../src/server/cors.js';
import { createServices, type Services } from '../../src/services.js';
import { expectedConceptsFor, startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { makePng } from '../support/images.js';
import { listen, type Listening } from '../auth/support.js';

// The page's DOM, for the code that runs in Chromium (this project compiles without the DOM lib).
declare const document: { getElementById(id: string): { textContent: string | null } | null };

const MODEL = 'general-image-recognition';
const KEY = 'ipk_browser-test-key';
const run = existsSync(CHROMIUM) ? describe : describe.skip;
const seen: Array<{ method: string; origin?: string; requestHeaders?: string }> = [];

let fake: FakeClarifai;
let services: Services;
let app: RunningApp;
let api: Listening;
let allowedPage: Listening;
let otherPage: Listening;
let context: BrowserContext;
let browser: Awaited<ReturnType<typeof launchChromium>>;

const pageServer = () =>
  createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>cors</title><body><h1>CORS page</h1><pre id="out"></pre></body>'),
  );

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['server-pat-123'] });
  allowedPage = await listen(pageServer());
  otherPage = await listen(pageServer());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    LOCAL_MODELS: 'false',
    CLARIFAI_PAT: 'server-pat-123',
    CLARIFAI_API_BASE: fake.url,
  });
  services = createServices(config, createLogger('silent'));
  app = await createApp(services);
  // The service's own server listens too (unused) so that apollo.stop() can drain it as usual.
  await new Promise<void>((r) => app.httpServer.listen(0, '127.0.0.1', r));
  const front = express();
  front.use((req, _res, next) => {
    seen.push({ method: req.method, origin: req.headers.origin, requestHeaders: req.headers['access-control-request-headers'] });
    next();
  });
  // CORS_MAX_AGE_S=0: every request preflights, so the multipart one is seen to, whatever came before.
  front.use('/graphql', corsMiddleware(parseCorsSettings({ NODE_ENV: 'production', CORS_ORIGINS: allowedPage.url, CORS_MAX_AGE_S: '0' })));
  const apiKeys = ApiKeyStore.fromEntries([{ id: 'browser', sha256: createHash('sha256').update(KEY).digest('hex') }]);
  front.use('/graphql', authMiddleware(createAuthenticator({ methods: ['api-key'], apiKeys })));
  front.use(app.httpServer.listeners('request')[0] as unknown as RequestHandler);
  // Another loopback address: a different origin from both pages, on the same machine.
  api = await listen(createServer(front), '127.0.0.2');

  browser = await launchChromium();
  context = browser.context;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await app?.apollo.stop();
  await services?.close();
  await Promise.all([allowedPage?.close(), otherPage?.close(), fake?.close()]);
});

const QUERY = 'query ($images: [ImageInput!]!, $modelId: ID!) { predict(images: $images, modelId: $modelId) { input { sha256 } concepts { id } } }';

run('CORS in Chromium', () => {
  it('an allowed page calls the API with JSON and with a multipart upload; a 401 is readable; another page is refused', async () => {
    const png = await makePng(42);
    const page = await context.newPage();
    await page.goto(`${allowedPage.url}/`);
    const results = await page.evaluate(
      async ({ api, key, query, model, b64 }) => {
        const out: Record<string, unknown> = {};
        const json = await fetch(`${api}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({ query, variables: { images: [{ base64: b64 }], modelId: model } }),
        });
        out.json = { status: json.status, body: await json.json() };
        const form = new FormData();
        form.append('operations', JSON.stringify({ query, variables: { images: [{ file: null }], modelId: model } }));
        form.append('map', JSON.stringify({ 0: ['variables.images.0.file'] }));
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        form.append('0', new Blob([bytes], { type: 'image/png' }), 'photo.png');
        const multipart = await fetch(`${api}/graphql`, {
          method: 'POST',
          headers: { 'Apollo-Require-Preflight': 'true', 'x-api-key': key },
          body: form,
        });
        out.multipart = { status: multipart.status, body: await multipart.json() };
        const noKey = await fetch(`${api}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        out.noKey = { status: noKey.status, www: noKey.headers.get('www-authenticate'), body: await noKey.json() };
        const summary = (r: unknown) => JSON.stringify(r).slice(0, 160);
        document.getElementById('out')!.textContent = Object.entries(out)
          .map(([k, v]) => `${k}: ${summary(v)}`)
          .join('\n');
        return out;
      },
      { api: api.url, key: KEY, query: QUERY, model: MODEL, b64: png.toString('base64') },
    );
    const sha = createHash('sha256').update(png).digest('hex');
    const expected = {
      data: { predict: [{ input: { sha256: sha }, concepts: expectedConceptsFor({ bytes: png }, MODEL).map((c) => ({ id: c.id })) }] },
    };
    expect(results.json).toEqual({ status: 200, body: expected });
    expect(results.multipart).toEqual({ status: 200, body: expected });
    expect(results.noKey).toMatchObject({
      status: 401,
      www: 'ApiKey realm="image-predict", header="x-api-key"',
      body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    const preflights = seen.filter((s) => s.method === 'OPTIONS' && s.origin === allowedPage.url);
    expect(preflights.some((p) => p.requestHeaders?.split(',').includes('apollo-require-preflight'))).toBe(true);
    expect(preflights.some((p) => p.requestHeaders?.split(',').sort().join(',') === 'content-type,x-api-key')).toBe(true);

    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/cors-browser-allowed.png' });

    const other = await context.newPage();
    await other.goto(`${otherPage.url}/`);
    const refused = await other.evaluate(
      async ({ api, key }) => {
        try {
          await fetch(`${api}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': key },
            body: '{"query":"{ __typename }"}',
          });
          return 'fetched';
        } catch (err) {
          document.getElementById('out')!.textContent = `refused: ${String(err)}`;
          return `refused: ${String(err)}`;
        }
      },
      { api: api.url, key: KEY },
    );
    expect(refused).toBe('refused: TypeError: Failed to fetch');
    await other.screenshot({ path: 'test-artifacts/cors-browser-refused.png' });
    // Its preflight got no CORS headers, so Chromium never sent the POST itself.
    expect(seen.filter((s) => s.origin === otherPage.url).map((s) => s.method)).toEqual(['OPTIONS']);
  });
});
