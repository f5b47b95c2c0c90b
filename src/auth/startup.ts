import type { AuthMethod } from './settings.js';

/** Raw env strings or the parsed config: both shapes are accepted. */
export interface AuthStartupInput {
  NODE_ENV?: string;
  CLARIFAI_PAT?: string;
  AUTH_MODE?: string | readonly AuthMethod[];
  API_KEYS_FILE?: string;
  JWT_JWKS_URL?: string | URL;
  JWT_ISSUER?: string | readonly string[];
  JWT_AUDIENCE?: string | readonly string[];
}

const set = (v: unknown) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

/**
 * Why the service must not start with these settings, or undefined. Pure, so start-up and tests share it.
 * Production with a Clarifai PAT and no AUTH_MODE would let anyone who reaches /graphql spend the quota.
 */
export function checkAuthStartup(env: AuthStartupInput): string | undefined {
  const mode = env.AUTH_MODE;
  if (!set(mode) && !Array.isArray(mode)) {
    if (env.NODE_ENV === 'production' && set(env.CLARIFAI_PAT)) {
      return (
        'AUTH_MODE is not set. With NODE_ENV=production and CLARIFAI_PAT set, anyone who can reach /graphql would spend ' +
        'the Clarifai quota. Set AUTH_MODE=api-key (with API_KEYS_FILE), AUTH_MODE=jwt (with JWT_JWKS_URL, JWT_ISSUER and ' +
        'JWT_AUDIENCE) or AUTH_MODE=api-key,jwt; or AUTH_MODE=none if a router in front of this service authenticates callers.'
      );
    }
    return undefined;
  }
  const methods = typeof mode === 'string' ? mode.replace(/\s+/g, '').toLowerCase().split(',') : (mode as readonly string[]);
  const problems: string[] = [];
  if (methods.includes('api-key') && !set(env.API_KEYS_FILE)) {
    problems.push(
      'AUTH_MODE includes api-key but API_KEYS_FILE is not set: set it to the path of a JSON array of key entries (create one with `npm run api-key -- --id <caller>`).',
    );
  }
  if (methods.includes('jwt')) {
    const missing = (['JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE'] as const).filter((k) => !set(env[k]));
    if (missing.length)
      problems.push(
        `AUTH_MODE includes jwt but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set: tokens are only accepted from a known key set, issuer and audience.`,
      );
  }
  return problems.length ? problems.join('\n') : undefined;
}
