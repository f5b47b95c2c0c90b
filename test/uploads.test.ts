import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApolloClient, InMemoryCache, gql } from '@apollo/client';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';
import { cameraJpeg, expectColours, quadrantColours } from './support/exif.js';
import { expectedConceptsFor, startFakeClarifai, type FakeClarifai } from './support/fake-clarifai/index.js';
import { makePng } from './support/images.js';
import { curlUpload, multipartBody, spooledFiles } from './support/multipart.js';
import { until } from './support/metrics.js';
import { PREDICT, startService, type RunningService } from './support/service.js';
import { pngBomb } from './images/fixtures.js';

const MODEL = 'general-image-recognition';
const MAX_FILE = 300_000;
let fake: FakeClarifai;
let svc: RunningService;
let spool: string;
let files: string;
const newSpooled = () => spooledFiles(spool);
// Clean-up follows the response by a few event-loop turns, more on a loaded machine: poll, don't sleep.
const spooledCount = (n: number) =>
  until(
    async () => newSpooled().length === n,
    5000,
    () => `spooled: [${newSpooled().join(', ')}], expected ${n}`,
  );

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const op = (n: number, extra: Record<string, unknown> = {}) => ({
  query: PREDICT,
  variables: { images: Array.from({ length: n }, () => ({ file: null })), modelId: MODEL, ...extra },
});
const write = (name: string, data: Buffer) => {
  const path = join(files, name);
  writeFileSync(path, data);
  return path;
};
const predictCalls = () => fake.calls.filter((c) => c.path.endsWith('/outputs'));

beforeAll(async () => {
  // graphql-upload-ts spools into os.tmpdir() as capacitor-*.tmp files; the test environment gives this
  // file a TMPDIR of its own, so no other file's uploads show up there.
  spool = tmpdir();
  files = mkdtempSync(join(tmpdir(), 'files-'));
  fake = await startFakeClarifai({ pats: ['server-pat-123'] });
  svc = await startService({
    CLARIFAI_PAT: 'server-pat-123',
    CLARIFAI_API_BASE: fake.url,
    MAX_FILE_BYTES: String(MAX_FILE),
    MAX_FILES_PER_REQUEST: '10',
  });
});
afterAll(async () => {
  await svc.close();
  await fake.close();
  rmSync(files, { recursive: true, force: true });
});
beforeEach(() => fake.reset());

describe('multipart uploads (curl -F)', () => {
  it('predicts uploaded files and sends their exact bytes upstream', async () => {
    const [a, b] = [await makePng(1), await makePng(2)];
    const res = await curlUpload(svc.url, op(2), { 0: write('a.png', a), 1: write('b.png', b) });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const items = res.body.data!.predict as Array<{ input: { sha256: string }; concepts: Array<{ id: string }> }>;
    expect(items.map((i) => i.input.sha256)).toEqual([sha(a), sha(b)]);
    expect(items[1]!.concepts[0]!.id).toBe(expectedConceptsFor({ bytes: b }, MODEL)[0]!.id);
    expect(predictCalls()[0]!.inputs.map((i) => i.sha256)).toEqual([sha(a), sha(b)]);
  });

  it('refuses the same request without a preflight header, before spooling anything', async () => {
    const big = Buffer.alloc(200_000, 7);
    const res = await curlUpload(svc.url, op(1), { 0: write('big.bin', big) }, []);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions!.code).toBe('CSRF_PREFLIGHT_REQUIRED');
    expect(newSpooled()).toEqual([]);
    expect(predictCalls()).toHaveLength(0);
  });

  it('gives an oversized file its own error and still predicts the others', async () => {
    const small = await makePng(3);
    const res = await curlUpload(svc.url, op(2), { 0: write('huge.bin', Buffer.alloc(MAX_FILE + 1, 1)), 1: write('s.png', small) });
    expect(res.status).toBe(200);
    expect(res.body.errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['predict', 0], 'IMAGE_TOO_LARGE']]);
    expect((res.body.data!.predict as unknown[])[1]).not.toBeNull();
  });

  it('refuses too many files with a JSON 413', async () => {
    const png = write('p.png', await makePng(4));
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [String(i), png]));
    const res = await curlUpload(svc.url, op(11), many);
    expect(res.status).toBe(413);
    expect(res.body.errors![0]!.extensions!.code).toBe('TOO_MANY_FILES');
  });

  it('gives each bad file its code while the good ones succeed', async () => {
    const good = await makePng(5);
    const jpeg = await cameraJpeg(1);
    const bad: Record<string, Buffer> = {
      empty: Buffer.alloc(0),
      text: Buffer.from('hello, this is not an image'),
      truncated: jpeg.subarray(0, Math.floor(jpeg.length / 2)),
      corrupt: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 0x42)]),
      bomb: pngBomb(20_000, 20_000),
    };
    const names = ['good', ...Object.keys(bad)];
    const paths = Object.fromEntries(names.map((n, i) => [String(i), write(`${n}.bin`, n === 'good' ? good : bad[n]!)]));
    const res = await curlUpload(svc.url, op(names.length), paths);
    const codes = Object.fromEntries(res.body.errors!.map((e) => [names[e.path![1] as number], e.extensions!.code]));
    expect(codes).toEqual({
      empty: 'EMPTY_IMAGE',
      text: 'UNSUPPORTED_IMAGE_FORMAT',
      truncated: 'CORRUPT_IMAGE',
      corrupt: 'CORRUPT_IMAGE',
      bomb: 'IMAGE_TOO_MANY_PIXELS',
    });
    expect((res.body.data!.predict as unknown[])[0]).not.toBeNull();
    expect(predictCalls().flatMap((c) => c.inputs.map((i) => i.sha256))).toEqual([sha(good)]);
  });
});

