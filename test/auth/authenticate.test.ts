import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import {
  ANONYMOUS,
  ApiKeyStore,
  assertModelAllowed,
  AuthError,
  createAuthenticator,
  JwtVerifier,
  parseAuthSettings,
  type JwtSettings,
} from '../../src/auth/index.js';
import { AUDIENCE, ISSUER, authApp, jwksServer, signingKey, token, type SigningKey } from './support.js';

const sha = (k: string) => createHash('sha256').update(k).digest('hex');
const apiKeys = ApiKeyStore.fromEntries([{ id: 'team-a', sha256: sha('ipk_team-a'), models: ['general-image-recognition'] }]);
let key: SigningKey;
let jwks: Awaited<ReturnType<typeof jwksServer>>;
let apps: Record<'none' | 'apiKey' | 'jwt' | 'both', Awaited<ReturnType<typeof authApp>>>;

const call = async (app: keyof typeof apps, headers: Record<string, string> = {}) => {
  const res = await fetch(`${apps[app].url}/graphql`, { method: 'POST', headers });
  return {
    status: res.status,
    www: res.headers.get('www-authenticate'),
    body: (await res.json()) as { caller?: { id: string; kind: string }; errors?: Array<{ message: string; extensions: { code: string } }> },
  };
};

beforeAll(async () => {
  key = await signingKey('k1');
  jwks = await jwksServer([key]);
  const jwt = new JwtVerifier(parseAuthSettings({ JWT_JWKS_URL: jwks.jwksUrl, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE }) as JwtSettings);
  apps = {
    none: await authApp(createAuthenticator({ methods: [] })),
    apiKey: await authApp(createAuthenticator({ methods: ['api-key'], apiKeys })),
    jwt: await authApp(createAuthenticator({ methods: ['jwt'], jwt })),
    both: await authApp(createAuthenticator({ methods: ['api-key', 'jwt'], apiKeys, jwt })),
  };
});
afterAll(async () => {
  await Promise.all(Object.values(apps).map((a) => a.close()));
  await jwks.close();
});

describe('authenticate() in each AUTH_MODE, over HTTP', () => {
  it('none: everyone is anonymous, whatever they send', async () => {
    expect((await call('none')).body.caller).toEqual(ANONYMOUS);
    expect((await call('none', { 'x-api-key': 'junk', authorization: 'Bearer junk' })).body.caller).toEqual(ANONYMOUS);
  });

  it('api-key: the key names the caller; a caller PAT (Authorization: Key) and a foreign Bearer ride along untouched', async () => {
    expect((await call('apiKey', { 'x-api-key': 'ipk_team-a' })).body.caller).toEqual({
      id: 'team-a',
      kind: 'api-key',
      models: ['general-image-recognition'],
    });
    expect((await call('apiKey', { 'x-api-key': 'ipk_team-a', authorization: 'Key caller-pat-123' })).status).toBe(200);
    expect((await call('apiKey', { 'x-api-key': 'ipk_team-a', authorization: 'Bearer gateway-token' })).status).toBe(200);
  });

  it('api-key: missing and wrong keys get the same 401, with an ApiKey challenge', async () => {
    const answers = await Promise.all(
      (
        [{}, { 'x-api-key': 'ipk_wrong' }, { 'x-api-key': 'ipk_team-a ' + 'x' }, { authorization: 'Bearer x.y.z' }] as Array<Record<string, string>>
      ).map((h) => call('apiKey', h)),
    );
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.body).toEqual({
        errors: [{ message: 'Authentication required: send an API key in the x-api-key header.', extensions: { code: 'UNAUTHENTICATED' } }],
      });
      expect(a.www).toBe('ApiKey realm="image-predict", header="x-api-key"');
    }
    expect(apps.apiKey.reached.count).toBe(3); // only the previous test's requests
  });

  it('jwt: a bearer token; an API key means nothing there', async () => {
    expect((await call('jwt', { authorization: `Bearer ${await token(key, {}, { sub: 'bob' })}` })).body.caller).toEqual({ id: 'bob', kind: 'jwt' });
    expect((await call('jwt', { 'x-api-key': 'ipk_team-a' })).status).toBe(401);
    expect((await call('jwt', { authorization: 'Bearer' })).status).toBe(401);
  });

  it('api-key,jwt: either works; both at once is refused (which identity would spend the quota?)', async () => {
    const t = await token(key, {}, { sub: 'bob' });
    expect((await call('both', { 'x-api-key': 'ipk_team-a' })).body.caller!.id).toBe('team-a');
    expect((await call('both', { authorization: `Bearer ${t}` })).body.caller!.id).toBe('bob');
    const both = await call('both', { 'x-api-key': 'ipk_team-a', authorization: `Bearer ${t}` });
    expect(both.status).toBe(401);
    const none = await call('both');
    expect(none.body.errors![0]!.message).toBe(
      'Authentication required: send an API key in the x-api-key header or a bearer token in the Authorization header.',
    );
    expect(none.www).toBe('ApiKey realm="image-predict", header="x-api-key", Bearer realm="image-predict"');
  });

  it('refuses an upload before reading its body (the handler behind never sees it)', async () => {
    const before = apps.apiKey.reached.count;
    const { port } = new URL(apps.apiKey.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(50 * 1024 * 1024), 'x-api-key': 'ipk_wrong' },
        },
        (res) => {
          expect(res.headers.connection).toBe('close');
          resolve(res.statusCode!);
          res.resume();
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(64 * 1024)); // a start of the body, never the rest
    });
    expect(status).toBe(401);
    expect(apps.apiKey.reached.count).toBe(before);
  });

  it('lets a preflight and the Sandbox page (GET without an operation) through without credentials', async () => {
    const pre = await fetch(`${apps.apiKey.url}/graphql`, { method: 'OPTIONS' });
    expect(pre.status).toBe(200);
    expect((await fetch(`${apps.apiKey.url}/graphql`)).status).toBe(200);
    expect((await fetch(`${apps.apiKey.url}/graphql?query=%7B__typename%7D`)).status).toBe(401);
    expect((await fetch(`${apps.apiKey.url}/graphql?extensions=%7B%7D`)).status).toBe(401);
  });
});

describe('assertModelAllowed', () => {
  it('lets a caller without a models list use any model, and refuses others with FORBIDDEN 403', () => {
    expect(() => assertModelAllowed({ id: 'x', kind: 'jwt' }, 'anything')).not.toThrow();
    expect(() => assertModelAllowed({ id: 'x', kind: 'api-key', models: ['a'] }, 'a')).not.toThrow();
    let err: unknown;
    try {
      assertModelAllowed({ id: 'x', kind: 'api-key', models: ['a', 'b'] }, 'c');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toBeInstanceOf(GraphQLError); // a resolver can throw it as is
    expect((err as GraphQLError).extensions).toMatchObject({ code: 'FORBIDDEN', http: { status: 403 } });
    expect((err as Error).message).toBe('This caller may not use model "c"; its models are: a, b.');
  });
});
