import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type RunningService } from '../support/service.js';

// A refused multipart request must reach its caller as JSON, with Node's fetch too (undici fails with
// EPIPE / "fetch failed" when the server closes while the body is still being sent).
const MB = 1024 * 1024;
const BOUNDARY = 'refusal-boundary-7f3a';
let svc: RunningService;

beforeAll(async () => {
  svc = await startService({ MAX_REQUEST_BYTES: String(256 * 1024) });
});
afterAll(async () => {
  await svc?.close();
});

/** A well-formed multipart upload whose file part is `fileBytes` long. */
function multipartBody(fileBytes: number): Buffer {
  const operations = JSON.stringify({
    query: 'query ($images: [ImageInput!]!) { predict(images: $images, modelId: "general-image-recognition") { concepts { name } } }',
    variables: { images: [{ file: null }] },
  });
  const head = [
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n`,
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.images.0.file"]}\r\n`,
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  ].join('');
  return Buffer.concat([Buffer.from(head), Buffer.alloc(fileBytes, 0x5a), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}

async function send(headers: Record<string, string>, body: Buffer, to = svc) {
  const res = await fetch(`${to.url}/graphql`, { method: 'POST', headers, body });
  return {
    status: res.status,
    connection: res.headers.get('connection'),
    challenge: res.headers.get('www-authenticate'),
    body: (await res.json()) as { errors: Array<{ extensions: { code: string } }> },
  };
}

const multipart = `multipart/form-data; boundary=${BOUNDARY}`;

describe('multipart refusals read by Node fetch, with a 1 MB body', () => {
  it.each([
    ['no preflight header', { 'content-type': multipart }, 400, 'CSRF_PREFLIGHT_REQUIRED'],
    ['a declared size over MAX_REQUEST_BYTES', { 'content-type': multipart, 'apollo-require-preflight': 'true' }, 413, 'PAYLOAD_TOO_LARGE'],
    ['no boundary', { 'content-type': 'multipart/form-data', 'apollo-require-preflight': 'true' }, 400, 'MALFORMED_MULTIPART'],
  ])('%s: the caller gets the status and the JSON code, and the connection stays usable', async (_name, headers, status, code) => {
    const reply = await send(headers, multipartBody(MB));
    expect(reply.status).toBe(status);
    expect(reply.body.errors[0]!.extensions.code).toBe(code);
    // The whole body was read, so the connection need not close.
    expect(reply.connection).not.toBe('close');
    const after = await fetch(`${svc.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(await after.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers a body over the 16 MB discard bound at once, with Connection: close', async () => {
    const reply = await send({ 'content-type': multipart }, multipartBody(40 * MB));
    expect(reply.status).toBe(400);
    expect(reply.connection).toBe('close');
    expect(reply.body.errors[0]!.extensions.code).toBe('CSRF_PREFLIGHT_REQUIRED');
  });
});

describe('an authentication refusal of an upload, read by Node fetch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refusal-keys-'));
  let guarded: RunningService;
  beforeAll(async () => {
    const keys = join(dir, 'keys.json');
    writeFileSync(keys, JSON.stringify([{ id: 'team-a', sha256: createHash('sha256').update('ipk_refusal-test').digest('hex') }]));
    guarded = await startService({ AUTH_MODE: 'api-key', API_KEYS_FILE: keys });
  });
  afterAll(async () => {
    await guarded?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Answered before the body has arrived, the 401 was lost to a reset whenever the client was still
  // sending (curl: "Broken pipe" on a loaded machine); it now waits for the body, as the guard's refusals do.
  it.each([
    ['no key', {}],
    ['a wrong key', { 'x-api-key': 'ipk_wrong' }],
  ])('%s: a 1 MB upload gets its 401 and challenge, and the connection stays usable', async (_name, auth) => {
    const reply = await send({ 'content-type': multipart, 'apollo-require-preflight': 'true', ...auth }, multipartBody(MB), guarded);
    expect(reply.status).toBe(401);
    expect(reply.body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(reply.challenge).toMatch(/ApiKey/i);
    expect(reply.connection).not.toBe('close');
    const after = await fetch(`${guarded.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'ipk_refusal-test' },
      body: '{"query":"{ __typename }"}',
    });
    expect(await after.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
