import type { ConceptResult, ImagePrediction, RegionResult } from '../predict-backend.js';
import type { UpstreamStatus } from '../../error-codes.js';
import { inputId } from './request-body.js';
import { statusNumber } from './status-codes.js';

export type OutputResult = { ok: true; prediction: ImagePrediction } | { ok: false; status: UpstreamStatus };

export interface ParsedResponse {
  status: UpstreamStatus | undefined;
  /** One slot per input sent; undefined where Clarifai returned no (readable) output for it. */
  outputs: Array<OutputResult | undefined>;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function parseStatus(v: unknown): UpstreamStatus | undefined {
  const s = obj(v);
  const code = statusNumber(s?.code);
  if (!s || code === undefined) return undefined;
  return { code, description: str(s.description) ?? '', ...(str(s.details) ? { details: str(s.details) } : {}) };
}

function parseConcepts(v: unknown): ConceptResult[] {
  return arr(v).flatMap((c) => {
    const o = obj(c);
    const id = str(o?.id);
    const value = num(o?.value);
    if (!o || id === undefined || value === undefined) return [];
    return [{ id, name: str(o.name) ?? id, value, ...(str(o.app_id) ? { appId: str(o.app_id) } : {}) }];
  });
}

function parseRegions(v: unknown): RegionResult[] {
  return arr(v).flatMap((r) => {
    const o = obj(r);
    const box = obj(obj(o?.region_info)?.bounding_box);
    if (!o || !box) return [];
    const boundingBox = {
      top: num(box.top_row) ?? 0,
      left: num(box.left_col) ?? 0,
      bottom: num(box.bottom_row) ?? 0,
      right: num(box.right_col) ?? 0,
    };
    return [{ id: str(o.id), boundingBox, value: num(o.value), concepts: parseConcepts(obj(o.data)?.concepts) }];
  });
}

function parseOutput(o: Json): OutputResult | undefined {
  const status = parseStatus(o.status);
  if (!status) return undefined;
  if (status.code !== 10000) return { ok: false, status };
  const model = obj(o.model);
  const data = obj(o.data);
  const prediction: ImagePrediction = {
    concepts: parseConcepts(data?.concepts),
    regions: parseRegions(data?.regions),
    model: {
      id: str(model?.id) ?? '',
      versionId: str(obj(model?.model_version)?.id),
      userId: str(model?.user_id),
      appId: str(model?.app_id),
    },
  };
  return { ok: true, prediction };
}

/**
 * Reads a MultiOutputResponse. Outputs are matched to inputs by the ids we sent. Only when no output
 * carries one of our ids and the counts agree is position used (Clarifai documents outputs in input
 * order), so a missing or extra output can never shift results onto the wrong image.
 */
export function parseResponse(json: unknown, inputCount: number): ParsedResponse {
  const body = obj(json);
  const outputs: Array<OutputResult | undefined> = new Array(inputCount).fill(undefined);
  const list = arr(body?.outputs).map(obj);
  const ours = list.map((o) => indexOfInputId(str(obj(o?.input)?.id)));
  const byId = ours.some((slot) => slot !== undefined);
  if (byId || list.length === inputCount) {
    list.forEach((o, position) => {
      const slot = byId ? ours[position] : position;
      if (!o || slot === undefined || slot >= inputCount || outputs[slot] !== undefined) return;
      outputs[slot] = parseOutput(o);
    });
  }
  return { status: parseStatus(body?.status), outputs };
}

function indexOfInputId(id: string | undefined): number | undefined {
  const m = id?.match(/^in-(\d+)$/);
  if (!m) return undefined;
  const n = Number(m[1]);
  return inputId(n) === id ? n : undefined;
}
