import DataLoader from 'dataloader';
import type { ImagePrediction, PredictBackend, PredictCall } from '../backends/predict-backend.js';
import { ErrorCode, ImageError } from '../error-codes.js';
import type { PreparedImage } from '../images/prepared-image.js';
import { DispatchPolicy } from './dispatch-policy.js';
import { groupKey, type GroupSpec } from './group-key.js';
import { payloadBytes, splitByBytes, uniqueByKey } from './split-batch.js';

export interface BatcherSettings {
  maxPartialInFlight: number;
  maxLingerMs: number;
}

export interface BatchObserver {
  onCall?(backend: string, images: number): void;
  onUnexpected?(err: unknown): void;
}

/** Groups kept before idle ones are dropped (each distinct credential, model and options makes one). */
const IDLE_SWEEP_AT = 64;

interface Group {
  loader: DataLoader<PreparedImage, ImagePrediction>;
  policy: DispatchPolicy;
}

/**
 * The process-wide batcher: one DataLoader per group key, shared by every operation, so images of
 * concurrent requests travel in the same upstream calls. DataLoader collects; DispatchPolicy decides
 * when a batch leaves. Loaders never cache: a prediction is asked for again each time.
 */
export class Batcher {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly settings: BatcherSettings,
    private readonly observer: BatchObserver = {},
  ) {}

  /** Resolves with the image's prediction, or rejects with its ImageError. */
  load(backend: PredictBackend, spec: Omit<GroupSpec, 'backend'>, image: PreparedImage): Promise<ImagePrediction> {
    const group = this.group(backend, { ...spec, backend: backend.name });
    const promise = group.loader.load(image);
    group.policy.added(payloadBytes(image));
    return promise;
  }

  /** Groups alive now (for tests and metrics). */
  get groupCount(): number {
    return this.groups.size;
  }

  /** Images waiting for a batch to leave, over all groups (for load shedding and metrics). */
  get queuedImages(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.policy.queuedImages;
    return n;
  }

  private group(backend: PredictBackend, spec: GroupSpec): Group {
    const key = groupKey(spec);
    const existing = this.groups.get(key);
    if (existing) return existing;
    // Callers choose the options (and, if allowed, the PAT), so without this the map would grow with
    // every distinct minValue a client ever sent. An idle group holds nothing: dropping it loses no work.
    if (this.groups.size >= IDLE_SWEEP_AT) {
      for (const [k, g] of this.groups) if (g.policy.idle) this.groups.delete(k);
    }
    const policy = new DispatchPolicy(
      {
        maxImages: backend.maxImagesPerCall,
        maxBytes: backend.maxBytesPerCall,
        maxPartialInFlight: this.settings.maxPartialInFlight,
        maxLingerMs: this.settings.maxLingerMs,
      },
      backend.capacityFor(spec.credential),
    );
    const loader = new DataLoader<PreparedImage, ImagePrediction>(
      (images) => this.run(backend, spec, images).finally(() => policy.settled()),
      { cache: false, maxBatchSize: backend.maxImagesPerCall, batchScheduleFn: (cb) => policy.enqueue(cb) },
    );
    const group = { loader, policy };
    this.groups.set(key, group);
    return group;
  }

  /** One batch: identical images sent once, split to the byte budget, every image answered. */
  private async run(backend: PredictBackend, spec: GroupSpec, images: readonly PreparedImage[]) {
    const { unique, slotOf } = uniqueByKey(images);
    const chunks = splitByBytes(unique, backend.maxBytesPerCall);
    const results = await Promise.all(
      chunks.map((chunk) => {
        this.observer.onCall?.(backend.name, chunk.length);
        const call: PredictCall = { credential: spec.credential, model: spec.model, options: spec.options, images: chunk };
        return backend.predict(call).catch((err: unknown) => {
          this.observer.onUnexpected?.(err);
          return chunk.map(() => internalError());
        });
      }),
    );
    const flat = results.flat();
    return images.map((_, i) => {
      const outcome = flat[slotOf[i]!];
      return outcome ?? internalError();
    });
  }
}

function internalError(): ImageError {
  return new ImageError(ErrorCode.INTERNAL_SERVER_ERROR, 'The prediction failed unexpectedly.');
}
