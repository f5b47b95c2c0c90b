import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startService, type RunningService } from '../support/service.js';

let svc: RunningService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.close();
});

/** Writes raw bytes, reads until the server closes; an ECONNRESET rejects (what Node 24's own answer gave). */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(Number(new URL(svc.url).port), '127.0.0.1');
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', reject);
    s.on('end', () => s.end());
    s.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.write(bytes);
  });
}

it(`a 100 KB header gets a JSON 431, not a connection reset (Node ${process.version})`, async () => {
  const reply = await raw(`POST /graphql HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\nContent-Length: 2\r\n\r\n{}`);
  expect(reply).toMatch(/^HTTP\/1\.1 431 /);
  const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4));
  expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
});

it('a malformed request line gets a JSON 400', async () => {
  const reply = await raw('NOT HTTP AT ALL\r\n\r\n');
  expect(reply).toMatch(/^HTTP\/1\.1 400 /);
  expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)).errors[0].extensions.code).toBe('BAD_USER_INPUT');
});

it('the service still answers afterwards', async () => {
  expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
});
