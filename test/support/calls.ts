import type { ImageInterest, PredictCall } from '../../src/backends/predict-backend.js';
import type { PreparedImage } from '../../src/images/prepared-image.js';
import type { CallPermit } from '../../src/limiter/limiter.js';

/** An interest that stays alive (or follows `signal`), as one waiting operation gives an image. */
export function interest(signal: AbortSignal = new AbortController().signal, deadline = Date.now() + 3_600_000): ImageInterest {
  return {
    get live() {
      return !signal.aborted;
    },
    get deadline() {
      return signal.aborted ? 0 : deadline;
    },
    signal,
    attempts: 0,
    lastFailure: undefined,
  };
}

/** A call of a backend test: every image wanted by one live operation. */
export function callOf(modelId: string, images: PreparedImage[], extra: Partial<PredictCall> = {}): PredictCall {
  return {
    credential: undefined,
    model: { modelId, userId: 'l', appId: 'l' },
    options: {},
    images,
    interests: images.map(() => interest()),
    ...extra,
  };
}

/** A permit that holds nothing (backend tests that do not go through a limiter). */
export const noPermit: CallPermit = { release: () => undefined };
