import type { ImagePrediction } from '../backends/predict-backend.js';
import { ImageError } from '../error-codes.js';
import type { ByteBudget } from '../images/byte-budget.js';
import type { PreparedImage } from '../images/prepared-image.js';
import { chunkBySum } from '../util/chunk-by-sum.js';

export interface PredictImagesDeps<I> {
  budget: ByteBudget;
  /** Upper bound of the bytes an input will hold in memory once prepared (0 for URLs). */
  estimate(input: I): number;
  prepare(input: I): Promise<PreparedImage | ImageError>;
  load(image: PreparedImage): Promise<ImagePrediction>;
}

/** Which image a result answers: its URL or the sha256 of the bytes sent (never the bytes themselves). */
export type ImageRef = { url: string; sha256?: undefined } | { sha256: string; url?: undefined };

export type ImageResult = { ref: ImageRef; prediction: ImagePrediction } | ImageError;

// Results outlive the wave that made them; holding the bytes there would keep every upload in memory.
const refOf = (image: PreparedImage): ImageRef => (image.kind === 'url' ? { url: image.url } : { sha256: image.sha256 });

/**
 * Prepares an operation's images in waves that fit half the byte budget, and hands each wave to the
 * batcher in one tick, so one operation's images share calls (300 URLs → 3 calls) while memory stays
 * bounded by the budget, not by the size of the operation (128 × 20 MB uploads never sit in RAM at once).
 */
export async function predictImages<I>(inputs: readonly I[], deps: PredictImagesDeps<I>): Promise<ImageResult[]> {
  const results: Array<Promise<ImageResult>> = [];
  for (const wave of planWaves(inputs, deps.estimate, deps.budget.capacity / 2)) {
    const reserved = wave.map((i) => Math.min(deps.estimate(inputs[i]!), deps.budget.capacity));
    await deps.budget.acquire(reserved.reduce((a, b) => a + b, 0));
    const prepared = await Promise.all(wave.map((i) => deps.prepare(inputs[i]!)));
    prepared.forEach((image, k) => {
      const held = image instanceof ImageError ? 0 : Math.min(image.kind === 'bytes' ? image.byteLength : 0, reserved[k]!);
      deps.budget.release(reserved[k]! - held);
      if (image instanceof ImageError) {
        results[wave[k]!] = Promise.resolve(image);
        return;
      }
      const ref = refOf(image);
      results[wave[k]!] = deps
        .load(image)
        .then(
          (prediction) => ({ ref, prediction }),
          (err: unknown) => (err instanceof ImageError ? err : Promise.reject(err)),
        )
        .finally(() => deps.budget.release(held));
    });
  }
  return Promise.all(results);
}

/** Consecutive runs of input indexes whose estimates sum to at most `maxBytes` (at least one each). */
export function planWaves<I>(inputs: readonly I[], estimate: (input: I) => number, maxBytes: number): number[][] {
  return chunkBySum(inputs.map((_, i) => i), (i) => estimate(inputs[i]!), maxBytes);
}
