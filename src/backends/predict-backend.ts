import type { CancelSignal } from '../util/cancellation.js';
import type { ImageError } from '../error-codes.js';
import type { PreparedImage } from '../images/prepared-image.js';
import type { CallPermit, Limiter } from '../limiter/limiter.js';

/** Which model answers, and in whose account. */
export interface ModelRef {
  modelId: string;
  versionId?: string;
  userId: string;
  appId: string;
}

/** Output settings, applied by the backend (Clarifai: model.model_version.output_info.output_config). */
export interface OutputOptions {
  minValue?: number;
  maxConcepts?: number;
  selectConcepts?: Array<{ id?: string; name?: string }>;
}

export interface ConceptResult {
  id: string;
  name: string;
  value: number;
  appId?: string;
}

/** Bounding box in relative coordinates (0..1 of height for top/bottom, of width for left/right). */
export interface BoundingBox {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface RegionResult {
  id?: string;
  boundingBox: BoundingBox;
  value?: number;
  concepts: ConceptResult[];
}

export interface ImagePrediction {
  concepts: ConceptResult[];
  regions: RegionResult[];
  model: { id: string; versionId?: string; userId?: string; appId?: string };
}

export type ImageOutcome = ImagePrediction | ImageError;

/**
 * Who still wants an image's answer: alive while any operation waiting on it is, until the latest of their
 * deadlines. A backend retries an image only while it is alive and an attempt can still finish in time.
 */
export interface ImageInterest {
  readonly live: boolean;
  /** Epoch ms; 0 once nobody is alive. */
  readonly deadline: number;
  /** Aborts once nobody wants the answer. */
  readonly signal: CancelSignal;
  attempts: number;
  lastFailure: string | undefined;
}

/** One call to a backend: images of one group (one credential, one model, one set of options). */
export interface PredictCall {
  credential: string | undefined;
  model: ModelRef;
  options: OutputOptions;
  images: PreparedImage[];
  /** Parallel to images: the request contexts each image serves, as deadlines and an abort signal. */
  interests: ImageInterest[];
}

export interface PredictBackend {
  readonly name: string;
  /** Most images one call may carry. */
  readonly maxImagesPerCall: number;
  /** Most bytes of image data (base64 characters for JSON upstreams) one call may carry. */
  readonly maxBytesPerCall: number;
  /** Its calls are billed per image (they count toward per-caller quotas); local models are free. */
  readonly billable?: boolean;
  /** The limiter whose permit a call of this credential must hold (the batcher asks it before a batch closes). */
  limiterFor(credential: string | undefined): Limiter;
  /**
   * An error for images that must not even queue (an open circuit breaker), or undefined. Checked before
   * an image joins a batch, so callers of a failing upstream are answered at once.
   */
  refuse?(credential: string | undefined, model: ModelRef): ImageError | undefined;
  /**
   * Predicts every image of the call, whose first attempt holds `permit` (released by the backend when
   * that attempt ends; retries acquire their own). Resolves with exactly one outcome per image, in order.
   * Per-image failures are ImageError values; the promise itself rejects only on a bug.
   */
  predict(call: PredictCall, permit: CallPermit): Promise<ImageOutcome[]>;
}
