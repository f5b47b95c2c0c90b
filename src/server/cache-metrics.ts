import { Counter, Gauge, type Registry } from 'prom-client';
import type { CacheObserver } from '../cache/index.js';

/** The prediction cache's figures: what it saved (images not billed) and what it costs (bytes, Redis errors). */
export function cacheMetrics(registry: Registry): CacheObserver {
  const registers = [registry];
  const hits = new Counter({
    name: 'predict_cache_hits_total',
    help: 'Images answered from the prediction cache, by level.',
    labelNames: ['level'],
    registers,
  });
  const misses = new Counter({ name: 'predict_cache_misses_total', help: 'Images looked up and not found in the prediction cache.', registers });
  const joined = new Counter({
    name: 'predict_cache_shared_calls_total',
    help: 'Images that joined an identical image already on its way upstream (one image not billed each).',
    registers,
  });
  const evictions = new Counter({
    name: 'predict_cache_evictions_total',
    help: 'Entries dropped from the memory cache, by reason (size, expired).',
    labelNames: ['reason'],
    registers,
  });
  const bytes = new Gauge({ name: 'predict_cache_memory_bytes', help: 'Bytes the memory cache holds (serialised entries).', registers });
  const redisErrors = new Counter({
    name: 'predict_cache_redis_errors_total',
    help: 'Cache reads from Redis that failed (error, timeout, decode) or were skipped while Redis was down.',
    labelNames: ['kind'],
    registers,
  });
  return {
    hit: (level) => hits.inc({ level }),
    miss: () => misses.inc(),
    joined: () => joined.inc(),
    eviction: (reason) => evictions.inc({ reason }),
    bytes: (total) => bytes.set(total),
    redisError: (kind) => redisErrors.inc({ kind }),
  };
}
