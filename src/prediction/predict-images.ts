import type { CancelSignal } from '../util/cancellation.js';
import type { ImagePrediction } from '../backends/predict-backend.js';
import { ImageError } from '../error-codes.js';
import type { ByteBudget } from '../images/byte-budget.js';
import type { PreparedImage } from '../images/prepared-image.js';
import { inSpan } from '../telemetry/tracer.js';
import { chunkBySum } from '../util/chunk-by-sum.js';
import { settleBeforeAbort } from '../util/settle-before-abort.js';
import type { AnswerSource, SourcedPrediction } from './cached-load.js';

export interface PredictImagesDeps<I> {
  budget: ByteBudget;
  /** Upper bound of the bytes an input will hold in memory once prepared (0 for URLs). */
  estimate(input: I): number;
  prepare(input: I): Promise<PreparedImage | ImageError>;
  load(image: PreparedImage, input: I): Promise<SourcedPrediction>;
  /** Aborts when the caller has gone or its deadline passed; its reason becomes every unanswered image's error. */
  signal: CancelSignal;
  /** The error of an image still unanswered when the signal aborted (what was tried for it, if it was prepared). */
  stopped(image?: PreparedImage): ImageError;
}

/** Which image a result answers: its URL or the sha256 of the bytes sent (never the bytes themselves). */
export type ImageRef = { url: string; sha256?: undefined } | { sha256: string; url?: undefined };

export type ImageResult = { ref: ImageRef; prediction: ImagePrediction; source: AnswerSource } | ImageError;

/**
 * After an abort, how long an image's own answer may take to say what was tried (the batcher and the
 * backend react within milliseconds); within the response margin of prediction/deadline.ts.
 */
const ABORT_GRACE_MS = 50;

// Results outlive the wave that made them; holding the bytes there would keep every upload in memory.
const refOf = (image: PreparedImage): ImageRef => (image.kind === 'url' ? { url: image.url } : { sha256: image.sha256 });

/**
 * Prepares an operation's images in waves that fit half the byte budget, and hands each wave to the
 * batcher in one tick, so one operation's images share calls (300 URLs → 3 calls) while memory stays
 * bounded by the budget, not by the size of the operation (128 × 20 MB uploads never sit in RAM at once).
 * Once the signal aborts, every image not yet answered is answered with its reason at once.
 */
export async function predictImages<I>(inputs: readonly I[], deps: PredictImagesDeps<I>): Promise<ImageResult[]> {
  const { signal } = deps;
  const results: Array<Promise<ImageResult>> = [];
  const stopped = () => Promise.resolve(deps.stopped());
  for (const wave of planWaves(inputs, deps.estimate, deps.budget.capacity / 2)) {
    const reserved = wave.map((i) => Math.min(deps.estimate(inputs[i]!), deps.budget.capacity));
    const wanted = reserved.reduce((a, b) => a + b, 0);
    // A wave that finds room at once needs no promise and no abort listener.
    if (deps.budget.tryAcquire(wanted) === undefined) {
      const taking = deps.budget.acquire(wanted);
      if ((await settleBeforeAbort(taking, signal).catch(() => undefined)) === undefined) {
        // Gone while waiting for memory: give back what the budget grants later, and answer the rest now.
        void taking.then((n) => deps.budget.release(n));
        for (let i = 0; i < inputs.length; i++) results[i] ??= stopped();
        break;
      }
    }
    // telemetry: one span per image prepared (a no-op call with tracing off)
    const prepared = await Promise.all(wave.map((i) => inSpan('image preparation', () => deps.prepare(inputs[i]!))));
    prepared.forEach((image, k) => {
      const held = image instanceof ImageError ? 0 : Math.min(image.kind === 'bytes' ? image.byteLength : 0, reserved[k]!);
      deps.budget.release(reserved[k]! - held);
      if (image instanceof ImageError) {
        results[wave[k]!] = Promise.resolve(image);
        return;
      }
      const ref = refOf(image);
      const loading = deps.load(image, inputs[wave[k]!]!).finally(() => deps.budget.release(held));
      results[wave[k]!] = settleBeforeAbort(loading, signal, ABORT_GRACE_MS).then(
        (answer) => (answer === undefined ? deps.stopped(image) : { ref, ...answer }),
        // The operation's own reason coming back up (a shared flight gives it to its last caller) says less
        // than what this image's progress says.
        (err: unknown) => (err === signal.reason ? deps.stopped(image) : err instanceof ImageError ? err : Promise.reject(err)),
      );
    });
  }
  return Promise.all(results);
}

/** Consecutive runs of input indexes whose estimates sum to at most `maxBytes` (at least one each). */
export function planWaves<I>(inputs: readonly I[], estimate: (input: I) => number, maxBytes: number): number[][] {
  return chunkBySum(
    inputs.map((_, i) => i),
    (i) => estimate(inputs[i]!),
    maxBytes,
  );
}
