import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKeyStore, AuthLogger } from './api-key-store.js';
import { ANONYMOUS, type Caller } from './caller.js';
import { authUnavailable, unauthenticated } from './errors.js';
import { KeySetUnavailable, TokenRejected, type JwtVerifier } from './jwt.js';
import type { AuthMethod } from './settings.js';

export interface AuthenticatorOptions {
  /** AUTH_MODE: [] is none. */
  methods: readonly AuthMethod[];
  apiKeys?: ApiKeyStore;
  jwt?: JwtVerifier;
  logger?: AuthLogger;
}

export interface Authenticator {
  readonly methods: readonly AuthMethod[];
  /** The caller, or a thrown AuthError (401 UNAUTHENTICATED, 503 AUTH_UNAVAILABLE). */
  authenticate(req: { headers: IncomingHttpHeaders }): Promise<Caller>;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Only the headers of the configured methods count: with AUTH_MODE=api-key a Bearer token (e.g. a
 * gateway's) is ignored, and `Authorization: Key <PAT>` is never a credential for this service, only
 * for Clarifai (src/server/credential.ts).
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const { methods, apiKeys, jwt, logger } = options;
  if (methods.includes('api-key') && !apiKeys) throw new Error('AUTH_MODE includes api-key but no API key store was given');
  if (methods.includes('jwt') && !jwt) throw new Error('AUTH_MODE includes jwt but no JWT verifier was given');

  const refuse = (method: string, reason: string, tokenPresented: boolean): never => {
    // Which check failed helps whoever debugs a client; the caller itself only ever sees one message.
    logger?.debug({ method, reason }, 'request not authenticated');
    throw unauthenticated(methods, tokenPresented);
  };

  return {
    methods,
    async authenticate(req) {
      if (methods.length === 0) return ANONYMOUS;
      const key = methods.includes('api-key') ? headerValue(req.headers['x-api-key']) : undefined;
      const auth = methods.includes('jwt') ? headerValue(req.headers.authorization) : undefined;
      const bearer = auth === undefined ? undefined : BEARER.exec(auth)?.[1];
      if (auth !== undefined && bearer === undefined && /^Bearer\b/i.test(auth)) refuse('jwt', 'malformed Bearer header', true);
      // Two identities in one request: which one spends the quota would be a guess.
      if (key !== undefined && bearer !== undefined) refuse('both', 'both an API key and a bearer token', true);
      if (key !== undefined) {
        const entry = apiKeys!.lookup(key);
        if (!entry) return refuse('api-key', 'unknown API key', true);
        const { id, imagesPerMinute, imagesPerDay, models, weight } = entry;
        return strip({ id, kind: 'api-key', imagesPerMinute, imagesPerDay, models, weight });
      }
      if (bearer !== undefined) {
        try {
          return await jwt!.verify(bearer);
        } catch (err) {
          if (err instanceof TokenRejected) return refuse('jwt', err.reason, true);
          if (err instanceof KeySetUnavailable) {
            logger?.debug({ method: 'jwt', reason: err.reason }, 'JWKS unavailable');
            throw authUnavailable();
          }
          throw err;
        }
      }
      return refuse(methods.join(','), 'no credentials', false);
    },
  };
}

/** A header sent twice arrives joined or as an array; either way it is one credential at most. */
function headerValue(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v.join(', ') : v;
  const t = s?.trim();
  return t ? t : undefined;
}

function strip(caller: Caller): Caller {
  return Object.fromEntries(Object.entries(caller).filter(([, v]) => v !== undefined)) as unknown as Caller;
}
