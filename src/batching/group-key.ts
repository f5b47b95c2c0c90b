import { credentialFingerprint } from '../credential-fingerprint.js';
import type { ModelRef, OutputOptions } from '../backends/predict-backend.js';

export interface GroupSpec {
  backend: string;
  credential: string | undefined;
  model: ModelRef;
  options: OutputOptions;
}

/**
 * Images may share an upstream call only when everything that shapes the call is equal: the backend,
 * the credential (so no call mixes two callers' images), the model and version, and the output options.
 * The credential enters as a hash, so keys (which may be logged) never hold a secret.
 */
export function groupKey(spec: GroupSpec): string {
  const credential = spec.credential ? credentialFingerprint(spec.credential) : '-';
  const { modelId, versionId, userId, appId } = spec.model;
  const options = canonicalOptions(spec.options);
  return JSON.stringify([spec.backend, credential, userId, appId, modelId, versionId ?? null, options]);
}

function canonicalOptions(o: OutputOptions): unknown[] {
  const select = (o.selectConcepts ?? []).map((c) => (c.id !== undefined ? `id:${c.id}` : `name:${c.name}`)).sort();
  return [o.minValue ?? null, o.maxConcepts ?? null, select];
}
