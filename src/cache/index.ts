export { PredictionCache, type PredictionCacheOptions, type SharedOptions, type SharedResult } from './prediction-cache.js';
export { predictionCacheKey, canonicalOptions, type CacheAudience, type PredictionKey, type PredictionKeyParts } from './key.js';
export { InFlight, type Shared } from './in-flight.js';
export type { RedisLike } from './redis-level.js';
export { CACHE_DEFAULTS } from './settings.js';
export type { CachedPrediction, CacheKind, CacheLevel, CacheObserver, CacheStats, Clock } from './types.js';
