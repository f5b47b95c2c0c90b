import { describe, expect, it } from '@jest/globals';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { AddressInfo } from 'node:net';
import { chain } from '../../src/server/chain.js';

/** An app with `handlers` chained under /x and an error handler that names the error; answers GET /x. */
async function get(...handlers: RequestHandler[]): Promise<string> {
  const app = express();
  app.use('/x', chain(...handlers));
  app.use((_req, res) => res.send('fell through'));
  const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => void res.status(500).send(`error: ${err.message}`);
  app.use(onError);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
    return await res.text();
  } finally {
    server.close();
  }
}

describe('chain', () => {
  const trail: RequestHandler = (req, res, next) => {
    res.locals.trail = `${(res.locals.trail as string | undefined) ?? ''}${req.url}|`;
    next();
  };
  const answer: RequestHandler = (_req, res) => void res.send(`answered after ${res.locals.trail as string}`);

  it('runs its handlers in turn, under the mount path, and the first that answers ends it', async () => {
    expect(await get(trail, trail, answer, () => Promise.reject(new Error('never reached')))).toBe('answered after /|/|');
  });

  it('goes on to the next layer when every handler calls next', async () => {
    expect(await get(trail, trail)).toBe('fell through');
  });

  it('hands a thrown error, a rejected promise and next(err) to the error handlers, skipping the rest', async () => {
    const boom = (): never => {
      throw new Error('thrown');
    };
    expect(await get(trail, boom, answer)).toBe('error: thrown');
    expect(await get(() => Promise.reject(new Error('rejected')), answer)).toBe('error: rejected');
    expect(await get((_req, _res, next) => next(new Error('passed')), answer)).toBe('error: passed');
  });

  it("skips the rest of the chain on next('route')", async () => {
    expect(await get((_req, _res, next) => next('route'), answer)).toBe('fell through');
  });
});
