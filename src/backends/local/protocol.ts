/** Messages between the pool (main thread) and an inference worker. Plain data only. */
import type { LocalModelKind } from './catalog.js';

export interface WorkerOptions {
  /** Detections below this score are dropped inside the detector. */
  objectMinScore: number;
  maxObjects: number;
}

export interface PredictRequest {
  type: 'predict';
  taskId: number;
  kind: LocalModelKind;
  /** Side of the square RGB input the model gets (from the catalog). */
  inputSize: number;
  /** Encoded image bytes, transferred (the pool gives the worker its own copy). */
  image: Uint8Array;
}

export interface Detection {
  label: string;
  score: number;
  /** Relative [x, y, width, height] of the whole image. */
  box: [number, number, number, number];
}

export type RawOutput = { kind: 'moderation'; scores: Record<string, number> } | { kind: 'objects'; detections: Detection[] };

/** Where a task failed decides its error code: decoding → CORRUPT_IMAGE, model → PREDICTION_FAILED. */
export type FailureStage = 'decode' | 'inference';

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  | { type: 'result'; taskId: number; output: RawOutput }
  | { type: 'failed'; taskId: number; stage: FailureStage; message: string };
