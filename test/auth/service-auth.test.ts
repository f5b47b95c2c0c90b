// The real service in each AUTH_MODE, with CORS, through test/support/service.ts: start-up checks, refusals
// before anything is read or sent upstream, model permissions, caller PATs beside a JWT, secrets kept out
// of the logs, and Chromium calling it from another origin.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { launchChromium } from '../support/browser.js';
import { loadConfig } from '../../src/config/config.js';
import { startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { makePng } from '../support/images.js';
import { curlUpload, spooledFiles } from '../support/multipart.js';
import { PREDICT, postGraphQL, startService, type RunningService } from '../support/service.js';
import { AUDIENCE, ISSUER, jwksServer, listen, signingKey, token, type SigningKey } from './support.js';

declare const document: { getElementById(id: string): { textContent: string | null } | null };

const MODEL = 'general-image-recognition';
const KEY_A = 'ipk_service-test-team-a';
const KEY_B = 'ipk_service-test-team-b-limited';
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'service-auth-'));
const keysFile = join(dir, 'keys.json');
writeFileSync(
  keysFile,
  JSON.stringify([
    { id: 'team-a', sha256: sha(KEY_A) },
    { id: 'team-b', sha256: sha(KEY_B), models: ['other-model'] },
  ]),
);

let fake: FakeClarifai;
let key: SigningKey;
let jwks: Awaited<ReturnType<typeof jwksServer>>;
let png: Buffer;
const predictCalls = () => fake.calls.filter((c) => c.path.endsWith('/outputs'));
const images = () => [{ base64: png.toString('base64') }];
const baseEnv = () => ({ CLARIFAI_PAT: 'server-pat-123', CLARIFAI_API_BASE: fake.url, ALLOW_CALLER_PAT: 'true' });
const jwtEnv = () => ({ JWT_JWKS_URL: jwks.jwksUrl, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: ['server-pat-123', 'caller-pat-456'] });
  key = await signingKey('k1');
  jwks = await jwksServer([key]);
  png = await makePng(7);
});
afterAll(async () => {
  await fake.close();
  await jwks.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => fake.reset());

describe('the service with authentication and CORS wired in', () => {
  it('refuses to start in production with a Clarifai PAT and no AUTH_MODE, saying what to set', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', CLARIFAI_PAT: 'server-pat-123' })).toThrow(/AUTH_MODE is not set/);
    expect(() => loadConfig({ NODE_ENV: 'production', CLARIFAI_PAT: 'server-pat-123', AUTH_MODE: 'none' })).not.toThrow();
  });

  describe('AUTH_MODE=api-key', () => {
    let svc: RunningService;
    let logs = '';
    beforeAll(async () => {
      const sink = new Writable({
        write(c, _e, cb) {
          logs += String(c);
          cb();
        },
      });
      svc = await startService({ ...baseEnv(), AUTH_MODE: 'api-key', API_KEYS_FILE: keysFile, LOG_LEVEL: 'debug' }, { logDestination: sink });
    });
    afterAll(() => svc.close());

    it('answers 401 UNAUTHENTICATED to a missing or wrong key, nothing upstream', async () => {
      for (const headers of [{}, { 'x-api-key': 'ipk_wrong' }] as Array<Record<string, string>>) {
        const res = await postGraphQL(svc.url, PREDICT, { images: images(), modelId: MODEL }, headers);
        expect(res.status).toBe(401);
        expect(res.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
      }
      expect(predictCalls()).toHaveLength(0);
    });

    it('predicts for a valid key, with the server PAT or the caller PAT beside it', async () => {
      expect((await postGraphQL(svc.url, PREDICT, { images: images(), modelId: MODEL }, { 'x-api-key': KEY_A })).body.errors).toBeUndefined();
      const own = await postGraphQL(
        svc.url,
        PREDICT,
        { images: images(), modelId: MODEL },
        { 'x-api-key': KEY_A, authorization: 'Key caller-pat-456' },
      );
      expect(own.body.errors).toBeUndefined();
      expect(predictCalls().map((c) => c.pat)).toEqual(['server-pat-123', 'caller-pat-456']);
    });

    it("answers 403 FORBIDDEN for a model outside the key's list, before any image is read", async () => {
      const res = await postGraphQL(svc.url, PREDICT, { images: images(), modelId: MODEL }, { 'x-api-key': KEY_B });
      expect(res.status).toBe(403);
      expect(res.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      expect(predictCalls()).toHaveLength(0);
    });

    it('refuses an unauthenticated upload before spooling it', async () => {
      const before = new Set(spooledFiles(tmpdir()));
      const file = join(dir, 'big.bin');
      writeFileSync(file, Buffer.alloc(2_000_000, 1));
      const res = await curlUpload(svc.url, { query: PREDICT, variables: { images: [{ file: null }], modelId: MODEL } }, { 0: file }, [
        'Apollo-Require-Preflight: true',
        'x-api-key: ipk_wrong',
      ]);
      expect(res.status).toBe(401);
      expect(spooledFiles(tmpdir()).filter((f) => !before.has(f))).toEqual([]);
    });

    it('never logs a key or a PAT, even at debug level', () => {
      for (const secret of [KEY_A, KEY_B, 'ipk_wrong', 'caller-pat-456', 'server-pat-123']) expect(logs).not.toContain(secret);
    });
  });

  describe('AUTH_MODE=jwt', () => {
    let svc: RunningService;
    beforeAll(async () => {
      svc = await startService({ ...baseEnv(), AUTH_MODE: 'jwt', ...jwtEnv() });
    });
    afterAll(() => svc.close());

    it('predicts with a valid token; an expired one gets the same 401 as none; models claim enforced', async () => {
      const ok = await postGraphQL(svc.url, PREDICT, { images: images(), modelId: MODEL }, { authorization: `Bearer ${await token(key)}` });
      expect(ok.body.errors).toBeUndefined();
      const expired = await postGraphQL(
        svc.url,
        PREDICT,
        { images: images(), modelId: MODEL },
        { authorization: `Bearer ${await token(key, {}, { exp: Math.floor(Date.now() / 1000) - 60 })}` },
      );
      const none = await postGraphQL(svc.url, PREDICT, { images: images(), modelId: MODEL });
      expect([expired.status, none.status]).toEqual([401, 401]);
      expect(expired.body).toEqual(none.body);
      const limited = await postGraphQL(
        svc.url,
        PREDICT,
        { images: images(), modelId: MODEL },
        { authorization: `Bearer ${await token(key, { models: ['other-model'] })}` },
      );
      expect(limited.status).toBe(403);
      expect(predictCalls()).toHaveLength(1);
    });

    it('takes a caller PAT from x-clarifai-pat while Authorization holds the token (proposed rule)', async () => {
      const res = await postGraphQL(
        svc.url,
        PREDICT,
        { images: images(), modelId: MODEL },
        { authorization: `Bearer ${await token(key)}`, 'x-clarifai-pat': 'caller-pat-456' },
      );
      expect(res.body.errors).toBeUndefined();
      expect(predictCalls().map((c) => c.pat)).toEqual(['caller-pat-456']);
    });
  });

  it('AUTH_MODE=api-key,jwt accepts either; AUTH_MODE=none (or unset outside production) lets anyone in', async () => {
    const both = await startService({ ...baseEnv(), AUTH_MODE: 'api-key,jwt', API_KEYS_FILE: keysFile, ...jwtEnv() });
    try {
      expect((await postGraphQL(both.url, '{ __typename }', {}, { 'x-api-key': KEY_A })).status).toBe(200);
      expect((await postGraphQL(both.url, '{ __typename }', {}, { authorization: `Bearer ${await token(key)}` })).status).toBe(200);
      expect((await postGraphQL(both.url, '{ __typename }')).status).toBe(401);
    } finally {
      await both.close();
    }
    const open = await startService({ ...baseEnv(), AUTH_MODE: 'none' });
    try {
      expect((await postGraphQL(open.url, PREDICT, { images: images(), modelId: MODEL })).body.errors).toBeUndefined();
    } finally {
      await open.close();
    }
  });

  it("answers Apollo Studio's preflight in development (it got a 400 CSRF error before)", async () => {
    const svc = await startService({ ...baseEnv(), NODE_ENV: 'development' });
    try {
      const { port } = new URL(svc.url);
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/graphql',
            method: 'OPTIONS',
            headers: {
              origin: 'https://studio.apollographql.com',
              'access-control-request-method': 'POST',
              'access-control-request-headers': 'content-type,x-api-key',
            },
          },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode, ...res.headers });
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(headers).toMatchObject({ status: 204, 'access-control-allow-origin': 'https://studio.apollographql.com' });
    } finally {
      await svc.close();
    }
  });

  (existsSync('/usr/bin/chromium') ? it : it.skip)(
    'a page on an allowed origin calls the service in Chromium with JSON and an upload; another origin is refused',
    async () => {
      const page = await listen(createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<pre id="out"></pre>')));
      const stranger = await listen(createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<pre id="out"></pre>')));
      const svc = await startService({ ...baseEnv(), AUTH_MODE: 'api-key', API_KEYS_FILE: keysFile, CORS_ORIGINS: page.url });
      const launched = await launchChromium();
      const browser = launched.context;
      try {
        const tab = await browser.newPage();
        await tab.goto(page.url);
        // The service listens on 127.0.0.1 and the page is 127.0.0.1 too, on another port: another origin.
        const out = await tab.evaluate(
          async ({ api, key, query, model, b64 }) => {
            const json = await fetch(`${api}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-api-key': key },
              body: JSON.stringify({ query, variables: { images: [{ base64: b64 }], modelId: model } }),
            });
            const form = new FormData();
            form.append('operations', JSON.stringify({ query, variables: { images: [{ file: null }], modelId: model } }));
            form.append('map', JSON.stringify({ 0: ['variables.images.0.file'] }));
            form.append('0', new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }), 'p.png');
            const upload = await fetch(`${api}/graphql`, {
              method: 'POST',
              headers: { 'Apollo-Require-Preflight': 'true', 'x-api-key': key },
              body: form,
            });
            const result = { json: json.status, upload: upload.status, uploadErrors: ((await upload.json()) as { errors?: unknown }).errors ?? null };
            document.getElementById('out')!.textContent = JSON.stringify(result);
            return result;
          },
          { api: svc.url, key: KEY_A, query: PREDICT, model: MODEL, b64: png.toString('base64') },
        );
        expect(out).toEqual({ json: 200, upload: 200, uploadErrors: null });
        mkdirSync('test-artifacts', { recursive: true });
        await tab.screenshot({ path: 'test-artifacts/service-cors-allowed.png' });
        const other = await browser.newPage();
        await other.goto(stranger.url);
        const refused = await other.evaluate(
          async ({ api }) =>
            fetch(`${api}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }).then(
              () => 'fetched',
              (e: unknown) => String(e),
            ),
          { api: svc.url },
        );
        expect(refused).toBe('TypeError: Failed to fetch');
      } finally {
        await launched.close();
        await svc.close();
        await Promise.all([page.close(), stranger.close()]);
      }
    },
  );
});
