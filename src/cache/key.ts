import { hash as digest } from 'node:crypto';
import type { ModelRef, OutputOptions } from '../backends/predict-backend.js';
import type { PreparedImage } from '../images/prepared-image.js';
import type { CacheKind } from './types.js';

/**
 * Whose answer it is. A credential enters only as its fingerprint (see credential-fingerprint.ts);
 * 'public' is for models the operator declared shareable, so every caller's answers pool together.
 */
export type CacheAudience = { fingerprint: string } | 'public';

export interface PredictionKeyParts {
  backend: string;
  /** The model as asked for: no `versionId` means "latest" (resolved through the alias, see cache). */
  model: ModelRef;
  options: OutputOptions;
  /** The backend's own defaults, if known for certain: `{}` and the defaults spelt out then share a key. */
  optionDefaults?: OutputOptions;
  audience: CacheAudience;
  image: PreparedImage;
}

/**
 * A cache key in two halves so that "latest" can be resolved later: `scope` names backend, model and
 * audience (the alias lives there), `input` names options and image. Both are hashes: a normalised
 * URL may carry a signed query string, and keys end up in Redis and in logs.
 */
export interface PredictionKey {
  readonly kind: CacheKind;
  readonly scope: string;
  /** The version asked for, or undefined for "latest". */
  readonly version: string | undefined;
  readonly input: string;
}

const FINGERPRINT = /^[0-9a-f]{16}$/;

export function predictionCacheKey(parts: PredictionKeyParts): PredictionKey {
  const { backend, model, audience, image } = parts;
  if (audience !== 'public' && !FINGERPRINT.test(audience.fingerprint)) {
    // A raw PAT passed by mistake must fail loudly rather than become part of a key.
    throw new TypeError('predictionCacheKey: audience.fingerprint must be a credentialFingerprint() value');
  }
  const who = audience === 'public' ? 'public' : `fp:${audience.fingerprint}`;
  const scope = scopeHash(JSON.stringify([backend, model.userId, model.appId, model.modelId, who]));
  const what = image.kind === 'url' ? `u:${image.key}` : `b:${image.sha256}`;
  const input = hash(JSON.stringify([canonicalOptions(parts.options, parts.optionDefaults), what]));
  return { kind: image.kind, scope, version: model.versionId || undefined, input };
}

/**
 * Options as the backend will apply them: defaults filled in, selection sorted (its order does not
 * change the answer). Duplicates are kept: whether a backend ignores them is not ours to assume.
 */
export function canonicalOptions(options: OutputOptions, defaults: OutputOptions = {}): unknown[] {
  const select = (options.selectConcepts ?? defaults.selectConcepts ?? []).map((c) => JSON.stringify([c.id ?? null, c.name ?? null])).sort();
  return [options.minValue ?? defaults.minValue ?? null, options.maxConcepts ?? defaults.maxConcepts ?? null, select];
}

/** Entry ids: the version stays readable when it is a plain id, and is hashed otherwise. */
export function entryId(key: PredictionKey, version: string): string {
  const v = /^[\w.@/-]{0,80}$/.test(version) ? version : hash(version);
  return `e:${key.scope}:${v}:${key.input}`;
}

export function aliasId(key: PredictionKey): string {
  return `a:${key.scope}`;
}

/** Every image of a model and audience shares its scope: a few in practice, emptied if ever 1,024. */
const scopes = new Map<string, string>();

function scopeHash(parts: string): string {
  let h = scopes.get(parts);
  if (h === undefined) {
    if (scopes.size >= 1024) scopes.clear();
    h = hash(parts);
    scopes.set(parts, h);
  }
  return h;
}

/** One-shot `crypto.hash` (Node ≥ 20.12): a third of createHash's cost for strings this short. */
function hash(s: string): string {
  return digest('sha256', s, 'base64url').slice(0, 24);
}
