/** Mapping raw model output to concepts/regions and applying output options: no models needed. */
import { describe, expect, test } from '@jest/globals';
import { LOCAL_MODELS, LOCAL_OBJECTS_ID, findLocalModel } from '../../../src/backends/local/catalog.js';
import { applyOutputOptions, resolveSelection } from '../../../src/backends/local/output-options.js';
import { toLocalResult } from '../../../src/backends/local/to-prediction.js';
import { ErrorCode, ImageError } from '../../../src/error-codes.js';

const objects = findLocalModel(LOCAL_OBJECTS_ID)!;
const detections = toLocalResult({
  kind: 'objects',
  detections: [
    { label: 'dog', score: 0.4, box: [0.1, 0.2, 0.3, 0.4] },
    { label: 'car', score: 0.6, box: [0.9, -0.01, 0.2, 0.1] },
    { label: 'dog', score: 0.7, box: [0.5, 0.5, 0.1, 0.1] },
  ],
});

describe('catalog', () => {
  test('ids are unique per model and the detector knows the 80 COCO classes', () => {
    for (const model of LOCAL_MODELS) {
      expect(new Set(model.concepts.map((c) => c.id)).size).toBe(model.concepts.length);
    }
    expect(objects.concepts).toHaveLength(80);
    expect(objects.concepts).toContainEqual({ id: 'coco_traffic_light', name: 'traffic light' });
  });
});

describe('toLocalResult', () => {
  test('objects: best score per label as concepts, regions best first with clamped boxes', () => {
    expect(detections.concepts).toEqual([
      { id: 'coco_dog', name: 'dog', value: 0.7 },
      { id: 'coco_car', name: 'car', value: 0.6 },
    ]);
    expect(detections.regions.map((r) => r.value)).toEqual([0.7, 0.6, 0.4]);
    expect(detections.regions[1]!.boundingBox).toEqual({ top: 0, left: 0.9, bottom: expect.closeTo(0.09, 5), right: 1 });
  });

  test('moderation: sfw = neutral + drawing, nsfw = the rest', () => {
    const { concepts } = toLocalResult({
      kind: 'moderation',
      scores: { Drawing: 0.1, Hentai: 0.05, Neutral: 0.6, Porn: 0.15, Sexy: 0.1 },
    });
    const value = (id: string) => concepts.find((c) => c.id === id)!.value;
    expect(value('sfw')).toBeCloseTo(0.7);
    expect(value('nsfw')).toBeCloseTo(0.3);
    expect(concepts[0]!.id).toBe('sfw');
  });
});

describe('output options', () => {
  test('minValue filters concepts and regions; maxConcepts caps concepts', () => {
    const out = applyOutputOptions(detections, { minValue: 0.5, maxConcepts: 1 }, undefined);
    expect(out.concepts.map((c) => c.name)).toEqual(['dog']);
    expect(out.regions.map((r) => r.value)).toEqual([0.7, 0.6]);
  });

  test('selection matches ids or names (any case); absent concepts come back at 0', () => {
    const selection = resolveSelection(objects, { selectConcepts: [{ name: 'CAR' }, { id: 'coco_cat' }, { name: 'car' }] });
    expect(selection).toEqual([
      { id: 'coco_car', name: 'car' },
      { id: 'coco_cat', name: 'cat' },
    ]);
    const out = applyOutputOptions(detections, {}, selection as never);
    expect(out.concepts).toEqual([
      { id: 'coco_car', name: 'car', value: 0.6 },
      { id: 'coco_cat', name: 'cat', value: 0 },
    ]);
    expect(out.regions.map((r) => r.concepts[0]!.name)).toEqual(['car']);
  });

  test('an unknown selected concept is MODEL_INVALID_ARGUMENT; no selection is undefined', () => {
    const error = resolveSelection(objects, { selectConcepts: [{ id: 'nsfw_porn' }] });
    expect(error).toBeInstanceOf(ImageError);
    expect((error as ImageError).code).toBe(ErrorCode.MODEL_INVALID_ARGUMENT);
    expect(resolveSelection(objects, { selectConcepts: [] })).toBeUndefined();
  });
});
