import type { ImagePrediction } from '../backends/predict-backend.js';

/** Which kind of input a prediction answers: it picks the TTL (a URL's picture can change, bytes cannot). */
export type CacheKind = 'url' | 'bytes';

export type CacheLevel = 'memory' | 'redis';

/** A prediction found in the cache; `storedAt` (ms since the epoch) lets a result say how old it is. */
export interface CachedPrediction {
  prediction: ImagePrediction;
  storedAt: number;
  source: CacheLevel;
}

/** Wall clock in ms. Injected so TTLs are testable (lru-cache reads it through its `perf` option). */
export interface Clock {
  now(): number;
}

/**
 * Metrics hooks, every one optional. The cache calls them synchronously on its own path, so they
 * must be cheap (a prom-client counter increment is).
 */
export interface CacheObserver {
  hit?(level: CacheLevel): void;
  /** A lookup found nothing and its caller went upstream. */
  miss?(): void;
  /** A caller shared an upstream call already in flight for the same key: one image not billed. */
  joined?(): void;
  /** `size`: pushed out by the byte bound; `expired`: found past its TTL (lru-cache drops them lazily). */
  eviction?(reason: 'size' | 'expired'): void;
  set?(level: CacheLevel, bytes: number): void;
  /** Bytes the memory level holds now (the serialized size of its entries). */
  bytes?(total: number): void;
  /** `skipped`: Redis was down or in cool-down, so it was not asked at all. */
  redisError?(kind: 'error' | 'timeout' | 'decode' | 'skipped'): void;
}

export interface CacheStats {
  memoryEntries: number;
  memoryBytes: number;
  memoryMaxBytes: number;
  hits: Record<CacheLevel, number>;
  misses: number;
  joined: number;
  sets: number;
  evictions: { size: number; expired: number };
  redis: { configured: boolean; errors: number; timeouts: number; decodeErrors: number; skipped: number };
  inFlight: number;
}
