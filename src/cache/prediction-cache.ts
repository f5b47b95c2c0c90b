import type { ImagePrediction } from '../backends/predict-backend.js';
import type { CancelSignal } from '../util/cancellation.js';
import { decodeAlias, decodeEntry, encodeAlias, encodeEntry } from './entry.js';
import { InFlight } from './in-flight.js';
import { aliasId, entryId, type PredictionKey } from './key.js';
import { MemoryLevel } from './memory-level.js';
import { RedisLevel } from './redis-level.js';
import { CACHE_DEFAULTS } from './settings.js';
import type { CachedPrediction, CacheLevel, CacheObserver, CacheStats, Clock } from './types.js';
import type { PredictionCacheOptions, SharedOptions, SharedResult } from './options.js';

export type { PredictionCacheOptions, SharedOptions, SharedResult } from './options.js';

export class PredictionCache {
  readonly #memory: MemoryLevel;
  readonly #redis: RedisLevel | undefined;
  readonly #ttl: { url: number; bytes: number; alias: number };
  readonly #clock: Clock;
  readonly #observer: CacheObserver;
  readonly #redisTimeoutMs: number;
  readonly #inFlight = new InFlight<SharedResult<Error>>();
  readonly #counts = { hits: { memory: 0, redis: 0 }, misses: 0, joined: 0, sets: 0 };

