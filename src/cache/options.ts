import type { ImagePrediction } from '../backends/predict-backend.js';
import type { CancelSignal } from '../util/cancellation.js';
import type { RedisLike } from './redis-level.js';
import type { CachedPrediction, CacheObserver, Clock } from './types.js';

/** Every setting is optional; defaults are in settings.ts. */
export interface PredictionCacheOptions {
  memoryMb?: number;
  bytesTtlMs?: number;
  urlTtlMs?: number;
  aliasTtlMs?: number;
  /** Level 2, shared by replicas; undefined keeps everything in this process. */
  redis?: RedisLike;
  redisTimeoutMs?: number;
  redisCooldownMs?: number;
  keyPrefix?: string;
  observer?: CacheObserver;
  clock?: Clock;
}

/** What `shared` answers: a cache hit, or the outcome of the (possibly shared) upstream call. */
export type SharedResult<E extends Error> = CachedPrediction | { source: 'upstream'; outcome: ImagePrediction | E; joined: boolean };

export interface SharedOptions {
  /** This caller's cancellation; it never cancels the computation while other callers share it. */
  signal?: CancelSignal;
  /** Skip reading the cache (the fresh answer is still stored). */
  bypass?: boolean;
  /**
   * The caller looked in memory (peek) a little earlier and found nothing. Memory is looked in again
   * only when no identical image is in flight (an answer may have come in between); Redis is still asked.
   */
  memoryChecked?: boolean;
}