describe('EXIF orientation through the service', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i arrives upstream upright', async (n) => {
    const photo = await cameraJpeg(n);
    const res = await curlUpload(svc.url, op(1), { 0: write(`o${n}.jpg`, photo) });
    expect(res.body.errors).toBeUndefined();
    const sent = predictCalls()[0]!.inputs[0]!.bytes!;
    expectColours(await quadrantColours(sent));
    if (n === 1) expect(sha(sent)).toBe(sha(photo)); // nothing to fix: forwarded byte for byte
  });

  it('the per-request opt-out forwards the bytes untouched', async () => {
    const photo = await cameraJpeg(6);
    const res = await curlUpload(svc.url, op(1, { options: { autoOrient: false } }), { 0: write('o6-raw.jpg', photo) });
    expect(res.body.errors).toBeUndefined();
    expect(sha(predictCalls()[0]!.inputs[0]!.bytes!)).toBe(sha(photo));
  });
});

describe('Apollo Client with apollo-upload-client', () => {
  it('uploads files mixed with URL and base64 inputs in one operation', async () => {
    const client = new ApolloClient({
      cache: new InMemoryCache(),
      link: new UploadHttpLink({ uri: `${svc.url}/graphql`, headers: { 'Apollo-Require-Preflight': 'true' } }),
    });
    const [f1, f2, b64] = [await makePng(11), await makePng(12), await makePng(13)];
    const url = 'https://img.example/mixed.jpg';
    const images = [
      { file: new File([f1], 'one.png', { type: 'image/png' }) },
      { url },
      { base64: b64.toString('base64') },
      { file: new File([f2], 'two.png', { type: 'image/png' }) },
    ];
    const { data, error } = await client.query<{ predict: Array<{ input: { index: number }; concepts: Array<{ id: string }> }> }>({
      query: gql(PREDICT),
      variables: { images, modelId: MODEL },
      fetchPolicy: 'no-cache',
    });
    expect(error).toBeUndefined();
    const expected = [{ bytes: f1 }, { url }, { bytes: b64 }, { bytes: f2 }].map((input) => expectedConceptsFor(input, MODEL)[0]!.id);
    expect(data!.predict.map((p) => p.concepts[0]!.id)).toEqual(expected);
    expect(predictCalls()).toHaveLength(1);
    client.stop();
  });
});

