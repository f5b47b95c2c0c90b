import type { ImagePrediction, ModelRef } from '../../src/backends/predict-backend.js';
import type { PreparedImage } from '../../src/images/prepared-image.js';
import { credentialFingerprint } from '../../src/credential-fingerprint.js';
import { predictionCacheKey, type PredictionKeyParts } from '../../src/cache/index.js';

export const general: ModelRef = { modelId: 'general-image-recognition', userId: 'clarifai', appId: 'main' };

export function urlImage(url = 'https://example.com/a.jpg'): PreparedImage {
  return { kind: 'url', key: url, url };
}

export function bytesImage(sha256 = 'a'.repeat(64)): PreparedImage {
  return { kind: 'bytes', key: sha256, sha256, format: 'jpeg', bytes: Buffer.alloc(0), byteLength: 0, base64Length: 0 };
}

export function parts(over: Partial<PredictionKeyParts> = {}): PredictionKeyParts {
  return {
    backend: 'clarifai',
    model: general,
    options: {},
    audience: { fingerprint: credentialFingerprint('pat-one') },
    image: bytesImage(),
    ...over,
  };
}

export const key = (over: Partial<PredictionKeyParts> = {}) => predictionCacheKey(parts(over));

/** A prediction of roughly `conceptCount * 60` bytes of JSON. */
export function prediction(versionId: string | undefined = 'v1', conceptCount = 3, tag = 'c'): ImagePrediction {
  const concepts = Array.from({ length: conceptCount }, (_, i) => ({ id: `${tag}${i}`, name: `${tag}-name-${i}`, value: 0.5 }));
  return { concepts, regions: [], model: { id: general.modelId, versionId } };
}

/** A clock the test moves by hand (used for both storedAt and lru-cache's TTL checks). */
export function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}
