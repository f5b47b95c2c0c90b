import type { PredictBackend } from './predict-backend.js';

/** Picks the backend that serves a model id: local models by their own ids, every other id Clarifai. */
export class ModelRouter {
  constructor(
    private readonly clarifai: PredictBackend,
    private readonly local: Map<string, PredictBackend> = new Map(),
  ) {}

  backendFor(modelId: string): PredictBackend {
    return this.local.get(modelId) ?? this.clarifai;
  }
}
