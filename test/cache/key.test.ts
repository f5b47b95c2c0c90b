import { describe, expect, it } from '@jest/globals';
import { credentialFingerprint } from '../../src/credential-fingerprint.js';
import { predictionCacheKey } from '../../src/cache/index.js';
import { bytesImage, general, key, parts, urlImage } from './fixtures.js';

const id = (k: ReturnType<typeof key>) => JSON.stringify(k);

describe('predictionCacheKey', () => {
  it('differs by every part that changes the answer', () => {
    const base = id(key());
    const variants = {
      credential: key({ audience: { fingerprint: credentialFingerprint('pat-two') } }),
      public: key({ audience: 'public' }),
      backend: key({ backend: 'local' }),
      model: key({ model: { ...general, modelId: 'other' } }),
      owner: key({ model: { ...general, appId: 'other-app' } }),
      version: key({ model: { ...general, versionId: 'v2' } }),
      minValue: key({ options: { minValue: 0.5 } }),
      maxConcepts: key({ options: { maxConcepts: 5 } }),
      select: key({ options: { selectConcepts: [{ name: 'dog' }] } }),
      image: key({ image: bytesImage('b'.repeat(64)) }),
      url: key({ image: urlImage() }),
    };
    const ids = Object.values(variants).map(id);
    expect(new Set([base, ...ids]).size).toBe(ids.length + 1);
  });

  it('resolved versions differ from each other and from "latest"', () => {
    const v1 = key({ model: { ...general, versionId: 'v1' } });
    const v2 = key({ model: { ...general, versionId: 'v2' } });
    const latest = key();
    expect(latest.version).toBeUndefined();
    expect([v1.version, v2.version]).toEqual(['v1', 'v2']);
    // Same scope and input: the alias can map "latest" onto a resolved version's entry.
    expect(latest.scope).toBe(v1.scope);
    expect(latest.input).toBe(v1.input);
  });

  it('is equal for reordered selectConcepts and for defaults spelt out', () => {
    const a = key({ options: { selectConcepts: [{ name: 'dog' }, { id: 'ai_1' }, { name: 'cat' }] } });
    const b = key({ options: { selectConcepts: [{ name: 'cat' }, { name: 'dog' }, { id: 'ai_1' }] } });
    expect(id(a)).toBe(id(b));
    const defaults = { maxConcepts: 20, minValue: 0 };
    expect(id(key({ options: {}, optionDefaults: defaults }))).toBe(id(key({ options: { maxConcepts: 20, minValue: 0 }, optionDefaults: defaults })));
    // Without declared defaults, absent and explicit stay apart: a miss at worst, never a wrong answer.
    expect(id(key({ options: {} }))).not.toBe(id(key({ options: { maxConcepts: 20 } })));
  });

  it('selects by id and by name stay distinct', () => {
    expect(id(key({ options: { selectConcepts: [{ id: 'dog' }] } }))).not.toBe(id(key({ options: { selectConcepts: [{ name: 'dog' }] } })));
  });

  it('holds no secret and no URL in clear, and refuses a raw PAT', () => {
    const k = key({ image: urlImage('https://bucket.example/x.jpg?X-Amz-Signature=secret') });
    expect(JSON.stringify(k)).not.toMatch(/secret|bucket|pat-one/);
    expect(() => predictionCacheKey(parts({ audience: { fingerprint: 'pat-one' } }))).toThrow(TypeError);
  });

  it('the kind follows the image', () => {
    expect(key({ image: urlImage() }).kind).toBe('url');
    expect(key().kind).toBe('bytes');
  });
});
