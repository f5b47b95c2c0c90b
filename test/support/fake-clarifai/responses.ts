import { randomUUID } from 'node:crypto';
import { describeCode } from './status-codes.js';
import type { Concept } from './types.js';

export const DEFAULT_VERSION_ID = 'aa7f35c01e0642fda5cf400f543e7c40';
/** Clarifai echoes base64 "true", never the bytes sent. */
export const ECHOED_BASE64 = 'dHJ1ZQ==';
/** What Clarifai echoes as the url of a bytes input. */
export const BYTES_PLACEHOLDER_URL = 'https://samples.clarifai.com/placeholder.gif';

export interface Status {
  code: number;
  description: string;
  details?: string;
  req_id?: string;
}

export const newId = (): string => randomUUID().replace(/-/g, '');

// Clarifai timestamps carry nanoseconds; clients must cope with 9 fractional digits.
export const timestamp = (): string => new Date().toISOString().replace('Z', '000000Z');

export function status(code: number, details?: string, description = describeCode(code)): Status {
  return details === undefined ? { code, description } : { code, description, details };
}

export function topStatus(code: number, details?: string, description?: string): Status {
  return { ...status(code, details, description), req_id: newId() };
}

/** Body of a whole-call failure: Clarifai still sends `outputs` (empty) next to the status. */
export function errorBody(code: number, details?: string, description?: string): object {
  return { status: topStatus(code, details, description), outputs: [] };
}

export interface ModelRefEcho {
  modelId: string;
  versionId?: string;
  userId: string;
  appId: string;
}

/** The `model` block of an output, shaped like the fixture's (general-image-recognition). */
export function modelBlock(ref: ModelRefEcho): object {
  const owner = { app_id: ref.appId, user_id: ref.userId };
  return {
    id: ref.modelId,
    name: ref.modelId === 'general-image-recognition' ? 'Image Recognition' : ref.modelId,
    created_at: '2016-03-09T17:11:39.608845Z',
    modified_at: '2025-02-18T17:49:04.809517Z',
    app_id: ref.appId,
    model_version: {
      id: ref.versionId ?? DEFAULT_VERSION_ID,
      created_at: '2018-03-06T21:10:24.454834Z',
      status: status(21100),
      visibility: { gettable: 50 },
      ...owner,
      metadata: {},
    },
    user_id: ref.userId,
    model_type_id: 'visual-classifier',
    visibility: { gettable: 50 },
    toolkits: [],
    use_cases: [],
    languages: [],
    languages_full: [],
    check_consents: [],
    workflow_recommended: false,
    image: {
      url: `https://data.clarifai.com/large/users/${ref.userId}/apps/${ref.appId}/models/${ref.modelId}/thumbnail`,
      hosted: {
        prefix: 'https://data.clarifai.com',
        suffix: `users/${ref.userId}/apps/${ref.appId}/models/${ref.modelId}/thumbnail`,
        sizes: ['small', 'large'],
        crossorigin: 'use-credentials',
      },
    },
  };
}

export interface OutputSpec {
  inputId: string;
  kind: 'url' | 'base64' | 'none';
  url?: string;
  status: Status;
  concepts?: Concept[];
}

export function output(spec: OutputSpec, model: object): object {
  return {
    id: newId(),
    status: spec.status,
    created_at: timestamp(),
    model,
    input: { id: spec.inputId, data: { image: echoedImage(spec) } },
    data: spec.concepts ? { concepts: spec.concepts } : {},
  };
}

function echoedImage(spec: OutputSpec): object {
  if (spec.kind === 'none') return {};
  return { url: spec.kind === 'url' ? spec.url : BYTES_PLACEHOLDER_URL, base64: ECHOED_BASE64 };
}
