import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ConnectionTracker } from '../../../src/server/lifecycle/connections.js';
import { keepAliveClient } from './keep-alive-client.js';

// Real sockets on loopback: an express app whose /slow answers only when the test says so.
async function serve() {
  const app = express();
  const server = http.createServer(app);
  const tracker = new ConnectionTracker(server);
  const pending: Array<() => void> = [];
  const arrived: Array<() => void> = [];
  app.post('/graphql', (_req, res) => {
    pending.push(() => res.json({ ok: true }));
    arrived.shift()?.();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const nextArrival = () => new Promise<void>((resolve) => arrived.push(resolve));
  return { server, tracker, url, pending, nextArrival };
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe('ConnectionTracker', () => {
  it('tells a request that arrived before the drain to close its connection, and closes idle sockets at stop', async () => {
    const s = await serve();
    cleanup.push(() => s.tracker.destroyAll());
    const busy = keepAliveClient(s.url, 1);
    const idle = keepAliveClient(s.url, 1);
    cleanup.push(
      () => busy.close(),
      () => idle.close(),
    );

    // The idle client's socket: used once, then kept alive.
    let arrival = s.nextArrival();
    const first = idle.post({});
    await arrival;
    s.pending.shift()!();
    expect((await first).connection).toBe('keep-alive');

    arrival = s.nextArrival();
    const inFlight = busy.post({});
    await arrival;
    expect(s.tracker.open).toBe(2);
    expect(s.tracker.busy).toBe(1);

    s.tracker.beginDrain();
    const stopped = s.tracker.stopAccepting();
    // The idle socket is gone at once; the busy one stays until its answer has left.
    await until(() => s.tracker.open === 1);
    expect(s.tracker.busy).toBe(1);
    s.pending.shift()!();
    const answer = await inFlight;
    expect(answer).toMatchObject({ status: 200, connection: 'close', body: { ok: true } });
    await stopped;
    await until(() => s.tracker.open === 0);
    expect(s.server.listening).toBe(false);
  });

  it('adds Connection: close to a request that arrives while draining, and keeps serving until stopAccepting', async () => {
    const s = await serve();
    cleanup.push(
      () => s.tracker.destroyAll(),
      () => void s.server.close(),
    );
    s.tracker.beginDrain();
    const client = keepAliveClient(s.url, 1);
    cleanup.push(() => client.close());
    const arrival = s.nextArrival();
    const reply = client.post({});
    await arrival;
    s.pending.shift()!();
    expect(await reply).toMatchObject({ status: 200, connection: 'close' });
    expect(s.server.listening).toBe(true);
  });
});

async function until(test: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((r) => setImmediate(r));
  }
}
