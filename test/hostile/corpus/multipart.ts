import { pngBomb } from '../../images/fixtures.js';
import { multipart, socket, type HostileCase } from '../support.js';
import { multipartBody } from '../../support/multipart.js';
import { PREDICT, MODEL } from '../support.js';

// The hostile suite's service: MAX_FILE_BYTES 300,000, MAX_FILES_PER_REQUEST 10, MAX_REQUEST_BYTES 4 MiB.
const ops = (n: number) =>
  JSON.stringify({ query: PREDICT, variables: { images: Array.from({ length: n }, () => ({ file: null })), modelId: MODEL } });
const mapOf = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), [`variables.images.${i}.file`]])));
const upload = (name: string, file: Buffer, codes: string[]) =>
  multipart(
    name,
    [
      { name: 'operations', value: ops(1) },
      { name: 'map', value: mapOf(1) },
      { name: '0', value: file, filename: 'x.png' },
    ],
    { codes },
  );

const HEAD = (length: number | string, extra = '') =>
  `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x-boundary-42\r\nApollo-Require-Preflight: true\r\nContent-Length: ${length}\r\n${extra}\r\n`;

/** Multipart requests that break the spec, the limits, or the stream itself. */
export const multipartRequests: HostileCase[] = [
  multipart(
    'no CSRF preflight header',
    [
      { name: 'operations', value: ops(1) },
      { name: 'map', value: mapOf(1) },
      { name: '0', value: Buffer.from('x'), filename: 'a' },
    ],
    { codes: ['CSRF_PREFLIGHT_REQUIRED'] },
    {},
  ),
  multipart(
    'an empty preflight header',
    [{ name: 'operations', value: ops(1) }],
    { codes: ['CSRF_PREFLIGHT_REQUIRED'] },
    { 'apollo-require-preflight': ' ' },
  ),
  multipart(
    'operations is not JSON',
    [
      { name: 'operations', value: '{nope' },
      { name: 'map', value: '{}' },
    ],
    { codes: ['MALFORMED_MULTIPART'] },
  ),
  multipart(
    'map is not JSON',
    [
      { name: 'operations', value: ops(1) },
      { name: 'map', value: '[' },
    ],
    { codes: ['MALFORMED_MULTIPART'] },
  ),
  multipart(
    'map is an array',
    [
      { name: 'operations', value: ops(1) },
      { name: 'map', value: '[["variables.images.0.file"]]' },
    ],
    { codes: ['MALFORMED_MULTIPART'] },
  ),
  multipart(
    'map points at a path that does not exist',
    [
      { name: 'operations', value: ops(1) },
      { name: 'map', value: '{"0":["variables.nope.deeper.file"]}' },
    ],
    { codes: ['MALFORMED_MULTIPART'] },
  ),
  multipart(
    'map points at __proto__',
    [
      { name: 'operations', value: ops(1) },
      { name: 'map', value: '{"0":["__proto__.polluted"]}' },
      { name: '0', value: Buffer.from('x'), filename: 'a' },
    ],
    { codes: ['MALFORMED_MULTIPART'] },
  ),
  multipart(
    'map before operations',
    [
      { name: 'map', value: '{}' },
      { name: 'operations', value: ops(1) },
    ],
    { codes: ['MALFORMED_MULTIPART'] },
  ),
  multipart('no operations at all', [{ name: 'map', value: '{}' }], { codes: ['MALFORMED_MULTIPART'] }),
  multipart(
    'a file declared in map but never sent',
    [
      { name: 'operations', value: ops(1) },
      { name: 'map', value: mapOf(1) },
    ],
    { codes: ['MALFORMED_MULTIPART'] },
  ),
  multipart(
    'one file mapped to two images',
    [
      { name: 'operations', value: ops(2) },
      { name: 'map', value: '{"0":["variables.images.0.file","variables.images.1.file"]}' },
      { name: '0', value: Buffer.from('not an image'), filename: 'a' },
    ],
    { codes: ['UNSUPPORTED_IMAGE_FORMAT', 'MALFORMED_MULTIPART'] },
  ),
  multipart(
    'a file mapped onto modelId',
    [
      { name: 'operations', value: ops(1) },
      { name: 'map', value: '{"0":["variables.modelId"]}' },
      { name: '0', value: Buffer.from('x'), filename: 'a' },
    ],
    { codes: ['BAD_USER_INPUT', 'MALFORMED_MULTIPART'] },
  ),
  multipart(
    'more files than MAX_FILES_PER_REQUEST',
    [
      { name: 'operations', value: ops(12) },
      { name: 'map', value: mapOf(12) },
      ...Array.from({ length: 12 }, (_, i) => ({ name: String(i), value: Buffer.from('x'), filename: `${i}.png` })),
    ],
    { codes: ['TOO_MANY_FILES'] },
  ),
  upload('a 0-byte file', Buffer.alloc(0), ['EMPTY_IMAGE']),
  upload('a file over MAX_FILE_BYTES', Buffer.alloc(310_000, 1), ['IMAGE_TOO_LARGE']),
  upload('a file that is text', Buffer.from('hello, not an image'), ['UNSUPPORTED_IMAGE_FORMAT']),
  upload('a decompression bomb upload', pngBomb(20_000, 20_000), ['IMAGE_TOO_MANY_PIXELS']),
  {
    name: 'multipart without a boundary',
    send: (url) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data', 'apollo-require-preflight': 'true' },
        body: 'whatever',
      }).then(async (r) => ({ status: r.status, contentType: r.headers.get('content-type') ?? '', text: await r.text() })),
    codes: ['MALFORMED_MULTIPART'],
  },
  {
    name: 'a body that never uses the declared boundary',
    send: (url) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=other', 'apollo-require-preflight': 'true' },
        body: multipartBody([{ name: 'operations', value: ops(1) }]),
      }).then(async (r) => ({ status: r.status, contentType: r.headers.get('content-type') ?? '', text: await r.text() })),
    codes: ['MALFORMED_MULTIPART'],
  },
  socket('a declared length over MAX_REQUEST_BYTES', () => HEAD(10 * 1024 * 1024 * 1024), { codes: ['PAYLOAD_TOO_LARGE'] }),
  socket(
    'a stream cut off in the middle of a file (client half-closes)',
    () => {
      const head = multipartBody([
        { name: 'operations', value: ops(1) },
        { name: 'map', value: mapOf(1) },
      ])
        .toString()
        .replace('--x-boundary-42--\r\n', '');
      const body = `${head}--x-boundary-42\r\nContent-Disposition: form-data; name="0"; filename="a.png"\r\n\r\n${'x'.repeat(5000)}`;
      return HEAD(body.length + 100_000) + body;
    },
    { bareHttp: true },
    { endAfterWrite: true },
  ),
  socket(
    'a stream whose closing boundary never comes (length matches)',
    () => {
      const head = multipartBody([
        { name: 'operations', value: ops(1) },
        { name: 'map', value: mapOf(1) },
      ])
        .toString()
        .replace('--x-boundary-42--\r\n', '');
      const body = `${head}--x-boundary-42\r\nContent-Disposition: form-data; name="0"; filename="a.png"\r\n\r\n${'x'.repeat(5000)}`;
      return HEAD(Buffer.byteLength(body)) + body;
    },
    { codes: ['MALFORMED_MULTIPART'] },
  ),
];
