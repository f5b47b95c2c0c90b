import type { LocalModelInfo } from './local/catalog.js';

/** A model as the `models` query shows it. */
export interface ModelDescription {
  id: string;
  backend: 'LOCAL' | 'CLARIFAI';
  description: string;
  concepts: ReadonlyArray<{ id: string; name: string }> | null;
  returnsRegions: boolean;
  available: boolean;
  unavailableReason: string | null;
  source: string | null;
  licence: string | null;
}

/** State of the embedded backend, as start-up found it. */
export type LocalState = { state: 'loading' } | { state: 'ready' } | { state: 'unavailable'; reason: string };

export const CLARIFAI_GENERAL_MODEL = 'general-image-recognition';

export function describeLocal(m: LocalModelInfo, local: LocalState): ModelDescription {
  return {
    id: m.id,
    backend: 'LOCAL',
    description: m.description,
    concepts: m.concepts,
    returnsRegions: m.returnsRegions,
    available: local.state === 'ready',
    unavailableReason: local.state === 'ready' ? null : local.state === 'loading' ? 'the local models are still loading' : local.reason,
    source: m.source,
    licence: m.licence,
  };
}

/** Clarifai serves thousands of models by id; we list the general one, which public PATs can all reach. */
export function describeClarifaiGeneral(hasCredential: boolean): ModelDescription {
  return {
    id: CLARIFAI_GENERAL_MODEL,
    backend: 'CLARIFAI',
    description:
      "Clarifai's general image recognition model (thousands of concepts). Any other Clarifai model id works too: every id that is not a local model goes to Clarifai.",
    concepts: null,
    returnsRegions: false,
    available: hasCredential,
    unavailableReason: hasCredential ? null : 'no Clarifai PAT: set CLARIFAI_PAT (or send Authorization: Key <PAT> where ALLOW_CALLER_PAT is on)',
    source: 'Clarifai REST API v2',
    licence: null,
  };
}

export function missingCredentialMessage(localIds: readonly string[], localOn: boolean): string {
  const local = localOn && localIds.length ? ` Models that need no key: ${localIds.join(', ')}.` : '';
  return `This model id is not a local model, so it is looked up at Clarifai, and no Clarifai PAT is configured: set CLARIFAI_PAT on the server (or send Authorization: Key <PAT> where ALLOW_CALLER_PAT is on).${local}`;
}
