import { ApiKeyStore, type AuthLogger } from './api-key-store.js';
import { createAuthenticator, type Authenticator } from './authenticate.js';
import { JwtVerifier } from './jwt.js';
import type { AuthSettings } from './settings.js';
import { checkAuthStartup } from './startup.js';

export interface BuiltAuth {
  authenticator: Authenticator;
  apiKeys: ApiKeyStore | undefined;
  /** Stops reloading keys on SIGHUP. */
  close(): void;
}

/**
 * The authenticator the settings describe: keys read now (a bad file throws, so the service does not
 * start) and re-read on SIGHUP. Throws with checkAuthStartup's message if a method lacks its settings.
 */
export function buildAuthenticator(settings: AuthSettings & { NODE_ENV?: string; CLARIFAI_PAT?: string }, logger?: AuthLogger): BuiltAuth {
  const problem = checkAuthStartup(settings);
  if (problem) throw new Error(problem);
  const methods = settings.AUTH_MODE ?? [];
  const apiKeys = methods.includes('api-key') ? ApiKeyStore.load(settings.API_KEYS_FILE!, logger) : undefined;
  const stopReload = apiKeys?.reloadOn('SIGHUP') ?? (() => {});
  const jwt = methods.includes('jwt')
    ? new JwtVerifier({ ...settings, JWT_JWKS_URL: settings.JWT_JWKS_URL!, JWT_ISSUER: settings.JWT_ISSUER!, JWT_AUDIENCE: settings.JWT_AUDIENCE! })
    : undefined;
  logger?.info({ authMode: methods.length ? methods.join(',') : 'none', apiKeys: apiKeys?.size }, 'authentication');
  return { authenticator: createAuthenticator({ methods, apiKeys, jwt, logger }), apiKeys, close: stopReload };
}
