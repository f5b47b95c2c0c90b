import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../src/config/config.js';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 4000,
      CLARIFAI_API_BASE: 'https://api.clarifai.com',
      CLARIFAI_USER_ID: 'clarifai',
      CLARIFAI_APP_ID: 'main',
      MAX_IMAGES_PER_OPERATION: 1024,
      UPSTREAM_RATE_LIMIT_PER_SECOND: 15,
      ALLOW_CALLER_PAT: false,
    });
    expect(c.CLARIFAI_PAT).toBeUndefined();
  });

  it('names every bad variable and never echoes a secret', () => {
    let err: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        UPSTREAM_MAX_IMAGES_PER_CALL: '129',
        CLARIFAI_API_BASE: 'ftp://x',
        ALLOW_CALLER_PAT: 'maybe',
        CLARIFAI_PAT: 'sekret-pat-value',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    for (const name of ['PORT', 'UPSTREAM_MAX_IMAGES_PER_CALL', 'CLARIFAI_API_BASE', 'ALLOW_CALLER_PAT']) expect(message).toContain(name);
    expect(message).not.toContain('sekret-pat-value');
  });

  it('reads booleans and numbers', () => {
    expect(loadConfig({ ALLOW_CALLER_PAT: 'true', AUTO_ORIENT: '0', PORT: '8080' })).toMatchObject({
      ALLOW_CALLER_PAT: true,
      AUTO_ORIENT: false,
      PORT: 8080,
    });
  });
});
