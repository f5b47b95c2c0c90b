import { ErrorCode, ImageError } from '../../error-codes.js';
import type { PreparedImage } from '../../images/prepared-image.js';
import type { CapacitySignal, ImageOutcome, PredictBackend, PredictCall } from '../predict-backend.js';
import { LOCAL_MODELS, findLocalModel, type LocalModelInfo } from './catalog.js';
import { applyOutputOptions, resolveSelection } from './output-options.js';
import { toLocalResult } from './to-prediction.js';
import { WorkerPool, type WorkerPoolOptions } from './worker-pool.js';

export interface LocalBackendOptions extends WorkerPoolOptions {
  maxImagesPerCall?: number;
  maxBytesPerCall?: number;
}

/**
 * Predictions from models shipped inside npm packages, run in worker threads: no key, no network.
 * The pool starts loading in the constructor; calls made before `ready` wait in its queue.
 */
export class LocalBackend implements PredictBackend {
  readonly name = 'local';
  readonly maxImagesPerCall: number;
  readonly maxBytesPerCall: number;
  readonly models: readonly LocalModelInfo[] = LOCAL_MODELS;
  private readonly pool: WorkerPool;
  private readonly capacity: CapacitySignal;
  private inFlight = 0;
  private waiting: Array<() => void> = [];

  constructor(options: LocalBackendOptions = {}) {
    // Batching gains nothing on these models; a call's images are spread over the workers instead.
    this.maxImagesPerCall = options.maxImagesPerCall ?? 16;
    this.maxBytesPerCall = options.maxBytesPerCall ?? 64 * 1024 * 1024;
    this.pool = new WorkerPool(options);
    // Enough images in flight to keep every worker busy and one task queued behind it.
    const slots = this.pool.size * this.pool.tasksPerWorker;
    this.capacity = {
      hasCapacity: () => this.inFlight < slots,
      onceAvailable: (listener) => {
        if (this.inFlight < slots) queueMicrotask(listener);
        else this.waiting.push(listener);
      },
    };
  }

  /** Resolves once every worker has loaded both models; rejects with LOCAL_BACKEND_UNAVAILABLE. */
  get ready(): Promise<void> {
    return this.pool.ready;
  }

  hasModel(modelId: string): boolean {
    return findLocalModel(modelId) !== undefined;
  }

  /** The local backend has no per-credential limits: one signal for everyone. */
  capacityFor(_credential?: string): CapacitySignal {
    return this.capacity;
  }

  async predict(call: PredictCall): Promise<ImageOutcome[]> {
    const model = findLocalModel(call.model.modelId);
    if (!model) {
      const known = LOCAL_MODELS.map((m) => m.id).join(', ');
      const error = new ImageError(ErrorCode.MODEL_NOT_FOUND, `no local model "${call.model.modelId}" (local models: ${known})`);
      return call.images.map(() => error);
    }
    const selection = resolveSelection(model, call.options);
    if (selection instanceof ImageError) return call.images.map(() => selection);

    const version = this.pool.packageVersions[model.weightsPackage];
    const modelRef = { id: model.id, versionId: version ? `${model.weightsPackage}@${version}` : undefined };
    // Identical images within a call run once and share the outcome.
    const byKey = new Map<string, Promise<ImageOutcome>>();
    const outcomes = call.images.map((image) => {
      let outcome = byKey.get(image.key);
      if (!outcome) {
        outcome = this.predictOne(model, image).then((result) =>
          result instanceof ImageError
            ? result
            : { ...applyOutputOptions(result, call.options, selection), model: modelRef },
        );
        byKey.set(image.key, outcome);
      }
      return outcome;
    });
    return Promise.all(outcomes);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async predictOne(model: LocalModelInfo, image: PreparedImage) {
    if (image.kind === 'url') {
      return new ImageError(
        ErrorCode.IMAGE_DOWNLOAD_FAILED,
        'the local backend cannot fetch URLs (it runs without network access); send the image as base64 or a file upload',
      );
    }
    this.inFlight++;
    try {
      const output = await this.pool.run({ kind: model.kind, inputSize: model.inputSize, image: image.bytes });
      return toLocalResult(output);
    } catch (err) {
      if (err instanceof ImageError) return err;
      return new ImageError(ErrorCode.PREDICTION_FAILED, `local prediction failed: ${String(err)}`);
    } finally {
      this.inFlight--;
      const listeners = this.waiting;
      this.waiting = [];
      for (const listener of listeners) listener();
    }
  }
}
