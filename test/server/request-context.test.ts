import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { ANONYMOUS } from '../../src/auth/caller.js';
import type { RequestContext } from '../../src/prediction/request-context.js';
import { requestContext } from '../../src/server/request-context.js';

const SETTINGS = { REQUEST_TIMEOUT_MS: 60_000 };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/**
 * A real server whose handler makes the request's context only once `ready()` says so (as the service does
 * after reading the body and running GraphQL's first steps), and a client that sends a whole request.
 */
async function serve(
  ready: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<{ port: number; contexts: Promise<RequestContext> }> {
  let made!: (ctx: RequestContext) => void;
  const contexts = new Promise<RequestContext>((resolve) => (made = resolve));
  const server = createServer((req, res) => {
    void ready(req, res).then(() => made(requestContext(req as Request, res as Response, undefined, ANONYMOUS, SETTINGS)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, contexts };
}

function sendAndHangUp(port: number): void {
  const socket = connect(port, '127.0.0.1', () => {
    socket.end('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    socket.destroy();
  });
  socket.on('error', () => undefined);
}

describe('requestContext', () => {
  it('cancels an operation whose client hung up before its context was made', async () => {
    // The close is read before the context exists: a listener added afterwards never hears it, and the
    // operation's images would wait in the queue and go upstream for nobody.
    const { port, contexts } = await serve((_req, res) => new Promise((resolve) => res.once('close', () => setImmediate(resolve))));
    sendAndHangUp(port);
    const ctx = await contexts;
    expect(ctx.signal.aborted).toBe(true);
    expect(String((ctx.signal.reason as Error).message)).toMatch(/went away/);
  });

  it('cancels when the client hangs up after its context was made, and not once the answer has been sent', async () => {
    const waiting = await serve(async () => undefined);
    const client = connect(waiting.port, '127.0.0.1', () =>
      client.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}'),
    );
    const ctx = await waiting.contexts;
    expect(ctx.signal.aborted).toBe(false);
    const aborted = new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
    client.destroy();
    await aborted;
    expect((ctx.signal.reason as Error).message).toMatch(/went away/);
    await close?.();

    let resClosed!: Promise<unknown>;
    const answered = await serve(async (_req, res) => {
      resClosed = new Promise((resolve) => res.once('close', resolve));
      res.end('ok');
    });
    const socket = connect(answered.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    const ok = await answered.contexts;
    socket.destroy();
    await resClosed;
    expect(ok.signal.aborted).toBe(false);
  });
});