describe('temp files and broken requests', () => {
  it('answers a resolver error quickly and still cleans up the spooled files (graphql-upload-ts#78)', async () => {
    const png = write('q.png', await makePng(21));
    const res = await curlUpload(svc.url, op(2, { options: { maxConcepts: 0 } }), { 0: png, 1: png });
    expect(res.body.errors![0]!.extensions!.code).toBe('INVALID_PREDICT_OPTIONS');
    await spooledCount(0);
  });

  it('answers an early resolver error only once the body has arrived, so no file is spooled after the clean-up', async () => {
    // The options are refused as soon as the operation is parsed, while file 1 is still to come: an answer
    // sent then would leave file 1, spooled afterwards, on disk (graphql-upload-ts#78; the flaky leak above).
    const head = multipartBody([
      { name: 'operations', value: JSON.stringify(op(2, { options: { maxConcepts: 0 } })) },
      { name: 'map', value: '{"0":["variables.images.0.file"],"1":["variables.images.1.file"]}' },
    ])
      .toString()
      .replace('--x-boundary-42--\r\n', '');
    const part = (name: string) => `--x-boundary-42\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.png"\r\n\r\n`;
    const png = await makePng(22);
    const socket = connect(Number(new URL(svc.url).port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const tail = Buffer.concat([Buffer.from(part('1')), png, Buffer.from('\r\n--x-boundary-42--\r\n')]);
    const first = Buffer.concat([Buffer.from(head + part('0')), png, Buffer.from('\r\n')]);
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x-boundary-42\r\n` +
        `Apollo-Require-Preflight: true\r\nConnection: close\r\nContent-Length: ${first.length + tail.length}\r\n\r\n`,
    );
    socket.write(first);
    await spooledCount(1);
    // Nothing may come back while the body is unfinished; before the fix the answer came within milliseconds.
    await new Promise((r) => setTimeout(r, 500));
    expect(answer).toBe('');
    socket.end(tail);
    await new Promise((r) => socket.once('close', r));
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('INVALID_PREDICT_OPTIONS');
    await spooledCount(0);
  });

  it.each([
    [
      'operations is not JSON',
      [
        { name: 'operations', value: '{nope' },
        { name: 'map', value: '{}' },
      ],
    ],
    [
      'map is not JSON',
      [
        { name: 'operations', value: JSON.stringify(op(1)) },
        { name: 'map', value: '[' },
      ],
    ],
    [
      'map points nowhere',
      [
        { name: 'operations', value: JSON.stringify(op(1)) },
        { name: 'map', value: '{"0":["variables.nope.file"]}' },
      ],
    ],
    [
      'map comes first',
      [
        { name: 'map', value: '{}' },
        { name: 'operations', value: JSON.stringify(op(1)) },
      ],
    ],
  ])('%s → JSON 400 MALFORMED_MULTIPART', async (_name, parts) => {
    const res = await fetch(`${svc.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x-boundary-42', 'apollo-require-preflight': 'true' },
      body: multipartBody(parts),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('MALFORMED_MULTIPART');
  });

  it('a file declared in map but missing from the body fails that image only', async () => {
    const res = await fetch(`${svc.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x-boundary-42', 'apollo-require-preflight': 'true' },
      body: multipartBody([
        {
          name: 'operations',
          value: JSON.stringify({ ...op(2), variables: { ...op(2).variables, images: [{ file: null }, { url: 'https://img.example/ok.jpg' }] } }),
        },
        { name: 'map', value: '{"0":["variables.images.0.file"]}' },
      ]),
    });
    const body = (await res.json()) as { data: { predict: unknown[] }; errors: Array<{ extensions: { code: string } }> };
    expect(body.data.predict[0]).toBeNull();
    expect(body.data.predict[1]).not.toBeNull();
    expect(body.errors[0]!.extensions.code).toBe('MALFORMED_MULTIPART');
  });

  it('a client that disconnects mid-upload leaves no temp file and no hang', async () => {
    const head = multipartBody([
      { name: 'operations', value: JSON.stringify(op(1)) },
      { name: 'map', value: '{"0":["variables.images.0.file"]}' },
    ])
      .toString()
      .replace('--x-boundary-42--\r\n', '');
    const port = Number(new URL(svc.url).port);
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x-boundary-42\r\nApollo-Require-Preflight: true\r\nContent-Length: 10000000\r\n\r\n` +
        head +
        '--x-boundary-42\r\nContent-Disposition: form-data; name="0"; filename="a.png"\r\n\r\n',
    );
    socket.write(Buffer.alloc(100_000, 1));
    await spooledCount(1); // it is being spooled
    socket.destroy();
    await spooledCount(0);
    const health = await fetch(`${svc.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('leaves no temp files behind after all of the above', async () => {
    await spooledCount(0);
  });
});
