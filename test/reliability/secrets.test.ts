import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startFakeClarifai, type FakeClarifai } from '../support/fake-clarifai/index.js';
import { makePng } from '../support/images.js';
import { multipartBody } from '../support/multipart.js';
import { PREDICT, startService, type RunningService } from '../support/service.js';

// The PATs in play, and parts of them, must appear nowhere: not in a log line (at debug level, where the
// service says the most), not in a response body, not in a response header.
const SERVER_PAT = 'srv-PAT-7f3a9c2e1b4d';
const CALLER_PAT = 'caller-PAT-5d8e2a7c4f6b';
const WRONG_PAT = 'wrong-PAT-9b1c3e5d7a2f';
// Sent in the headers an API-key or PAT-header auth would read: the request debug line logs all headers.
const API_KEY = 'apikey-3e9d1f7b5c2a';
const HEADER_PAT = 'header-PAT-8c4e6a2d9f1b';
const SECRETS = [SERVER_PAT, CALLER_PAT, WRONG_PAT, API_KEY, HEADER_PAT];
const MODEL = 'general-image-recognition';

const logs: string[] = [];
const seen: string[] = [];
let fake: FakeClarifai;
let svc: RunningService;

beforeAll(async () => {
  fake = await startFakeClarifai({ pats: [SERVER_PAT, CALLER_PAT] });
  const capture = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  svc = await startService(
    {
      CLARIFAI_PAT: SERVER_PAT,
      CLARIFAI_API_BASE: fake.url,
      ALLOW_CALLER_PAT: 'true',
      LOG_LEVEL: 'debug',
      UPSTREAM_TIMEOUT_MS: '300',
      UPSTREAM_MAX_RETRIES: '1',
      UPSTREAM_RETRY_BASE_MS: '5',
      UPSTREAM_RETRY_MAX_MS: '20',
    },
    { logDestination: capture },
  );
});
afterAll(async () => {
  await svc.close();
  await fake.close();
});

/** Sends a request and keeps everything that came back: status line, every header, the body. */
async function send(init: RequestInit & { path?: string }): Promise<number> {
  const res = await fetch(`${svc.url}${init.path ?? '/graphql'}`, { method: 'POST', ...init });
  const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
  seen.push(`${res.status}\n${headers}\n${await res.text()}`);
  return res.status;
}
const predict = (images: unknown[], headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
  send({
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: PREDICT, variables: { images, modelId: MODEL, ...extra } }),
  });
const url = (tag: string) => [{ url: `https://img.example/secrets/${tag}.jpg` }];

it('runs representative traffic: server and caller PATs, auth failures, upstream faults, bad input', async () => {
  await predict(url('server'));
  await predict(url('caller'), { authorization: `Key ${CALLER_PAT}` });
  await predict(url('lowercase-scheme'), { authorization: `key ${CALLER_PAT}` });
  await predict(url('wrong'), { authorization: `Key ${WRONG_PAT}` }); // Clarifai: 11009 key not found
  await predict(url('malformed'), { authorization: `Key ${CALLER_PAT} and more` }); // INVALID_CREDENTIAL_HEADER
  await predict(url('bearer'), { authorization: `Bearer ${CALLER_PAT}` }); // not ours: the server's PAT is used
  fake.inject({ type: 'status', code: 11008, httpStatus: 401 });
  await predict(url('revoked'));
  fake.inject({ type: 'http5xx', status: 502, html: true }, { type: 'http5xx', status: 502, html: true });
  await predict(url('5xx'), { authorization: `Key ${CALLER_PAT}` });
  fake.inject({ type: 'timeout' }, { type: 'reset' });
  await predict(url('timeout'));
  fake.inject({ type: 'malformed' }, { type: 'throttle', retryAfterSeconds: 1 });
  await predict(url('malformed-body'));
  fake.inject({ type: 'mixed', failIndexes: [0], code: 30002 });
  await predict([...url('mixed'), { base64: (await makePng(1)).toString('base64') }], { authorization: `Key ${CALLER_PAT}` });
  await predict([{ url: `https://user:${CALLER_PAT}@img.example/x.jpg` }, { base64: `${SERVER_PAT}!` }]);
  await predict(url('options'), {}, { modelId: 'does-not-exist', options: { maxConcepts: 0 } });
  await send({ headers: { 'content-type': 'application/json', authorization: `Key ${CALLER_PAT}` }, body: '{"query":' });
  await send({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ ${SERVER_PAT} }` }) });
  const multipart = multipartBody([
    { name: 'operations', value: JSON.stringify({ query: PREDICT, variables: { images: [{ file: null }], modelId: MODEL } }) },
    { name: 'map', value: '{"0":["variables.images.0.file"]}' },
    { name: '0', value: await makePng(2), filename: 'a.png' },
  ]);
  const mp = { 'content-type': 'multipart/form-data; boundary=x-boundary-42', authorization: `Key ${CALLER_PAT}` };
  await send({ headers: { ...mp, 'apollo-require-preflight': 'true' }, body: multipart });
  await send({ headers: mp, body: multipart }); // CSRF refusal
  await send({ method: 'GET', path: '/healthz', headers: { authorization: `Key ${CALLER_PAT}` } });
  await predict(url('api-key-header'), { 'x-api-key': API_KEY, 'x-clarifai-pat': HEADER_PAT, 'x-request-id': 'secrets-req-1' });

  // The traffic did what it should, so the scan below looks at real failures, not at nothing.
  const codes = seen.join('\n');
  for (const code of [
    'UPSTREAM_UNAUTHENTICATED',
    'INVALID_CREDENTIAL_HEADER',
    'UPSTREAM_UNAVAILABLE',
    'IMAGE_DOWNLOAD_FAILED',
    'INVALID_URL',
    'CSRF_PREFLIGHT_REQUIRED',
  ]) {
    expect(codes).toContain(code);
  }
  expect(fake.calls.map((c) => c.pat)).toEqual(expect.arrayContaining([SERVER_PAT, CALLER_PAT, WRONG_PAT]));
});

it('logged at debug level (requests with their headers, every upstream attempt), with the credentials redacted', () => {
  const text = logs.join('');
  expect(text).toContain('"msg":"request"');
  expect(text).toContain('"msg":"clarifai call"');
  expect(text).toContain('"authorization":"[redacted]"');
  expect(text).toContain('"x-api-key":"[redacted]"');
  expect(text).toContain('"x-clarifai-pat":"[redacted]"');
  // The per-operation lines are among those scanned below, including operations that failed upstream.
  expect(text).toContain('"msg":"operation"');
  expect(text).toContain('"requestId":"secrets-req-1"');
  expect(text).toMatch(/"msg":"operation".*"UPSTREAM_UNAUTHENTICATED"|"UPSTREAM_UNAUTHENTICATED".*"msg":"operation"/);
});

it.each(SECRETS)('%s appears in no log line, response body or header', (secret) => {
  const everything = [...logs, ...seen].join('\n');
  // The whole PAT, and its distinctive tail on its own.
  for (const needle of [secret, secret.slice(-12)]) expect(everything).not.toContain(needle);
});