  constructor(o: PredictionCacheOptions = {}) {
    this.#clock = o.clock ?? { now: () => Date.now() };
    this.#observer = o.observer ?? {};
    this.#ttl = {
      url: o.urlTtlMs ?? CACHE_DEFAULTS.urlTtlMs,
      bytes: o.bytesTtlMs ?? CACHE_DEFAULTS.bytesTtlMs,
      alias: o.aliasTtlMs ?? CACHE_DEFAULTS.aliasTtlMs,
    };
    this.#redisTimeoutMs = o.redisTimeoutMs ?? CACHE_DEFAULTS.redisTimeoutMs;
    const maxBytes = Math.floor((o.memoryMb ?? CACHE_DEFAULTS.memoryMb) * 1024 * 1024);
    this.#memory = new MemoryLevel({ maxBytes, aliasTtlMs: this.#ttl.alias, clock: this.#clock, observer: this.#observer });
    this.#redis =
      o.redis &&
      new RedisLevel({
        client: o.redis,
        prefix: o.keyPrefix ?? CACHE_DEFAULTS.keyPrefix,
        timeoutMs: this.#redisTimeoutMs,
        cooldownMs: o.redisCooldownMs ?? CACHE_DEFAULTS.redisCooldownMs,
        clock: this.#clock,
        observer: this.#observer,
      });
  }

  /** This process's memory only, synchronously (no Redis): for answering before anything waits. */
  peek(key: PredictionKey): CachedPrediction | undefined {
    const found = this.#fromMemory(key);
    if (found) this.#count('memory');
    return found;
  }

  /** Memory first, then Redis within its timeout. Never throws. */
  async get(key: PredictionKey): Promise<CachedPrediction | undefined> {
    const found = this.#fromMemory(key) ?? (await this.#fromRedis(key));
    this.#count(found?.source);
    return found;
  }

  /**
   * Stores a prediction under the version that answered (`prediction.model.versionId`), and when the
   * caller asked for "latest" also the alias "latest → that version". Errors cannot be passed: an
   * ImageError is no ImagePrediction (and is refused at run time too, for callers outside TypeScript).
   */
  set(key: PredictionKey, prediction: ImagePrediction): void {
    if ((prediction as unknown) instanceof Error) return;
    const version = prediction.model.versionId ?? key.version ?? '';
    const now = this.#clock.now();
    const ttl = this.#ttl[key.kind];
    const id = entryId(key, version);
    const json = encodeEntry(prediction, now);
    this.#counts.sets++;
    if (this.#memory.set(id, json, ttl)) this.#observer.set?.('memory', json.length);
    if (this.#redis?.set(id, json, ttl)) this.#observer.set?.('redis', json.length);
    if (key.version === undefined && this.#aliasStale(aliasId(key), version)) {
      this.#memory.setAlias(aliasId(key), version, this.#ttl.alias);
      this.#redis?.set(aliasId(key), encodeAlias(version, now), this.#ttl.alias);
    }
  }

  /**
   * A lookup, then on a miss one upstream call shared by every caller asking for the same key at the
   * same time (see InFlight for the cancellation contract). A prediction is stored; an error (an
   * `Error` value, such as ImageError) is handed to the callers sharing it and forgotten. `compute`
   * should honour its signal: it aborts when every caller has gone. If it finishes anyway, its
   * prediction is still stored (it was paid for).
   */
  shared<E extends Error>(
    key: PredictionKey,
    compute: (signal: CancelSignal) => Promise<ImagePrediction | E>,
    { signal, bypass = false, memoryChecked = false }: SharedOptions = {},
  ): Promise<SharedResult<E>> {
    if (!bypass && !memoryChecked) {
      const hit = this.#fromMemory(key);
      if (hit) {
        this.#count('memory');
        return Promise.resolve(hit);
      }
    }
    const flightKey = `${bypass ? 'b' : 'c'}:${key.scope}:${key.version ?? ''}:${key.input}`;
    // Without Redis nothing is left to look in: no async step before the computation starts.
    const run = (abort: CancelSignal): Promise<SharedResult<Error>> => {
      if (bypass) return this.#computeAndStore(key, compute, abort);
      // Nothing of this key in flight: an identical image may have been answered since the caller's peek,
      // and would be billed again. One lookup per new flight is what that saves.
      const hit = memoryChecked ? this.#fromMemory(key) : undefined;
      if (hit) {
        this.#count('memory');
        return Promise.resolve(hit);
      }
      if (!this.#redis) {
        this.#count(undefined);
        return this.#computeAndStore(key, compute, abort);
      }
      return this.#fromRedis(key).then((hit) => {
        this.#count(hit?.source);
        return hit ?? this.#computeAndStore(key, compute, abort);
      });
    };
    return this.#inFlight.run(flightKey, run, signal).then(({ value, joined }) => {
      if (!joined) return value as SharedResult<E>;
      this.#counts.joined++;
      this.#observer.joined?.();
      return (value.source === 'upstream' ? { ...value, joined: true } : value) as SharedResult<E>;
    });
  }

  #computeAndStore(
    key: PredictionKey,
    compute: (signal: CancelSignal) => Promise<ImagePrediction | Error>,
    abort: CancelSignal,
  ): Promise<SharedResult<Error>> {
    return compute(abort).then((outcome) => {
      if (!(outcome instanceof Error)) this.set(key, outcome);
      return { source: 'upstream', outcome, joined: false };
    });
  }

  stats(): CacheStats {
    const r = this.#redis?.counts;
    return {
      memoryEntries: this.#memory.entries,
      memoryBytes: this.#memory.bytes,
      memoryMaxBytes: this.#memory.maxBytes,
      hits: { ...this.#counts.hits },
      misses: this.#counts.misses,
      joined: this.#counts.joined,
      sets: this.#counts.sets,
      evictions: { ...this.#memory.evictions },
      redis: {
        configured: this.#redis !== undefined,
        errors: r?.errors ?? 0,
        timeouts: r?.timeouts ?? 0,
        decodeErrors: r?.decodeErrors ?? 0,
        skipped: r?.skipped ?? 0,
      },
      inFlight: this.#inFlight.size,
    };
  }

  /**
   * Whether "latest → version" must be written again: unknown, another version, or past half its life. Every
   * miss of a model answers with the same version, so writing it each time cost every image an LRU set here
   * and a SET on Redis; past half its life it is renewed, so a model in use never loses its alias.
   */
  #aliasStale(id: string, version: string): boolean {
    return this.#memory.getAlias(id) !== version || this.#memory.aliasTtlLeft(id) < this.#ttl.alias / 2;
  }

  #fromMemory(key: PredictionKey): CachedPrediction | undefined {
    const version = key.version ?? this.#memory.getAlias(aliasId(key));
    if (version === undefined) return undefined;
    const json = this.#memory.get(entryId(key, version));
    const entry = json === undefined ? undefined : decodeEntry(json);
    return entry && { prediction: entry.prediction, storedAt: entry.storedAt, source: 'memory' };
  }

  /** Alias (when "latest" was asked and memory did not know it) and entry share one deadline. */
  async #fromRedis(key: PredictionKey): Promise<CachedPrediction | undefined> {
    const redis = this.#redis;
    if (!redis) return undefined;
    const deadline = this.#clock.now() + this.#redisTimeoutMs;
    let version = key.version ?? this.#memory.getAlias(aliasId(key));
    if (version === undefined) {
      const raw = await redis.get(aliasId(key), deadline);
      const alias = raw === undefined ? undefined : decodeAlias(raw);
      if (raw !== undefined && !alias) redis.decodeError();
      if (!alias) return undefined;
      version = alias.version;
      this.#memory.setAlias(aliasId(key), version, this.#ttl.alias - (this.#clock.now() - alias.storedAt));
    }
    const id = entryId(key, version);
    const raw = await redis.get(id, deadline);
    if (raw === undefined) return undefined;
    const entry = decodeEntry(raw);
    if (!entry) {
      redis.decodeError();
      return undefined;
    }
    // Fill memory for what is left of the entry's life, so a copy never outlives its original.
    const left = Math.min(this.#ttl[key.kind], this.#ttl[key.kind] - (this.#clock.now() - entry.storedAt));
    this.#memory.set(id, raw, left);
    return { prediction: entry.prediction, storedAt: entry.storedAt, source: 'redis' };
  }

  #count(source: CacheLevel | undefined): void {
    if (source) {
      this.#counts.hits[source]++;
      this.#observer.hit?.(source);
    } else {
      this.#counts.misses++;
      this.#observer.miss?.();
    }
  }
}
