import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { authMiddleware, callerOf, type Authenticator } from '../../src/auth/index.js';
import { createLogger, type Logger } from '../../src/logger.js';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export async function listen(server: Server, host = '127.0.0.1'): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The auth middleware in front of a route that answers with the caller, and counts the requests it saw. */
export async function authApp(authenticator: Authenticator, logger?: Logger) {
  const reached = { count: 0 };
  const app = express();
  app.use('/graphql', authMiddleware(authenticator, logger), (req, res) => {
    reached.count++;
    req.resume();
    req.on('end', () => res.json({ caller: callerOf(req) }));
  });
  return { ...(await listen(createServer(app))), reached };
}

/** A pino logger at debug level whose every line is kept, to show what never reaches the log. */
export function capturedLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger('debug', sink), text: () => lines.join('') };
}

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function signingKey(kid: string, alg = 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A real JWKS endpoint on loopback; `keys` may change while it runs (rotation), `fetches` counts GETs. */
export async function jwksServer(initial: SigningKey[]) {
  const state = { keys: initial, fetches: 0, down: false };
  const server = createServer((_req, res) => {
    state.fetches++;
    if (state.down) return void res.writeHead(503).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys.map((k) => k.jwk) }));
  });
  const l = await listen(server);
  return { ...l, state, jwksUrl: `${l.url}/.well-known/jwks.json` };
}

export const ISSUER = 'https://issuer.test';
export const AUDIENCE = 'image-predict';

export function token(
  key: SigningKey,
  claims: JWTPayload = {},
  opts: { exp?: string | number; iss?: string; aud?: string; sub?: string | null } = {},
) {
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuedAt()
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE);
  if (opts.sub !== null) jwt = jwt.setSubject(opts.sub ?? 'user-1');
  if (opts.exp !== undefined) jwt = jwt.setExpirationTime(opts.exp);
  else jwt = jwt.setExpirationTime('5m');
  return jwt.sign(key.privateKey);
}
