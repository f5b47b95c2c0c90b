import { createHash } from 'node:crypto';
import type { Concept, OutputConfig } from './types.js';

// The first 20 are the real general-image-recognition concepts from the REST fixture; the rest are
// invented in the same style, so images can differ in more than 20 ways.
const VOCABULARY: ReadonlyArray<readonly [id: string, name: string]> = [
  ['ai_HLmqFqBf', 'train'],
  ['ai_fvlBqXZR', 'railway'],
  ['ai_SHNDcmJ3', 'subway system'],
  ['ai_6kTjGfF6', 'station'],
  ['ai_RRXLczch', 'locomotive'],
  ['ai_Xxjc3MhT', 'transportation system'],
  ['ai_VRmbGVWh', 'travel'],
  ['ai_jlb9q33b', 'commuter'],
  ['ai_2gkfMDsM', 'platform'],
  ['ai_n9vjC1jB', 'light'],
  ['ai_sQQj52KZ', 'train station'],
  ['ai_l4WckcJN', 'blur'],
  ['ai_WBQfVV0p', 'city'],
  ['ai_TZ3C79C6', 'road'],
  ['ai_CpFBRWzD', 'urban'],
  ['ai_tr0MBp64', 'traffic'],
  ['ai_GjVpxXrs', 'street'],
  ['ai_mcSHVRfS', 'public'],
  ['ai_J6d1kV8t', 'tramway'],
  ['ai_6lhccv44', 'business'],
  ['ai_fk3Qx9Lm', 'people'],
  ['ai_Pq7vN2cd', 'no person'],
  ['ai_Zt4kW8rb', 'outdoors'],
  ['ai_Hn5sB1xe', 'indoors'],
  ['ai_Mw2gT6ya', 'nature'],
  ['ai_Ru8dC3kf', 'sky'],
  ['ai_Qa1bV7np', 'water'],
  ['ai_Ld9eJ4hs', 'animal'],
  ['ai_Xc6mK2tq', 'dog'],
  ['ai_Bv3nF8wz', 'cat'],
  ['ai_Gy5pR1ud', 'food'],
  ['ai_Ke7wS9jc', 'portrait'],
  ['ai_Nt2hD5ov', 'architecture'],
  ['ai_Sf4jA8lm', 'tree'],
  ['ai_Wd8qE3gb', 'beach'],
  ['ai_Jm1rY6kx', 'mountain'],
  ['ai_Ep9tU2vn', 'car'],
  ['ai_Ob6yI4rc', 'vehicle'],
  ['ai_Ux3zO7hf', 'technology'],
  ['ai_Ic5aP1sw', 'art'],
];

const DEFAULT_MAX_CONCEPTS = 20;

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The image identity concepts derive from: sha256 of the bytes, else of the URL string. */
export function imageKey(input: { url?: string; bytes?: Buffer }): string {
  if (input.bytes) return sha256Hex(input.bytes);
  if (input.url !== undefined) return sha256Hex(input.url);
  throw new Error('expectedConceptsFor needs url or bytes');
}

// Small PRNG so one hash expands into as many draws as needed, reproducibly.
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Clarifai sends float32 scores; 8 significant digits look like them and survive a JSON round trip.
const score = (x: number): number => Number(Math.fround(x).toPrecision(8));

/**
 * Every concept the model "sees" in an image, best first. The first is always `img_<12 hex of the
 * image hash>` (model-independent), so a result delivered to the wrong image never passes a check.
 */
export function allConceptsFor(key: string, modelId: string, userId: string, appId: string): Concept[] {
  const seedHash = createHash('sha256').update(`${modelId}\0${key}`).digest();
  const rand = mulberry32(seedHash.readUInt32BE(0));
  const count = 4 + (seedHash[4]! % 6);
  const pool = [...VOCABULARY];
  const picked: Concept[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rand() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    const [id, name] = pool[i]!;
    picked.push({ id, name, value: score(0.5 + 0.48 * rand()), app_id: appId, user_id: userId });
  }
  picked.sort((a, b) => b.value - a.value);
  const short = key.slice(0, 12);
  const own = score(0.99 + 0.0099 * (parseInt(key.slice(0, 4), 16) / 0xffff));
  return [{ id: `img_${short}`, name: `img_${short}`, value: own, app_id: appId, user_id: userId }, ...picked];
}

/** True when a select_concepts entry names something this fake model can output. */
export function isKnownConcept(sel: { id?: string; name?: string }): boolean {
  return (
    VOCABULARY.some(([id, name]) => (sel.id !== undefined && sel.id === id) || (sel.name !== undefined && sel.name === name)) ||
    Boolean(sel.id?.startsWith('img_') || sel.name?.startsWith('img_'))
  );
}

export function applyOutputConfig(concepts: Concept[], config: OutputConfig): Concept[] {
  let out = concepts;
  const selected = config.select_concepts;
  if (selected && selected.length > 0) {
    out = out.filter((c) => selected.some((s) => (s.id !== undefined && s.id === c.id) || (s.name !== undefined && s.name === c.name)));
  }
  if (config.min_value !== undefined && config.min_value > 0) out = out.filter((c) => c.value >= config.min_value!);
  return out.slice(0, config.max_concepts || DEFAULT_MAX_CONCEPTS);
}

export interface ExpectedOptions {
  outputConfig?: OutputConfig;
  /** Owner the concepts are reported under; defaults to clarifai/main like the fixture. */
  userId?: string;
  appId?: string;
}

/** Exactly the concepts the fake answers for this image and model (after output_config, if given). */
export function expectedConceptsFor(input: { url?: string; bytes?: Buffer }, modelId: string, options: ExpectedOptions = {}): Concept[] {
  const all = allConceptsFor(imageKey(input), modelId, options.userId ?? 'clarifai', options.appId ?? 'main');
  return applyOutputConfig(all, options.outputConfig ?? {});
}
