import type { ImagePrediction } from '../../backends/predict-backend.js';
import type { PredictionSource } from '../../generated/resolvers-types.js';

/** What Query.predict hands to the Prediction type: a backend's prediction plus which input it answers. */
export interface PredictionParent extends ImagePrediction {
  input: { index: number; url?: string; sha256?: string };
  source: PredictionSource;
}
