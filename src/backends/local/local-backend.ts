import type { CancelSignal } from '../../util/cancellation.js';
import { ErrorCode, ImageError } from '../../error-codes.js';
import type { PreparedImage } from '../../images/prepared-image.js';
import type { CallPermit, Limiter } from '../../limiter/limiter.js';
import { LocalLimiter } from '../../limiter/local-limiter.js';
import { callTelemetry, type CallTelemetry } from '../../telemetry/call-telemetry.js';
import type { ImageOutcome, PredictBackend, PredictCall } from '../predict-backend.js';
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
  private readonly pool: WorkerPool;
  private readonly limiter: Limiter;

  constructor(options: LocalBackendOptions = {}) {
    // Batching gains nothing on these models; a call's images are spread over the workers instead.
    this.maxImagesPerCall = options.maxImagesPerCall ?? 16;
    this.maxBytesPerCall = options.maxBytesPerCall ?? 64 * 1024 * 1024;
    this.pool = new WorkerPool(options);
    // One call per worker in flight: its images keep that worker (and its prefetch slot) busy, and the
    // rest wait in the batcher, where a caller that goes away takes its images back.
    this.limiter = new LocalLimiter({ ratePerSecond: Infinity, maxInFlight: this.pool.size });
  }

  /** Resolves once every worker has loaded both models; rejects with LOCAL_BACKEND_UNAVAILABLE. */
  get ready(): Promise<void> {
    return this.pool.ready;
  }

  /** The local backend has no per-credential limits: one limiter for everyone. */
  limiterFor(): Limiter {
    return this.limiter;
  }

  async predict(call: PredictCall, permit: CallPermit): Promise<ImageOutcome[]> {
    try {
      return await this.predictAll(call);
    } finally {
      permit.release();
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async predictAll(call: PredictCall): Promise<ImageOutcome[]> {
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
    // The batcher sends identical images once, so every image here is distinct.
    return Promise.all(
      call.images.map(async (image, i) => {
        const result = await this.predictOne(model, image, call.interests[i]!.signal, callTelemetry(call));
        return result instanceof ImageError ? result : { ...applyOutputOptions(result, call.options, selection), model: modelRef };
      }),
    );
  }

  private async predictOne(model: LocalModelInfo, image: PreparedImage, signal: CancelSignal, telemetry?: CallTelemetry) {
    if (image.kind === 'url') {
      return new ImageError(
        ErrorCode.IMAGE_DOWNLOAD_FAILED,
        'the local backend cannot fetch URLs (it runs without network access); send the image as base64 or a file upload',
      );
    }
    try {
      // Dropped before a worker takes it once nobody waits for it (the caller left or ran out of time).
      const task = { kind: model.kind, inputSize: model.inputSize, image: image.bytes };
      // telemetry: a span and a duration sample per inference (pool queue included)
      const output = await (telemetry ? telemetry.inference(model.id, () => this.pool.run(task, signal)) : this.pool.run(task, signal));
      return toLocalResult(output);
    } catch (err) {
      if (err instanceof ImageError) return err;
      return new ImageError(ErrorCode.PREDICTION_FAILED, `local prediction failed: ${String(err)}`);
    }
  }
}
