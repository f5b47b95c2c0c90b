import { LRUCache } from 'lru-cache';
import type { CacheObserver, Clock } from './types.js';

/** Bytes lru-cache's own bookkeeping costs per entry beyond key and value (measured order of magnitude). */
const ENTRY_OVERHEAD = 96;
const MAX_ALIASES = 10_000;

export interface MemoryLevelOptions {
  maxBytes: number;
  aliasTtlMs: number;
  clock: Clock;
  observer: CacheObserver;
}

/**
 * Level 1: entries as their JSON, so the byte bound is the real footprint (an object graph would be
 * several times its JSON) and a hit hands out a fresh copy no caller can corrupt. The JSON is kept in a
 * Buffer, outside the JS heap: as strings, 64 MB of entries were copied by every young-generation
 * collection that promoted them and slowed the service by a fifth at the ceiling.
 */
export class MemoryLevel {
  readonly maxBytes: number;
  readonly evictions = { size: 0, expired: 0 };
  readonly #entries: LRUCache<string, Buffer> | undefined;
  readonly #aliases: LRUCache<string, string>;
  readonly #observer: CacheObserver;

  constructor({ maxBytes, aliasTtlMs, clock, observer }: MemoryLevelOptions) {
    this.maxBytes = maxBytes;
    this.#observer = observer;
    // lru-cache reads time through `perf`; a closure (not `Date` itself) so jest's fake Date is seen too.
    // ttlResolution 0: its default caches "now" for 1 ms behind a real timer, which a test clock never fires.
    const perf = { now: () => clock.now() };
    this.#entries =
      maxBytes > 0
        ? new LRUCache<string, Buffer>({
            maxSize: maxBytes,
            sizeCalculation: (value, key) => value.length + key.length + ENTRY_OVERHEAD,
            perf,
            ttlResolution: 0,
            dispose: (_v, _k, reason) => {
              if (reason === 'evict' || reason === 'expire') {
                const r = reason === 'evict' ? 'size' : 'expired';
                this.evictions[r]++;
                observer.eviction?.(r);
              }
            },
          })
        : undefined;
    // Aliases stay on even with the memory level off: they save a Redis round trip per "latest" lookup.
    this.#aliases = new LRUCache<string, string>({ max: MAX_ALIASES, ttl: aliasTtlMs, perf, ttlResolution: 0 });
  }

  get(id: string): string | undefined {
    return this.#entries?.get(id)?.toString();
  }

  /** Stores for `ttlMs`; false when off or the entry alone is larger than the whole level. */
  set(id: string, json: string, ttlMs: number): boolean {
    if (!this.#entries || ttlMs <= 0) return false;
    this.#entries.set(id, Buffer.from(json), { ttl: ttlMs });
    const stored = this.#entries.has(id);
    this.#observer.bytes?.(this.#entries.calculatedSize);
    return stored;
  }

  getAlias(id: string): string | undefined {
    return this.#aliases.get(id);
  }

  /** Milliseconds the alias has left (0 when absent or expired). */
  aliasTtlLeft(id: string): number {
    return Math.max(0, this.#aliases.getRemainingTTL(id));
  }

  setAlias(id: string, version: string, ttlMs: number): void {
    if (ttlMs > 0) this.#aliases.set(id, version, { ttl: ttlMs });
  }

  get entries(): number {
    return this.#entries?.size ?? 0;
  }

  get bytes(): number {
    return this.#entries?.calculatedSize ?? 0;
  }
}
