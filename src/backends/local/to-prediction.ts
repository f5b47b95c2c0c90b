import type { ConceptResult, RegionResult } from '../predict-backend.js';
import { NSFW_CLASSES, NSFW_CONCEPT, SFW_CONCEPT } from './catalog.js';
import { cocoConceptId } from './coco-labels.js';
import type { Detection, RawOutput } from './protocol.js';

export interface LocalResult {
  concepts: ConceptResult[];
  regions: RegionResult[];
}

/** Turns a worker's raw output into Clarifai-shaped concepts (best first) and regions. */
export function toLocalResult(output: RawOutput): LocalResult {
  return output.kind === 'moderation' ? moderationResult(output.scores) : objectsResult(output.detections);
}

function moderationResult(scores: Record<string, number>): LocalResult {
  let safe = 0;
  const concepts: ConceptResult[] = NSFW_CLASSES.map((c) => {
    const value = clamp01(scores[c.className] ?? 0);
    if (c.safe) safe += value;
    return { id: c.id, name: c.name, value };
  });
  // The classes are a softmax, so the pair sums to 1 like Clarifai's sfw/nsfw.
  const sfw = clamp01(safe);
  concepts.push({ ...SFW_CONCEPT, value: sfw }, { ...NSFW_CONCEPT, value: clamp01(1 - sfw) });
  return { concepts: concepts.sort(byValue), regions: [] };
}

function objectsResult(detections: Detection[]): LocalResult {
  const best = new Map<string, number>();
  const regions: RegionResult[] = [...detections]
    .sort((a, b) => b.score - a.score)
    .map(({ label, score, box: [x, y, w, h] }) => {
      best.set(label, Math.max(best.get(label) ?? 0, score));
      return {
        boundingBox: { top: clamp01(y), left: clamp01(x), bottom: clamp01(y + h), right: clamp01(x + w) },
        value: score,
        concepts: [{ id: cocoConceptId(label), name: label, value: score }],
      };
    });
  const concepts = [...best].map(([label, value]) => ({ id: cocoConceptId(label), name: label, value }));
  return { concepts: concepts.sort(byValue), regions };
}

function byValue(a: ConceptResult, b: ConceptResult): number {
  return b.value - a.value;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
