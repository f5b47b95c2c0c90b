import { expect } from '@jest/globals';
import type { ImageOutcome, ImagePrediction } from '../../src/backends/predict-backend.js';
import { ImageError, type ErrorCode } from '../../src/error-codes.js';

export function expectPrediction(outcome: ImageOutcome | undefined): ImagePrediction {
  if (outcome instanceof ImageError) throw new Error(`expected a prediction, got ${outcome.code}: ${outcome.message}`);
  expect(outcome).toBeDefined();
  return outcome!;
}

export function expectImageError(outcome: ImageOutcome | undefined, code: ErrorCode): ImageError {
  expect(outcome).toBeInstanceOf(ImageError);
  expect((outcome as ImageError).code).toBe(code);
  return outcome as ImageError;
}

export function conceptNames(prediction: ImagePrediction, top = Infinity): string[] {
  return prediction.concepts.slice(0, top).map((c) => c.name);
}
