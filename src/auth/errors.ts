import { GraphQLError } from 'graphql';
import { ErrorCode } from '../error-codes.js';
import type { Caller } from './caller.js';
import type { AuthMethod } from './settings.js';

/** The codes of the one enum (src/error-codes.ts) that authentication answers with. */
export const UNAUTHENTICATED = ErrorCode.UNAUTHENTICATED;
export const FORBIDDEN = ErrorCode.FORBIDDEN;
/** The JWKS could not be fetched: not the caller's fault, so not a 401 that would make it drop its token. */
export const AUTH_UNAVAILABLE = ErrorCode.AUTH_UNAVAILABLE;
export type AuthErrorCode = typeof UNAUTHENTICATED | typeof FORBIDDEN | typeof AUTH_UNAVAILABLE;

const REALM = 'image-predict';

/**
 * A refusal before anything runs. A GraphQLError so a resolver can throw it as is (Apollo applies
 * `extensions.http` to the response and strips it from the body); the HTTP middleware reads the same fields.
 */
export class AuthError extends GraphQLError {
  readonly code: AuthErrorCode;
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;

  constructor(code: AuthErrorCode, status: number, message: string, headers: Record<string, string> = {}) {
    const map = new Map(Object.entries(headers));
    super(message, { extensions: { code, http: { status, headers: map } } });
    this.name = 'AuthError';
    this.code = code;
    this.status = status;
    this.headers = map;
  }
}

/**
 * One message for every failure (no credentials, unknown key, bad signature, expired, wrong audience …):
 * telling them apart would help someone guessing keys. Only the accepted headers vary, with AUTH_MODE.
 */
export function unauthenticated(methods: readonly AuthMethod[], tokenPresented: boolean): AuthError {
  const ways = methods.map((m) => (m === 'api-key' ? 'an API key in the x-api-key header' : 'a bearer token in the Authorization header'));
  const challenges = methods.map((m) =>
    m === 'api-key' ? `ApiKey realm="${REALM}", header="x-api-key"` : `Bearer realm="${REALM}"${tokenPresented ? ', error="invalid_token"' : ''}`,
  );
  return new AuthError(UNAUTHENTICATED, 401, `Authentication required: send ${ways.join(' or ')}.`, {
    'www-authenticate': challenges.join(', '),
  });
}

export function forbiddenModel(caller: Caller, modelId: string): AuthError {
  const allowed = caller.models ?? [];
  const shown = allowed.slice(0, 10).join(', ') + (allowed.length > 10 ? ` and ${allowed.length - 10} more` : '');
  return new AuthError(FORBIDDEN, 403, `This caller may not use model "${modelId}"; its models are: ${shown || 'none'}.`);
}

export function authUnavailable(): AuthError {
  return new AuthError(AUTH_UNAVAILABLE, 503, 'Bearer tokens cannot be checked right now (the key set is unreachable). Retry shortly.', {
    'retry-after': '5',
  });
}
