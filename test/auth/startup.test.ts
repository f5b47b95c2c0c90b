import { describe, expect, it } from '@jest/globals';
import { checkAuthStartup, parseAuthSettings } from '../../src/auth/index.js';

describe('checkAuthStartup', () => {
  it('refuses production with a Clarifai PAT until AUTH_MODE is chosen, saying what to set', () => {
    const msg = checkAuthStartup({ NODE_ENV: 'production', CLARIFAI_PAT: 'p' });
    expect(msg).toMatch(/^AUTH_MODE is not set\./);
    for (const s of ['AUTH_MODE=api-key', 'API_KEYS_FILE', 'AUTH_MODE=jwt', 'JWT_JWKS_URL', 'AUTH_MODE=none']) expect(msg).toContain(s);
    expect(checkAuthStartup({ NODE_ENV: 'production', CLARIFAI_PAT: 'p', AUTH_MODE: 'none' })).toBeUndefined();
    // The parsed config works too: AUTH_MODE=none parses to [].
    expect(checkAuthStartup({ NODE_ENV: 'production', CLARIFAI_PAT: 'p', ...parseAuthSettings({ AUTH_MODE: 'none' }) })).toBeUndefined();
    expect(checkAuthStartup({ NODE_ENV: 'production', CLARIFAI_PAT: 'p', ...parseAuthSettings({}) })).toMatch(/^AUTH_MODE is not set/);
  });

  it('lets development, and production without a PAT (local models only), start unset', () => {
    expect(checkAuthStartup({ NODE_ENV: 'development', CLARIFAI_PAT: 'p' })).toBeUndefined();
    expect(checkAuthStartup({ NODE_ENV: 'production' })).toBeUndefined();
    expect(checkAuthStartup({ NODE_ENV: 'production', CLARIFAI_PAT: '' })).toBeUndefined();
  });

  it('names what each mode is missing', () => {
    expect(checkAuthStartup({ AUTH_MODE: 'api-key' })).toContain('API_KEYS_FILE is not set');
    expect(checkAuthStartup({ AUTH_MODE: 'jwt', JWT_JWKS_URL: 'https://x/jwks' })).toContain('JWT_ISSUER, JWT_AUDIENCE are not set');
    expect(checkAuthStartup({ ...parseAuthSettings({ AUTH_MODE: 'jwt, api-key', API_KEYS_FILE: '/k' }) })).toContain(
      'JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE',
    );
    expect(checkAuthStartup({ AUTH_MODE: 'api-key', API_KEYS_FILE: '/k' })).toBeUndefined();
  });
});

describe('the auth settings', () => {
  it('parse AUTH_MODE into methods, lists from commas, and the defaults', () => {
    const s = parseAuthSettings({ AUTH_MODE: 'JWT,api-key', JWT_AUDIENCE: 'a, b', JWT_ISSUER: 'https://i' });
    expect(s.AUTH_MODE).toEqual(['api-key', 'jwt']);
    expect(s.JWT_AUDIENCE).toEqual(['a', 'b']);
    expect(s.JWT_ALGORITHMS).toContain('RS256');
    expect(s.JWT_ALGORITHMS).not.toContain('HS256');
    expect(s).toMatchObject({
      JWT_CLOCK_TOLERANCE_S: 5,
      JWT_JWKS_COOLDOWN_MS: 30000,
      JWT_JWKS_MAX_AGE_MS: 600000,
      JWT_CLAIM_IMAGES_PER_MINUTE: 'images_per_minute',
      JWT_CLAIM_MODELS: 'models',
    });
    expect(parseAuthSettings({}).AUTH_MODE).toBeUndefined();
  });

  it('refuse unknown modes, symmetric algorithms and non-http JWKS URLs', () => {
    expect(() => parseAuthSettings({ AUTH_MODE: 'basic' })).toThrow(/none, api-key, jwt or api-key,jwt/);
    expect(() => parseAuthSettings({ JWT_ALGORITHMS: 'RS256,HS256' })).toThrow(/RS256/);
    expect(() => parseAuthSettings({ JWT_JWKS_URL: 'file:///etc/jwks' })).toThrow();
  });
});
