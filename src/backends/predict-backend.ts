import type { ImageError } from '../error-codes.js';
import type { PreparedImage } from '../images/prepared-image.js';

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

/** One call to a backend: images of one group (one credential, one model, one set of options). */
export interface PredictCall {
  credential: string | undefined;
  model: ModelRef;
  options: OutputOptions;
  images: PreparedImage[];
}

/**
 * Tells the batcher when it may send a call. The batcher holds images back while `hasCapacity` is
 * false, and so builds full batches exactly when the upstream is the bottleneck.
 */
export interface CapacitySignal {
  hasCapacity(): boolean;
  /** Calls `listener` once when capacity may have come back (a slot freed, a token refilled). */
  onceAvailable(listener: () => void): void;
}

export interface PredictBackend {
  readonly name: string;
  /** Most images one call may carry. */
  readonly maxImagesPerCall: number;
  /** Most bytes of image data (base64 characters for JSON upstreams) one call may carry. */
  readonly maxBytesPerCall: number;
  /** Capacity of the upstream for one credential. */
  capacityFor(credential: string | undefined): CapacitySignal;
  /**
   * Predicts every image of the call. Resolves with exactly one outcome per image, in order.
   * Per-image failures are ImageError values; the promise itself rejects only on a bug.
   */
  predict(call: PredictCall): Promise<ImageOutcome[]>;
}
