/**
 * The embedded backend with its real models on real photos (test/fixtures/photos). Both models load
 * once per file in two worker threads; expected labels come from measured runs (see
 * /work/shared/reference/local-model.md) with some slack for score noise.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { LocalBackend } from '../../../src/backends/local/local-backend.js';
import type { OutputOptions } from '../../../src/backends/predict-backend.js';
import type { PreparedImage } from '../../../src/images/prepared-image.js';
import { ErrorCode, ImageError } from '../../../src/error-codes.js';
import { callOf, interest, noPermit } from '../../support/calls.js';
import { photo, preparedBytes } from '../../support/photos.js';
import { conceptNames, expectImageError, expectPrediction } from '../../support/outcomes.js';

const backend = new LocalBackend({ workers: 2 });
beforeAll(() => backend.ready);
afterAll(() => backend.close());

function predict(modelId: string, images: PreparedImage[], options: OutputOptions = {}) {
  return backend.predict(callOf(modelId, images, { options }), noPermit);
}

const truncatedJpeg = preparedBytes(photo('dog').bytes.subarray(0, 3000));

describe('local-objects', () => {
  test('finds the main subject of each photo, in call order', async () => {
    const outcomes = await predict('local-objects', [photo('dog'), photo('horses'), photo('person'), photo('eagle')]);
    const expected = ['dog', 'horse', 'person', 'bird'];
    expect(outcomes).toHaveLength(4);
    outcomes.forEach((outcome, i) => {
      const prediction = expectPrediction(outcome);
      expect(conceptNames(prediction, 3)).toContain(expected[i]);
      expect(prediction.model).toEqual({ id: 'local-objects', versionId: expect.stringMatching(/^@vladmandic\/human@\d/) });
      const concept = prediction.concepts.find((c) => c.name === expected[i])!;
      expect(concept.id).toBe(`coco_${expected[i]}`);
    });
  });

  test('the top region of eagle.jpg is a large bird box over the centre', async () => {
    const [outcome] = await predict('local-objects', [photo('eagle')]);
    const [top] = expectPrediction(outcome).regions;
    expect(top!.concepts[0]!.name).toBe('bird');
    const { top: y0, left: x0, bottom: y1, right: x1 } = top!.boundingBox;
    // The eagle spans about x 0.17–0.78, y 0.17–0.88 of the 773x512 photo.
    expect(x0).toBeLessThan(0.3);
    expect(x1).toBeGreaterThan(0.7);
    expect(y0).toBeLessThan(0.3);
    expect(y1).toBeGreaterThan(0.75);
    expect((x1 - x0) * (y1 - y0)).toBeGreaterThan(0.3);
  });

  test('regions have ordered relative boxes; the dog sits lower left in dog.jpg', async () => {
    const [outcome] = await predict('local-objects', [photo('dog')]);
    const { regions } = expectPrediction(outcome);
    for (const { boundingBox: b, value } of regions) {
      expect(0 <= b.left && b.left < b.right && b.right <= 1).toBe(true);
      expect(0 <= b.top && b.top < b.bottom && b.bottom <= 1).toBe(true);
      expect(value).toBeGreaterThan(0);
    }
    expect(regions.map((r) => r.value)).toEqual([...regions.map((r) => r.value!)].sort((a, b) => b - a));
    const dog = regions.find((r) => r.concepts[0]!.name === 'dog')!.boundingBox;
    expect((dog.left + dog.right) / 2).toBeLessThan(0.45);
    expect((dog.top + dog.bottom) / 2).toBeGreaterThan(0.5);
  });
});

describe('local-moderation', () => {
  test('rates every sample photo safe, with the five classes and the sfw/nsfw pair', async () => {
    const names = ['dog', 'eagle', 'horses', 'person', 'giraffe'] as const;
    const outcomes = await predict('local-moderation', names.map(photo));
    for (const outcome of outcomes) {
      const prediction = expectPrediction(outcome);
      const value = (id: string) => prediction.concepts.find((c) => c.id === id)!.value;
      expect(prediction.concepts.map((c) => c.id).sort()).toEqual([
        'nsfw',
        'nsfw_drawing',
        'nsfw_hentai',
        'nsfw_neutral',
        'nsfw_porn',
        'nsfw_sexy',
        'sfw',
      ]);
      expect(value('sfw')).toBeGreaterThan(0.9);
      expect(value('sfw') + value('nsfw')).toBeCloseTo(1, 5);
      expect(prediction.model.id).toBe('local-moderation');
      expect(prediction.model.versionId).toMatch(/^nsfwjs@\d/);
    }
  });
});

describe('per-image failures', () => {
  test('a corrupt image and a URL fail alone; their neighbours succeed', async () => {
    const url: PreparedImage = { kind: 'url', key: 'https://example.com/a.jpg', url: 'https://example.com/a.jpg' };
    const garbage = preparedBytes(Buffer.from('definitely not an image'));
    const outcomes = await predict('local-moderation', [photo('dog'), truncatedJpeg, url, garbage, photo('eagle')]);
    expectPrediction(outcomes[0]);
    expectImageError(outcomes[1], ErrorCode.CORRUPT_IMAGE);
    expect(expectImageError(outcomes[2], ErrorCode.IMAGE_DOWNLOAD_FAILED).message).toMatch(/cannot fetch URLs/);
    expectImageError(outcomes[3], ErrorCode.CORRUPT_IMAGE);
    expectPrediction(outcomes[4]);
  });

  test('unknown model and unknown selected concept fail every image with a clear code', async () => {
    const [missing] = await predict('general-image-recognition', [photo('dog')]);
    expect(expectImageError(missing, ErrorCode.MODEL_NOT_FOUND).message).toMatch(/local-objects/);
    const outcomes = await predict('local-objects', [photo('dog'), photo('eagle')], { selectConcepts: [{ id: 'unicorn' }] });
    outcomes.forEach((o) => expectImageError(o, ErrorCode.MODEL_INVALID_ARGUMENT));
  });
});

describe('output options', () => {
  test('minValue and maxConcepts apply to concepts and regions', async () => {
    const [outcome] = await predict('local-objects', [photo('dog')], { minValue: 0.35, maxConcepts: 2 });
    const prediction = expectPrediction(outcome);
    expect(prediction.concepts.length).toBeGreaterThan(0);
    expect(prediction.concepts.length).toBeLessThanOrEqual(2);
    for (const c of prediction.concepts) expect(c.value).toBeGreaterThanOrEqual(0.35);
    for (const r of prediction.regions) expect(r.concepts[0]!.value).toBeGreaterThanOrEqual(0.35);
  });

  test('selectConcepts by name or id returns exactly those, undetected ones at 0', async () => {
    const [objects, moderation] = await Promise.all([
      predict('local-objects', [photo('dog')], { selectConcepts: [{ name: 'Dog' }, { id: 'coco_giraffe' }] }),
      predict('local-moderation', [photo('dog')], { selectConcepts: [{ id: 'sfw' }] }),
    ]);
    const prediction = expectPrediction(objects[0]);
    expect(conceptNames(prediction)).toEqual(['dog', 'giraffe']);
    expect(prediction.concepts[1]!.value).toBe(0);
    expect(prediction.regions.every((r) => r.concepts[0]!.name === 'dog')).toBe(true);
    expect(conceptNames(expectPrediction(moderation[0]))).toEqual(['sfw']);
  });
});

describe('scheduling', () => {
  test('the main thread keeps running timers while the workers infer; one call per worker holds a permit', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const limiter = backend.limiterFor();
    const permits = [await limiter.acquire(), await limiter.acquire()];
    let third = false;
    const waiting = limiter.acquire().then((p) => ((third = true), p));
    const running = predict(
      'local-objects',
      Array.from({ length: 6 }, (_, i) => preparedBytes(Buffer.concat([photo('horses').bytes, Buffer.from([i])]))),
    );
    expect(third).toBe(false);
    const outcomes = await running;
    clearInterval(timer);
    permits[0]!.release();
    (await waiting).release();
    permits[1]!.release();
    expect(third).toBe(true);
    outcomes.forEach((o) => expect(conceptNames(expectPrediction(o), 3)).toContain('horse'));
    // A blocked event loop would have let the interval fire at most once or twice.
    expect(ticks).toBeGreaterThan(10);
  });

  test('drops images whose callers have gone before a worker takes them', async () => {
    const gone = new AbortController();
    const images = Array.from({ length: 8 }, (_, i) => preparedBytes(Buffer.concat([photo('eagle').bytes, Buffer.from([i])])));
    const call = callOf('local-moderation', images);
    call.interests = images.map((_, i) => (i === 0 ? interest() : interest(gone.signal)));
    const running = backend.predict(call, noPermit);
    gone.abort(new ImageError(ErrorCode.CANCELLED, 'left'));
    const outcomes = await running;
    expectPrediction(outcomes[0]);
    // Two workers with two tasks each may already hold up to three of the others; the rest never ran.
    const dropped = outcomes.filter((o) => o instanceof ImageError && o.code === ErrorCode.CANCELLED);
    expect(dropped.length).toBeGreaterThanOrEqual(4);
  });

  test('a full queue answers OVERLOADED per image instead of growing without bound', async () => {
    const small = new LocalBackend({ workers: 1, maxQueue: 1 });
    try {
      // Before the worker has loaded nothing leaves the queue: one image fits, the rest overflow.
      const call = (images: PreparedImage[]) => small.predict(callOf('local-moderation', images), noPermit);
      const results = await call([photo('dog'), photo('eagle'), photo('horses')]);
      expectPrediction(results[0]);
      expectImageError(results[1], ErrorCode.OVERLOADED);
      expectImageError(results[2], ErrorCode.OVERLOADED);
    } finally {
      await small.close();
    }
  });

  test('closing before the models have loaded rejects ready instead of leaving it pending', async () => {
    const early = new LocalBackend({ workers: 1 });
    await early.close();
    await expect(early.ready).rejects.toMatchObject({ code: ErrorCode.LOCAL_BACKEND_UNAVAILABLE });
  });
});
