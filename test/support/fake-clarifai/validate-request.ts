import { Code } from './status-codes.js';
import { sha256Hex } from './concepts.js';
import { parseOutputConfig } from './output-config.js';
import { decodeBase64 } from './base64.js';
import { newId } from './responses.js';
import type { OutputConfig } from './types.js';
import type { Route } from './routes.js';

export interface ParsedInput {
  id: string;
  idGenerated: boolean;
  kind: 'url' | 'base64' | 'none';
  url?: string;
  bytes?: Buffer;
  sha256?: string;
  /** Set when this input alone is invalid (the call goes on for the others). */
  error?: { code: number; details: string };
}

export interface ParsedRequest {
  userId: string;
  appId: string;
  inputs: ParsedInput[];
  outputConfig: OutputConfig;
}

export interface Rejection {
  httpStatus: number;
  code: number;
  details: string;
  /** What could be read before the rejection, for calls[]. */
  inputCount?: number;
  userId?: string;
  appId?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const badFormat = (details: string, extra: Partial<Rejection> = {}): Rejection => ({
  httpStatus: 400,
  code: Code.CONN_BAD_REQUEST_FORMAT,
  details,
  ...extra,
});

// PostModelOutputsRequest fields (service.proto); anything else would be rejected by the JSON gateway.
const TOP_LEVEL = new Set([
  'user_app_id',
  'model_id',
  'version_id',
  'inputs',
  'model',
  'runner_selector',
  'use_predict_cache',
  'enable_log_summary_on_error',
]);
const INPUT_FIELDS = new Set(['id', 'data', 'created_at', 'modified_at', 'status', 'dataset_ids', 'settings']);
// google.protobuf.Struct values hold user keys of any casing.
const FREE_FORM = new Set(['params', 'metadata']);

/** First camelCase key, as a path, so a client bug is named precisely. */
function findCamelCase(value: unknown, path: string): { key: string; path: string } | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findCamelCase(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (/[A-Z]/.test(key)) return { key, path: path ? `${path}.${key}` : key };
      if (FREE_FORM.has(key)) continue;
      const hit = findCamelCase(child, path ? `${path}.${key}` : key);
      if (hit) return hit;
    }
  }
  return undefined;
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function parseRequest(raw: Buffer, route: Route, maxInputs: number): { ok: true; req: ParsedRequest } | { ok: false; rej: Rejection } {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    return { ok: false, rej: badFormat(`Failed to parse request body as JSON: ${(err as Error).message}`) };
  }
  if (!isObject(body)) return { ok: false, rej: badFormat('Request body must be a JSON object') };

  const camel = findCamelCase(body, '');
  if (camel) {
    return { ok: false, rej: badFormat(`Unknown field "${camel.path}": snake_case keys expected (did you mean "${snake(camel.key)}"?)`) };
  }
  const unknown = Object.keys(body).find((k) => !TOP_LEVEL.has(k));
  if (unknown) return { ok: false, rej: badFormat(`Unknown field "${unknown}" in PostModelOutputsRequest`) };

  const uai = body.user_app_id;
  if (uai !== undefined && uai !== null && !isObject(uai)) return { ok: false, rej: badFormat('user_app_id must be an object') };
  const fromBody = (k: string): string | undefined => (isObject(uai) && typeof uai[k] === 'string' && uai[k] ? (uai[k] as string) : undefined);
  // gRPC-gateway fills path parameters over the body, so the path wins.
  const userId = route.userId ?? fromBody('user_id');
  const appId = route.appId ?? fromBody('app_id');

  const inputs = body.inputs ?? [];
  if (!Array.isArray(inputs)) return { ok: false, rej: badFormat('inputs must be an array', { userId, appId }) };
  const ctx = { inputCount: inputs.length, userId, appId };
  if (!userId || !appId) {
    return {
      ok: false,
      rej: {
        httpStatus: 400,
        code: Code.CONN_INVALID_REQUEST,
        ...ctx,
        details: 'user_app_id.user_id and user_app_id.app_id are required when the path does not name them (PAT auth)',
      },
    };
  }
  if (inputs.length === 0) {
    return { ok: false, rej: { httpStatus: 400, code: Code.PREDICT_INVALID_REQUEST, details: 'No inputs given', ...ctx } };
  }
  if (inputs.length > maxInputs) {
    return {
      ok: false,
      rej: {
        httpStatus: 400,
        code: Code.PREDICT_INVALID_REQUEST,
        ...ctx,
        details: `Too many inputs: ${inputs.length} given, at most ${maxInputs} allowed per request`,
      },
    };
  }

  if (body.model !== undefined && body.model !== null && !isObject(body.model)) {
    return { ok: false, rej: badFormat('model must be an object', ctx) };
  }
  const config = parseOutputConfig(isObject(body.model) ? body.model : {});
  if (typeof config === 'string') return { ok: false, rej: badFormat(config, ctx) };

  const parsed: ParsedInput[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const input = parseInput(inputs[i], i);
    if (typeof input === 'string') return { ok: false, rej: badFormat(input, ctx) };
    parsed.push(input);
  }
  return { ok: true, req: { userId, appId, inputs: parsed, outputConfig: config } };
}

/** A string result is a whole-call format error; per-input problems go into `error`. */
function parseInput(input: unknown, i: number): ParsedInput | string {
  if (!isObject(input)) return `inputs[${i}] must be an object`;
  const unknown = Object.keys(input).find((k) => !INPUT_FIELDS.has(k));
  if (unknown) return `Unknown field "inputs[${i}].${unknown}" in Input`;
  if (input.id !== undefined && input.id !== null && typeof input.id !== 'string') return `inputs[${i}].id must be a string`;
  const given = typeof input.id === 'string' && input.id !== '';
  const base = { id: given ? (input.id as string) : newId(), idGenerated: !given };

  const image = isObject(input.data) ? input.data.image : undefined;
  const url = isObject(image) ? image.url : undefined;
  const b64 = isObject(image) ? image.base64 : undefined;
  if (url !== undefined && url !== null && typeof url !== 'string') return `inputs[${i}].data.image.url must be a string`;
  if (b64 !== undefined && b64 !== null && typeof b64 !== 'string') return `inputs[${i}].data.image.base64 must be a base64 string`;

  const hasUrl = typeof url === 'string' && url !== '';
  const hasB64 = typeof b64 === 'string' && b64 !== '';
  if (hasUrl && hasB64) {
    return { ...base, kind: 'url', url, error: { code: Code.INPUT_INVALID_ARGUMENT, details: 'Input has both image url and base64; send one' } };
  }
  if (hasUrl) return { ...base, kind: 'url', url };
  if (hasB64) {
    const bytes = decodeBase64(b64);
    if (!bytes) return { ...base, kind: 'base64', error: { code: Code.ALL_INPUT_INVALID_BYTES, details: 'Invalid base64 in data.image.base64' } };
    return { ...base, kind: 'base64', bytes, sha256: sha256Hex(bytes) };
  }
  return { ...base, kind: 'none', error: { code: Code.INPUT_INVALID_ARGUMENT, details: 'Input has neither data.image.url nor data.image.base64' } };
}
