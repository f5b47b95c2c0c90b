import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { directRoute } from '../../src/server/direct-route.js';
import { sendJson } from '../../src/util/send-json.js';

/**
 * An app whose first layer marks the request as having gone through Express's router; the direct
 * route's handler answers with what it saw, so each answer tells which road the request took.
 */
let base = '';
let enabled = true;
let server: http.Server;

/** Answers with Node's API alone, as the direct road's requests require; says what it was given. */
const handler: RequestHandler = (req, res, next) => {
  const fail = req.headers['x-fail'];
  if (fail === 'throw') throw new Error('thrown');
  if (fail === 'reject') return Promise.reject(new Error('rejected'));
  if (fail === 'next') return next();
  sendJson(res, 200, {
    via: (req as { viaRouter?: boolean }).viaRouter ? 'router' : 'direct',
    url: req.url,
    helpers: Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response ? 'express' : 'node',
  });
};
const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => void res.status(500).json({ error: err.message });
const app = express();
app.use((req, _res, next) => {
  (req as { viaRouter?: boolean }).viaRouter = true;
  next();
});
app.use('/x', handler);
app.use((_req, res) => void res.status(404).json({ via: 'router', fellThrough: true }));
app.use(onError);

beforeAll(async () => {
  server = http.createServer();
  server.on('request', directRoute(app, { method: 'POST', path: '/x', handlers: [handler], onError, enabled: () => enabled }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function send(method: string, path: string, headers: Record<string, string> = {}) {
  const body = method === 'POST' ? '{}' : undefined;
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('directRoute', () => {
  it("sends the exact method and path, with or without a query, straight to the handler with Node's req/res", async () => {
    expect(await send('POST', '/x')).toEqual({ status: 200, body: { via: 'direct', url: '/x', helpers: 'node' } });
    expect((await send('POST', '/x?y=1')).body).toEqual({ via: 'direct', url: '/x?y=1', helpers: 'node' });
    expect((await send('POST', '/x', { 'content-type': 'Application/JSON; charset=utf-8' })).body).toMatchObject({ helpers: 'node' });
    expect((await send('POST', '/x', { 'content-type': 'text/plain' })).body).toMatchObject({ via: 'direct', helpers: 'node' });
  });

  it("gives a body that may be multipart (an upload) Express's req/res, as graphql-upload-ts expects", async () => {
    expect((await send('POST', '/x', { 'content-type': 'multipart/form-data; boundary=b' })).body).toEqual({
      via: 'direct',
      url: '/x',
      helpers: 'express',
    });
    expect((await send('POST', '/x', { 'content-type': 'Multipart/Form-Data; boundary=b' })).body).toMatchObject({ helpers: 'express' });
  });

  it('leaves every other request to Express, including paths the mount would match as a prefix', async () => {
    expect((await send('GET', '/x')).body).toEqual({ via: 'router', url: '/', helpers: 'express' });
    expect((await send('POST', '/x/')).body).toMatchObject({ via: 'router', url: '/' });
    expect((await send('POST', '/x/deeper')).body).toMatchObject({ via: 'router', url: '/deeper' });
    expect(await send('POST', '/xy')).toEqual({ status: 404, body: { via: 'router', fellThrough: true } });
  });

  it('goes through Express while disabled', async () => {
    enabled = false;
    try {
      expect((await send('POST', '/x')).body).toMatchObject({ via: 'router', url: '/' });
    } finally {
      enabled = true;
    }
  });

  it("hands a thrown error, a rejection and a handler that answered nothing to the error handler, with Express's helpers", async () => {
    // onError answers with res.status().json(), which exists only once the helpers are in place.
    expect(await send('POST', '/x', { 'x-fail': 'throw' })).toEqual({ status: 500, body: { error: 'thrown' } });
    expect(await send('POST', '/x', { 'x-fail': 'reject' })).toEqual({ status: 500, body: { error: 'rejected' } });
    expect(await send('POST', '/x', { 'x-fail': 'next' })).toEqual({ status: 500, body: { error: 'no handler answered POST /x' } });
  });
});
