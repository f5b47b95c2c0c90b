import type { OutputConfig } from './types.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const dig = (v: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((acc, k) => (isObject(acc) ? acc[k] : undefined), v);

/**
 * Reads output_config from the docs' (deprecated) `model.output_info` and the SDKs'
 * `model.model_version.output_info`; the latter wins field by field. A string is a format error.
 */
export function parseOutputConfig(model: Json): OutputConfig | string {
  const merged: Json = {};
  for (const src of [dig(model, 'output_info', 'output_config'), dig(model, 'model_version', 'output_info', 'output_config')]) {
    if (src === undefined || src === null) continue;
    if (!isObject(src)) return 'output_config must be an object';
    Object.assign(merged, src);
  }
  const out: OutputConfig = {};
  const { max_concepts: max, min_value: min, select_concepts: sel } = merged;
  if (max !== undefined && max !== null) {
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) return 'output_config.max_concepts must be a non-negative integer';
    out.max_concepts = max;
  }
  if (min !== undefined && min !== null) {
    if (typeof min !== 'number' || !Number.isFinite(min)) return 'output_config.min_value must be a number';
    out.min_value = min;
  }
  if (sel !== undefined && sel !== null) {
    if (!Array.isArray(sel)) return 'output_config.select_concepts must be an array';
    const list: Array<{ id?: string; name?: string }> = [];
    for (const c of sel) {
      if (!isObject(c)) return 'output_config.select_concepts entries must be objects';
      if ((c.id !== undefined && typeof c.id !== 'string') || (c.name !== undefined && typeof c.name !== 'string')) {
        return 'output_config.select_concepts[].id and .name must be strings';
      }
      list.push({ ...(c.id ? { id: c.id as string } : {}), ...(c.name ? { name: c.name as string } : {}) });
    }
    out.select_concepts = list;
  }
  return out;
}
