import { ErrorCode, ImageError } from '../error-codes.js';
import type { CapacitySignal, ImageOutcome, PredictBackend, PredictCall } from './predict-backend.js';

/** Stands in for a backend that is switched off, so its model ids answer with a clear error, not a 404 from elsewhere. */
export class UnavailableBackend implements PredictBackend {
  readonly maxImagesPerCall = 128;
  readonly maxBytesPerCall = Number.MAX_SAFE_INTEGER;
  private readonly capacity: CapacitySignal = { hasCapacity: () => true, onceAvailable: (l) => setImmediate(l) };

  constructor(
    readonly name: string,
    private readonly reason: string,
  ) {}

  capacityFor(): CapacitySignal {
    return this.capacity;
  }

  async predict(call: PredictCall): Promise<ImageOutcome[]> {
    return call.images.map(() => new ImageError(ErrorCode.LOCAL_BACKEND_UNAVAILABLE, this.reason));
  }
}
