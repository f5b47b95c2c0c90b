import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, UnsecuredJWT } from 'jose';
import { createAuthenticator, JwtVerifier, parseAuthSettings, type JwtSettings } from '../../src/auth/index.js';
import { AUDIENCE, ISSUER, authApp, capturedLogger, jwksServer, signingKey, token, type SigningKey } from './support.js';

let current: SigningKey;
let jwks: Awaited<ReturnType<typeof jwksServer>>;
let app: Awaited<ReturnType<typeof authApp>>;
const log = capturedLogger();
const COOLDOWN_MS = 300;

const settings = (over: Record<string, string> = {}) =>
  parseAuthSettings({
    AUTH_MODE: 'jwt',
    JWT_JWKS_URL: jwks.jwksUrl,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: `other,${AUDIENCE}`,
    JWT_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
    JWT_JWKS_TIMEOUT_MS: '1000',
    ...over,
  }) as JwtSettings;

const call = async (bearer: string | undefined, headers: Record<string, string> = {}) => {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }), ...headers },
  });
  return {
    status: res.status,
    www: res.headers.get('www-authenticate'),
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as { caller?: Record<string, unknown>; errors?: Array<{ message: string; extensions: { code: string } }> },
  };
};

beforeAll(async () => {
  current = await signingKey('k1');
  jwks = await jwksServer([current]);
  app = await authApp(createAuthenticator({ methods: ['jwt'], jwt: new JwtVerifier(settings()), logger: log.logger }), log.logger);
});
afterAll(async () => {
  await app.close();
  await jwks.close();
});

describe('JWT bearer tokens against a JWKS served on loopback', () => {
  it('accepts a valid token: the caller is its sub, with the quota claims', async () => {
    const res = await call(await token(current, { images_per_minute: 60, images_per_day: 1000, models: ['m1', 'm2'], weight: 2 }, { sub: 'alice' }));
    expect(res.status).toBe(200);
    expect(res.body.caller).toEqual({ id: 'alice', kind: 'jwt', imagesPerMinute: 60, imagesPerDay: 1000, models: ['m1', 'm2'], weight: 2 });
    const plain = await call(await token(current, { models: 'm1 m3' }));
    expect(plain.body.caller).toEqual({ id: 'user-1', kind: 'jwt', models: ['m1', 'm3'] });
  });

  it('refuses every bad token with one and the same 401, whatever is wrong with it', async () => {
    const stranger = await signingKey('k1'); // same kid, a key the JWKS does not hold: a forged signature
    const rsa = await signingKey('k-rs', 'RS256');
    const bad: Record<string, string> = {
      'bad signature': await token(stranger),
      expired: await token(current, {}, { exp: Math.floor(Date.now() / 1000) - 3600 }),
      'wrong audience': await token(current, {}, { aud: 'someone-else' }),
      'wrong issuer': await token(current, {}, { iss: 'https://evil.test' }),
      'no sub': await token(current, {}, { sub: null }),
      'no exp': await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject('x')
        .sign(current.privateKey),
      'alg none': new UnsecuredJWT({ sub: 'x' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').encode(),
      'HS256 with the public key as secret': await new SignJWT({ sub: 'x' })
        .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(JSON.stringify(current.jwk))),
      'unknown kid': await token(rsa),
      'malformed quota claim': await token(current, { images_per_minute: 'lots' }),
      'malformed models claim': await token(current, { models: [1, 2] }),
      garbage: 'not-a-jwt',
    };
    const answers = await Promise.all(Object.values(bad).map((t) => call(t)));
    for (const [i, res] of answers.entries()) {
      expect([Object.keys(bad)[i], res.status]).toEqual([Object.keys(bad)[i], 401]);
      expect(res.body).toEqual(answers[0]!.body);
      expect(res.www).toBe('Bearer realm="image-predict", error="invalid_token"');
    }
    expect(answers[0]!.body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(app.reached.count).toBe(2); // only the first test's tokens got through
    // The debug log says which check failed, never the token.
    const text = log.text();
    expect(text).toContain('ERR_JWT_EXPIRED');
    expect(text).toContain('ERR_JWT_CLAIM_VALIDATION_FAILED (aud)');
    for (const part of Object.values(bad)
      .flatMap((t) => t.split('.'))
      .filter((p) => p.length > 8))
      expect(text).not.toContain(part);
  });

  it('without a token: 401 with a plain Bearer challenge; Authorization: Key <PAT> is not a token', async () => {
    for (const headers of [{}, { authorization: 'Key some-clarifai-pat' }] as Array<Record<string, string>>) {
      const res = await call(undefined, headers);
      expect(res.status).toBe(401);
      expect(res.www).toBe('Bearer realm="image-predict"');
      expect(res.body.errors![0]!.message).toBe('Authentication required: send a bearer token in the Authorization header.');
    }
  });

  it('accepts a token signed by a key that appears in the JWKS later, once the cooldown allows a refetch', async () => {
    const next = await signingKey('k2');
    const early = await token(next, {}, { sub: 'rotated' });
    expect((await call(early)).status).toBe(401); // not published yet
    jwks.state.keys = [current, next];
    await sleep(COOLDOWN_MS + 50);
    const before = jwks.state.fetches;
    const res = await call(await token(next, {}, { sub: 'rotated' }));
    expect(res.status).toBe(200);
    expect(res.body.caller).toMatchObject({ id: 'rotated' });
    expect(jwks.state.fetches).toBe(before + 1);
    // Known keys are served from the cache: no fetch per request.
    await Promise.all(Array.from({ length: 20 }, async () => expect((await call(await token(current))).status).toBe(200)));
    expect(jwks.state.fetches).toBe(before + 1);
  });

  it('answers 503 AUTH_UNAVAILABLE (not 401) when the JWKS cannot be fetched', async () => {
    const verifier = new JwtVerifier(settings());
    const other = await authApp(createAuthenticator({ methods: ['jwt'], jwt: verifier }));
    jwks.state.down = true;
    try {
      const res = await fetch(`${other.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${await token(current)}` } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('AUTH_UNAVAILABLE');
    } finally {
      jwks.state.down = false;
      await other.close();
    }
  });
});
