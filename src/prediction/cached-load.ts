import type { ImagePrediction, ModelRef, OutputOptions, PredictBackend } from '../backends/predict-backend.js';
import type { Batcher } from '../batching/batcher.js';
import { predictionCacheKey, type PredictionCache, type PredictionKey } from '../cache/index.js';
import { credentialFingerprint } from '../credential-fingerprint.js';
import { ImageError } from '../error-codes.js';
import type { PreparedImage } from '../images/prepared-image.js';
import type { RequestContext } from './request-context.js';

/** Where an answer came from; `level` and `storedAt` only for cache hits. */
export interface AnswerSource {
  cached: boolean;
  level?: 'memory' | 'redis';
  storedAt?: number;
}

export interface SourcedPrediction {
  prediction: ImagePrediction;
  source: AnswerSource;
}

export interface CachePolicy {
  cache: PredictionCache | undefined;
  /** Model ids whose answers every credential may share (PREDICTION_CACHE_PUBLIC_MODELS). */
  publicModels: ReadonlySet<string>;
}

export interface LoadSpec {
  backend: PredictBackend;
  model: ModelRef;
  options: OutputOptions;
  bypass: boolean;
}

/**
 * One image through the prediction cache to the batcher. A hit answers at once (no permit, no queue); a
 * miss joins the identical image already on its way upstream, if any, even from another operation or
 * batch, or sends it. The upstream work is tied to no single caller: it is abandoned only once every
 * caller sharing it has gone (the cache's in-flight contract), and its answer is stored for the next.
 */
export class CachedLoader {
  constructor(
    private readonly batcher: Batcher,
    private readonly policy: CachePolicy,
  ) {}

  /** URL keys of a request, worked out at its memory lookup and reused when its misses load (two hashes each). */
  private readonly urlKeys = new WeakMap<LoadSpec, Map<string, PredictionKey>>();

  keyFor(spec: LoadSpec, image: PreparedImage, credential: string | undefined): PredictionKey | undefined {
    if (!this.policy.cache) return undefined;
    const known = image.kind === 'url' ? this.urlKeys.get(spec) : undefined;
    const memo = known?.get(image.key);
    if (memo) return memo;
    // Without a credential nothing reaches Clarifai, and local models answer alike for everyone.
    const audience =
      this.policy.publicModels.has(spec.model.modelId) || !credential || spec.backend.name !== 'clarifai'
        ? ('public' as const)
        : { fingerprint: credentialFingerprint(credential) };
    const key = predictionCacheKey({ backend: spec.backend.name, model: spec.model, options: spec.options, audience, image });
    if (image.kind === 'url') {
      if (known) known.set(image.key, key);
      else this.urlKeys.set(spec, new Map([[image.key, key]]));
    }
    return key;
  }

  /** A hit in this process's memory, found without waiting for anything (or undefined). */
  peek(spec: LoadSpec, image: PreparedImage, credential: string | undefined): SourcedPrediction | undefined {
    const key = this.keyFor(spec, image, credential);
    const hit = key && this.policy.cache?.peek(key);
    return hit ? { prediction: hit.prediction, source: { cached: true, level: 'memory', storedAt: hit.storedAt } } : undefined;
  }

  async load(spec: LoadSpec, image: PreparedImage, ctx: RequestContext): Promise<SourcedPrediction> {
    const { cache } = this.policy;
    const group = { credential: ctx.credential, model: spec.model, options: spec.options };
    const key = this.keyFor(spec, image, ctx.credential);
    if (!cache || !key) return { prediction: await this.batcher.load(spec.backend, group, image, ctx), source: { cached: false } };
    const result = await cache.shared<ImageError>(
      key,
      (signal) =>
        this.batcher
          .load(spec.backend, group, image, { ...ctx, signal })
          .catch((err: unknown): ImageError | Promise<never> => (err instanceof ImageError ? err : Promise.reject(err))),
      { signal: ctx.signal, bypass: spec.bypass },
    );
    if (result.source !== 'upstream')
      return { prediction: result.prediction, source: { cached: true, level: result.source, storedAt: result.storedAt } };
    if (result.outcome instanceof ImageError) throw result.outcome;
    return { prediction: result.outcome, source: { cached: false } };
  }
}
