import type { ImagePrediction, ModelRef, OutputOptions, PredictBackend } from '../backends/predict-backend.js';
import type { Batcher } from '../batching/batcher.js';
import { predictionCacheKey, type PredictionCache, type PredictionKey, type SharedResult } from '../cache/index.js';
import type { CancelSignal } from '../util/cancellation.js';
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

  /** The image's cache key (undefined when there is no cache): worked out once per image, by its caller. */
  keyFor(spec: LoadSpec, image: PreparedImage, credential: string | undefined): PredictionKey | undefined {
    if (!this.policy.cache) return undefined;
    // Without a credential nothing reaches Clarifai, and local models answer alike for everyone.
    const audience =
      this.policy.publicModels.has(spec.model.modelId) || !credential || spec.backend.name !== 'clarifai'
        ? ('public' as const)
        : { fingerprint: credentialFingerprint(credential) };
    return predictionCacheKey({ backend: spec.backend.name, model: spec.model, options: spec.options, audience, image });
  }

  /** A hit in this process's memory, found without waiting for anything (or undefined). */
  peek(key: PredictionKey): SourcedPrediction | undefined {
    const hit = this.policy.cache?.peek(key);
    return hit ? { prediction: hit.prediction, source: { cached: true, level: 'memory', storedAt: hit.storedAt } } : undefined;
  }

  /**
   * `peekedKey`: the image's keyFor, under which the caller has just looked in memory (peek) and found
   * nothing, so neither is done again here.
   */
  load(spec: LoadSpec, image: PreparedImage, ctx: RequestContext, peekedKey?: PredictionKey): Promise<SourcedPrediction> {
    const { cache } = this.policy;
    const group = { credential: ctx.credential, model: spec.model, options: spec.options };
    const key = peekedKey ?? this.keyFor(spec, image, ctx.credential);
    if (!cache || !key) return this.batcher.load(spec.backend, group, image, ctx).then(fresh);
    // An ImageError rejects the shared computation: every caller sharing it gets the same error.
    const compute = (signal: CancelSignal) => this.batcher.load(spec.backend, group, image, { ...ctx, signal });
    return cache.shared<ImageError>(key, compute, { signal: ctx.signal, bypass: spec.bypass, memoryChecked: peekedKey !== undefined }).then(sourced);
  }
}

const fresh = (prediction: ImagePrediction): SourcedPrediction => ({ prediction, source: { cached: false } });

function sourced(result: SharedResult<ImageError>): SourcedPrediction {
  if (result.source !== 'upstream')
    return { prediction: result.prediction, source: { cached: true, level: result.source, storedAt: result.storedAt } };
  if (result.outcome instanceof ImageError) throw result.outcome;
  return fresh(result.outcome);
}
