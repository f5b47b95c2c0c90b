import { ErrorCode, ImageError } from '../error-codes.js';
import type { CallPermit, Limiter } from '../limiter/limiter.js';
import { LocalLimiter } from '../limiter/local-limiter.js';
import type { ImageOutcome, PredictBackend, PredictCall } from './predict-backend.js';

/** Stands in for a backend that is switched off, so its model ids answer with a clear error, not a 404 from elsewhere. */
export class UnavailableBackend implements PredictBackend {
  readonly maxImagesPerCall = 128;
  readonly maxBytesPerCall = Number.MAX_SAFE_INTEGER;
  private readonly limiter = new LocalLimiter({ ratePerSecond: Infinity, maxInFlight: Infinity });

  constructor(
    readonly name: string,
    private readonly reason: string,
  ) {}

  limiterFor(): Limiter {
    return this.limiter;
  }

  async predict(call: PredictCall, permit: CallPermit): Promise<ImageOutcome[]> {
    permit.release();
    return call.images.map(() => new ImageError(ErrorCode.LOCAL_BACKEND_UNAVAILABLE, this.reason));
  }
}
