/**
 * Defaults for the cache's settings. Parsing them from the environment belongs to src/config; the
 * names there are PREDICTION_CACHE_* (see docs/prediction-cache.md).
 */
export const CACHE_DEFAULTS = {
  /** PREDICTION_CACHE_MB: size of the memory level; 0 turns it off. */
  memoryMb: 64,
  /** PREDICTION_CACHE_BYTES_TTL_MS: byte inputs are content-addressed, so they may live long. */
  bytesTtlMs: 24 * 60 * 60 * 1000,
  /** PREDICTION_CACHE_URL_TTL_MS: the picture behind a URL can change. */
  urlTtlMs: 10 * 60 * 1000,
  /** PREDICTION_CACHE_ALIAS_TTL_MS: how long "latest" keeps meaning the version last seen answering. */
  aliasTtlMs: 5 * 60 * 1000,
  /** PREDICTION_CACHE_REDIS_TIMEOUT_MS: the most one lookup waits for Redis, alias and entry together. */
  redisTimeoutMs: 50,
  /** PREDICTION_CACHE_REDIS_COOLDOWN_MS: after a Redis error or timeout, Redis is not asked for this long. */
  redisCooldownMs: 1000,
  /** Redis key prefix; the v1 changes with the entry format, so old entries are simply never read. */
  keyPrefix: 'pcache:v1:',
} as const;
