import { ErrorCode, ImageError } from '../error-codes.js';
import { closestLocalId } from './did-you-mean.js';
import type { CallPermit, Limiter } from '../limiter/limiter.js';
import type { ImageOutcome, ModelRef, PredictBackend, PredictCall } from './predict-backend.js';

const SUGGESTIONS_KEPT = 1000;

/** Picks the backend that serves a model id: local models by their own ids, every other id Clarifai. */
export class ModelRouter {
  private readonly nearMisses = new Map<string, PredictBackend>();
  /** Model id → the local id it likely meant ('' for none). */
  private readonly suggestions = new Map<string, string>();

  constructor(
    private readonly clarifai: PredictBackend,
    private readonly local: Map<string, PredictBackend> = new Map(),
  ) {}

  backendFor(modelId: string): PredictBackend {
    const local = this.local.get(modelId);
    if (local) return local;
    // Every operation asks, and an edit distance per request was ~6 % of the CPU at the ceiling.
    let suggestion = this.suggestions.get(modelId);
    if (suggestion === undefined) {
      if (this.suggestions.size >= SUGGESTIONS_KEPT) this.suggestions.clear();
      suggestion = closestLocalId(modelId, [...this.local.keys()]) ?? '';
      this.suggestions.set(modelId, suggestion);
    }
    if (!suggestion) return this.clarifai;
    let backend = this.nearMisses.get(suggestion);
    if (!backend) this.nearMisses.set(suggestion, (backend = new NearMissBackend(this.clarifai, suggestion)));
    return backend;
  }
}

/**
 * Clarifai for an id that looks like a mistyped local one. Without a key, "no Clarifai PAT" would send a
 * newcomer after a key they do not need: the model is unknown, and the answer says which id they meant.
 * With a key the id still goes to Clarifai (an account may own a model of that name).
 */
class NearMissBackend implements PredictBackend {
  readonly name: string;
  readonly maxImagesPerCall: number;
  readonly maxBytesPerCall: number;
  readonly billable: boolean;

  constructor(
    private readonly clarifai: PredictBackend,
    private readonly suggestion: string,
  ) {
    this.name = clarifai.name;
    this.maxImagesPerCall = clarifai.maxImagesPerCall;
    this.maxBytesPerCall = clarifai.maxBytesPerCall;
    this.billable = clarifai.billable ?? false;
  }

  limiterFor(credential: string | undefined): Limiter {
    return this.clarifai.limiterFor(credential);
  }

  /** Without a key the answer is known before anything queues. */
  refuse(credential: string | undefined, model: ModelRef): ImageError | undefined {
    if (!credential) return this.unknown(model.modelId);
    return this.clarifai.refuse?.(credential, model);
  }

  async predict(call: PredictCall, permit: CallPermit): Promise<ImageOutcome[]> {
    if (call.credential) return this.clarifai.predict(call, permit);
    permit.release();
    return call.images.map(() => this.unknown(call.model.modelId));
  }

  private unknown(modelId: string): ImageError {
    const message = `Unknown model "${modelId}": did you mean "${this.suggestion}"? It is not a local model, and no Clarifai PAT is configured to look it up at Clarifai.`;
    return new ImageError(ErrorCode.MODEL_NOT_FOUND, message);
  }
}
