import { PREDICT, http, operation, rawJson, socket, type HostileCase } from '../support.js';

// JSON_BODY_LIMIT_MB is 2 in the hostile suite's service.
const MB = 1024 * 1024;
const TYPENAME = JSON.stringify({ query: '{ __typename }' });

/** The request body itself is wrong: not JSON, the wrong JSON, the wrong encoding or method. */
export const httpBodies: HostileCase[] = [
  rawJson('JSON cut short', '{"query":', { codes: ['BAD_REQUEST'] }),
  rawJson('JSON with trailing garbage', `${TYPENAME} trailing`, { codes: ['BAD_REQUEST'] }),
  rawJson('an empty body', '', { codes: ['BAD_REQUEST'] }),
  rawJson('JSON null', 'null', { codes: ['BAD_REQUEST'] }),
  rawJson('a JSON number', '42', { codes: ['BAD_REQUEST'] }),
  rawJson('a JSON string', '"{ __typename }"', { codes: ['BAD_REQUEST'] }),
  rawJson('an empty batch', '[]', { codes: ['BAD_REQUEST'] }),
  rawJson('a batch of operations (batching is off)', `[${TYPENAME},${TYPENAME}]`, { codes: ['BAD_REQUEST'] }),
  rawJson('an empty object', '{}', { codes: ['BAD_REQUEST'] }),
  rawJson('bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), { codes: ['BAD_REQUEST'] }),
  rawJson(
    'an image list nested 100,000 deep',
    `{"query":${JSON.stringify(PREDICT)},"variables":{"modelId":"m","images":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
    { codes: ['BAD_USER_INPUT'] },
  ),
  rawJson('a body over JSON_BODY_LIMIT_MB', JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(3 * MB) } }), {
    codes: ['PAYLOAD_TOO_LARGE'],
  }),
  rawJson(
    '__proto__ keys in an image (prototype pollution)',
    `{"query":${JSON.stringify(PREDICT)},"variables":{"modelId":"m","images":[{"url":"https://img.example/a.jpg","__proto__":{"base64":"AAAA"}}]}}`,
    { codes: ['BAD_USER_INPUT'] },
  ),
  rawJson('duplicate keys', '{"query":"{ nope }","query":"mutation { x }"}', { codes: ['GRAPHQL_VALIDATION_FAILED'] }),
  rawJson('a charset nobody supports', TYPENAME, { codes: ['BAD_REQUEST'] }, { 'content-type': 'application/json; charset=latin1' }),
  rawJson('gzip that is not gzip', TYPENAME, { codes: ['BAD_REQUEST'] }, { 'content-encoding': 'gzip' }),
  rawJson('an unknown content-encoding', TYPENAME, { codes: ['BAD_REQUEST'] }, { 'content-encoding': 'compress' }),
  operation('query is a number', 5, undefined, { codes: ['BAD_REQUEST'] }),
  operation('query is an object', { query: '{ __typename }' }, undefined, { codes: ['BAD_REQUEST'] }),
  operation('query is an array', ['{ __typename }'], undefined, { codes: ['BAD_REQUEST'] }),
  operation('query is null', null, undefined, { codes: ['BAD_REQUEST'] }),
  operation('variables is a string', '{ __typename }', '{"a":1}', { codes: ['BAD_REQUEST'] }),
  operation('variables is an array', '{ __typename }', [1, 2], { codes: ['BAD_REQUEST'] }),
  rawJson('operationName is a number', JSON.stringify({ query: '{ __typename }', operationName: 7 }), { codes: ['BAD_REQUEST'] }),
  rawJson('extensions is a string', JSON.stringify({ query: '{ __typename }', extensions: 'x' }), { codes: ['BAD_REQUEST'] }),
  rawJson(
    'a persisted query hash that is not registered',
    JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }),
    { codes: ['PERSISTED_QUERY_NOT_FOUND'] },
  ),
  rawJson(
    'a persisted query of an unknown version',
    JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 99, sha256Hash: 'x' } } }),
    { codes: ['BAD_REQUEST'] },
  ),
  rawJson(
    'a persisted query whose hash does not match',
    JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }),
    { codes: ['BAD_REQUEST'] },
  ),
  {
    name: 'text/plain (a CSRF-able simple request)',
    send: (url) => http(url, { headers: { 'content-type': 'text/plain' }, body: TYPENAME }),
    codes: ['BAD_REQUEST'],
  },
  { name: 'no content-type', send: (url) => http(url, { body: TYPENAME }), codes: ['BAD_REQUEST'] },
  {
    name: 'a form-urlencoded body',
    send: (url) => http(url, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' }),
    codes: ['BAD_REQUEST'],
  },
  {
    name: 'PUT',
    send: (url) => http(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: TYPENAME }),
    codes: ['BAD_REQUEST'],
  },
  {
    name: 'GET without a preflight header',
    send: (url) => http(url, { method: 'GET', path: '/graphql?query=%7B__typename%7D' }),
    codes: ['BAD_REQUEST'],
  },
  socket('a header of 100 KB', () => `POST /graphql HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\nContent-Length: 2\r\n\r\n{}`, {
    bareHttp: true,
  }),
  socket(
    'a content-length that lies (body shorter, then the client hangs up)',
    () => `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":"{ __typename }"}`,
    { bareHttp: true },
    { endAfterWrite: true },
  ),
  socket(
    'a content-length that is not a number',
    () => `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: lots\r\n\r\n{}`,
    { bareHttp: true },
  ),
];
