import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { searchOf } from '../../src/server/apollo-handler.js';
import { startService, type RunningService } from '../support/service.js';

// POST /graphql reads the common JSON body itself (src/server/json-body.ts) and hands the rest to
// express.json. Both must answer every body alike: the second content type below is one the fast path
// declines (an extra parameter), so it measures the fast path against body-parser on the same bodies.
const MB = 1024 * 1024;
const FAST = 'application/json';
const GENERAL = 'application/json; charset=utf-8; profile=x';
let svc: RunningService;

beforeAll(async () => {
  svc = await startService({ JSON_BODY_LIMIT_MB: '1' });
});
afterAll(async () => {
  await svc?.close();
});

async function post(headers: Record<string, string>, body: string | Uint8Array | ReadableStream<Uint8Array>) {
  const res = await fetch(`${svc.url}/graphql`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
  const json = (await res.json()) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
  // The request id differs from one request to the next: everything else must not.
  for (const e of json.errors ?? []) delete e.extensions?.requestId;
  return { status: res.status, json, connection: res.headers.get('connection') };
}

const bodies: Array<[string, string]> = [
  ['an operation', '{"query":"{ __typename }"}'],
  ['an operation after whitespace', ' \n\t{"query":"{ __typename }"}'],
  ['an operation after a BOM', '\ufeff{"query":"{ __typename }"}'],
  ['a batch', '[{"query":"{ __typename }"}]'],
  ['an empty body', ''],
  ['only whitespace', '  \n'],
  ['only a BOM', '\ufeff'],
  ['an operation after a no-break space', '\u00a0{"query":"{ __typename }"}'],
  ['a JSON string', '"{ __typename }"'],
  ['a JSON number', '42'],
  ['truncated JSON', '{"query":"{ __typename }"'],
  ['not JSON', 'query { __typename }'],
  ['an object without a query', '{"variables":{}}'],
  ['non-ASCII text', '{"query":"{ __typename }","operationName":null,"extensions":{"note":"äöü ✓"}}'],
];

describe('the JSON body of POST /graphql', () => {
  it.each(bodies)('%s: answered as express.json would answer it', async (_name, body) => {
    const fast = await post({ 'content-type': FAST }, body);
    const general = await post({ 'content-type': GENERAL }, body);
    expect(fast).toEqual(general);
  });

  it.each(['application/json', 'Application/JSON', 'application/json;charset=utf-8', 'application/json; charset="UTF-8"'])(
    'reads %s',
    async (type) => {
      const reply = await post({ 'content-type': type }, '{"query":"{ __typename }"}');
      expect(reply).toMatchObject({ status: 200, json: { data: { __typename: 'Query' } } });
    },
  );

  it('reads a gzip-compressed body (through express.json)', async () => {
    const reply = await post({ 'content-type': FAST, 'content-encoding': 'gzip' }, gzipSync('{"query":"{ __typename }"}'));
    expect(reply).toMatchObject({ status: 200, json: { data: { __typename: 'Query' } } });
  });

  it('refuses a body over JSON_BODY_LIMIT_MB by its declared size, readably, and keeps the connection', async () => {
    const big = `{"query":"{ __typename }","pad":"${'x'.repeat(MB)}"}`;
    for (const type of [FAST, GENERAL]) {
      const reply = await post({ 'content-type': type }, big);
      expect(reply.status).toBe(413);
      expect(reply.json.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      expect(reply.connection).not.toBe('close');
    }
  });

  it('refuses a chunked body once it passes the limit', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }","pad":"'));
          for (let i = 0; i < 20; i++) controller.enqueue(chunk);
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
        },
      });
    for (const type of [FAST, GENERAL]) {
      const reply = await post({ 'content-type': type }, stream());
      expect(reply.status).toBe(413);
      expect(reply.json.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    }
  });

  it('reads a chunked body under the limit', async () => {
    const parts = ['{"query":', '"{ __typename }"', '}'];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const p of parts) controller.enqueue(new TextEncoder().encode(p));
        controller.close();
      },
    });
    const reply = await post({ 'content-type': FAST }, body);
    expect(reply).toMatchObject({ status: 200, json: { data: { __typename: 'Query' } } });
  });
});

describe('searchOf', () => {
  it.each([
    ['/', ''],
    ['/?', '?'],
    ['/?query=%7B__typename%7D', '?query=%7B__typename%7D'],
    ['/?a=1#frag', '?a=1'],
    ['/#x?y', ''],
  ])('%s → %j', (url, search) => {
    expect(searchOf(url)).toBe(search);
  });
});
