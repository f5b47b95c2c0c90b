import { createServer, IncomingMessage, request, ServerResponse, type IncomingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { CORS_ALLOWED_HEADERS, corsMiddleware, parseCorsSettings, varyOrigin } from '../../src/server/cors.js';
import { listen, type Listening } from '../auth/support.js';

const STUDIO = 'https://studio.apollographql.com';
const servers: Listening[] = [];
const reached: string[] = [];

async function serve(env: Record<string, string>): Promise<string> {
  const app = express();
  app.use('/graphql', corsMiddleware(parseCorsSettings(env)), (req, res) => {
    reached.push(req.method);
    res.json({ ok: true });
  });
  const l = await listen(createServer(app));
  servers.push(l);
  return l.url;
}

function send(url: string, method: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/graphql`, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}
const preflight = (url: string, origin: string) =>
  send(url, 'OPTIONS', {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'content-type,apollo-require-preflight,x-api-key',
  });

let dev: string, prod: string, listed: string;
beforeAll(async () => {
  dev = await serve({ NODE_ENV: 'development' });
  prod = await serve({ NODE_ENV: 'production' });
  listed = await serve({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com, http://127.0.0.1:5173', CORS_MAX_AGE_S: '120' });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('CORS', () => {
  it("development: Studio's and loopback pages get a full preflight answer", async () => {
    for (const origin of [STUDIO, 'http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:4000']) {
      const res = await preflight(dev, origin);
      expect([origin, res.status]).toEqual([origin, 204]);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(res.headers['access-control-allow-methods']).toBe('GET,POST,OPTIONS');
      expect(res.headers['access-control-allow-headers']!.split(',')).toEqual(CORS_ALLOWED_HEADERS);
      expect(res.headers['access-control-max-age']).toBe('600');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers.vary).toContain('Origin');
    }
    for (const h of [
      'content-type',
      'apollo-require-preflight',
      'x-apollo-operation-name',
      'apollographql-client-name',
      'apollographql-client-version',
      'x-api-key',
      'authorization',
      'x-request-timeout-ms',
    ]) {
      expect(CORS_ALLOWED_HEADERS).toContain(h);
    }
    expect(reached).toEqual([]); // preflights never reach what is behind
  });

  it('an actual request from an allowed origin gets the origin and the exposed headers', async () => {
    const res = await send(dev, 'POST', { origin: 'http://localhost:3000' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(res.headers['access-control-expose-headers']).toBe('retry-after,www-authenticate');
    expect(res.headers.vary).toContain('Origin');
  });

  it('other origins get no CORS headers at all (the browser blocks them); nothing is refused server-side', async () => {
    for (const [url, origin] of [
      [dev, 'https://evil.example'],
      [dev, 'null'],
      [dev, 'http://localhost.evil.example:3000'],
      [prod, STUDIO],
      [prod, 'http://localhost:3000'],
      [listed, 'http://127.0.0.1:5174'],
      [listed, 'https://app.example.com.evil'],
    ] as const) {
      const pre = await preflight(url, origin);
      expect([origin, pre.status]).toEqual([origin, 204]);
      expect(Object.keys(pre.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      expect(pre.headers.vary).toContain('Origin');
      const actual = await send(url, 'POST', { origin });
      expect(actual.status).toBe(200);
      expect(actual.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('CORS_ORIGINS: exactly the listed origins, with its max age; credentials only when asked for', async () => {
    const res = await preflight(listed, 'http://127.0.0.1:5173');
    expect(res.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    expect(res.headers['access-control-max-age']).toBe('120');
    const withCreds = await serve({ CORS_ORIGINS: 'https://app.example.com', CORS_ALLOW_CREDENTIALS: 'true' });
    expect((await preflight(withCreds, 'https://app.example.com')).headers['access-control-allow-credentials']).toBe('true');
    const none = await serve({ NODE_ENV: 'development', CORS_ORIGINS: 'none' });
    expect((await preflight(none, STUDIO)).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses CORS_ORIGINS entries that are not exact origins', () => {
    for (const bad of [
      'https://app.example.com/',
      'https://app.example.com/path',
      '*',
      'app.example.com',
      'https://APP.example.com',
      'https://a.example, *',
    ]) {
      expect(() => parseCorsSettings({ CORS_ORIGINS: bad })).toThrow(/scheme:\/\/host\[:port\]/);
    }
  });

  it("adds Origin to a Vary header already there, once, as res.vary would, with Node's response API alone", () => {
    const varied = (before?: string | string[]) => {
      const res = new ServerResponse(new IncomingMessage(new Socket()));
      if (before !== undefined) res.setHeader('Vary', before);
      varyOrigin(res);
      return res.getHeader('vary');
    };
    expect(varied()).toBe('Origin');
    expect(varied('Accept-Encoding')).toBe('Accept-Encoding, Origin');
    expect(varied(['Accept', 'Accept-Encoding'])).toBe('Accept, Accept-Encoding, Origin');
    expect(varied('accept, origin')).toBe('accept, origin');
    expect(varied('*')).toBe('*');
  });
});
