import { ErrorCode, ImageError } from '../error-codes.js';
import { closestLocalId } from './did-you-mean.js';
import type { CapacitySignal, ImageOutcome, PredictBackend, PredictCall } from './predict-backend.js';

/** Picks the backend that serves a model id: local models by their own ids, every other id Clarifai. */
export class ModelRouter {
  private readonly nearMisses = new Map<string, PredictBackend>();

  constructor(
    private readonly clarifai: PredictBackend,
    private readonly local: Map<string, PredictBackend> = new Map(),
  ) {}

  backendFor(modelId: string): PredictBackend {
    const local = this.local.get(modelId);
    if (local) return local;
    const suggestion = closestLocalId(modelId, [...this.local.keys()]);
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

  constructor(
    private readonly clarifai: PredictBackend,
    private readonly suggestion: string,
  ) {
    this.name = clarifai.name;
    this.maxImagesPerCall = clarifai.maxImagesPerCall;
    this.maxBytesPerCall = clarifai.maxBytesPerCall;
  }

  capacityFor(credential: string | undefined): CapacitySignal {
    return this.clarifai.capacityFor(credential);
  }

  async predict(call: PredictCall): Promise<ImageOutcome[]> {
    if (call.credential) return this.clarifai.predict(call);
    const message = `Unknown model "${call.model.modelId}": did you mean "${this.suggestion}"? It is not a local model, and no Clarifai PAT is configured to look it up at Clarifai.`;
    return call.images.map(() => new ImageError(ErrorCode.MODEL_NOT_FOUND, message));
  }
}
