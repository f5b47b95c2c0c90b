import type { ImagePrediction } from '../backends/predict-backend.js';

/** What both levels hold, as one compact JSON string: `{"t":storedAt,"p":prediction}`. */
export interface StoredEntry {
  storedAt: number;
  prediction: ImagePrediction;
}

export function encodeEntry(prediction: ImagePrediction, storedAt: number): string {
  return JSON.stringify({ t: storedAt, p: prediction });
}

/**
 * Parses an entry, or undefined when it is not one (another writer, a format change, a truncated
 * value): a bad entry must read as a miss, never as a prediction with missing fields.
 */
export function decodeEntry(json: string): StoredEntry | undefined {
  try {
    const o = JSON.parse(json) as { t?: unknown; p?: Partial<ImagePrediction> };
    const p = o.p;
    if (typeof o.t !== 'number' || !p || !Array.isArray(p.concepts) || !Array.isArray(p.regions) || typeof p.model?.id !== 'string') {
      return undefined;
    }
    return { storedAt: o.t, prediction: p as ImagePrediction };
  } catch {
    return undefined;
  }
}

/** The "latest → resolved version" alias, with its own birth time so a copy keeps the original expiry. */
export function encodeAlias(version: string, storedAt: number): string {
  return JSON.stringify([version, storedAt]);
}

export function decodeAlias(json: string): { version: string; storedAt: number } | undefined {
  try {
    const a = JSON.parse(json) as unknown;
    if (Array.isArray(a) && typeof a[0] === 'string' && typeof a[1] === 'number') return { version: a[0], storedAt: a[1] };
  } catch {
    // fall through: unreadable alias is no alias
  }
  return undefined;
}
