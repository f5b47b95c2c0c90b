import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ErrorCode, ImageError } from '../../src/error-codes.js';
import { PredictionCache, type CacheObserver } from '../../src/cache/index.js';
import { bytesImage, general, key, manualClock, prediction, urlImage } from './fixtures.js';

const MB = 1024 * 1024;

describe('memory level', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('evicts least recently used entries by bytes, not by count', async () => {
    const evictions: string[] = [];
    const observer: CacheObserver = { eviction: (r) => evictions.push(r) };
    const cache = new PredictionCache({ memoryMb: 0.1, observer }); // 104,857 bytes
    const big = prediction('v1', 400); // ~20 KB of JSON each
    const keys = Array.from({ length: 8 }, (_, i) => key({ image: bytesImage(String(i).repeat(64)) }));
    for (const k of keys.slice(0, 4)) cache.set(k, big);
    await cache.get(keys[0]!); // keys[0] becomes most recently used
    for (const k of keys.slice(4)) cache.set(k, big);
    const s = cache.stats();
    expect(s.memoryBytes).toBeLessThanOrEqual(0.1 * MB);
    expect(s.memoryEntries).toBeLessThan(8);
    expect(s.evictions.size).toBeGreaterThan(0);
    expect(evictions.every((r) => r === 'size')).toBe(true);
    expect(await cache.get(keys[0]!)).toBeDefined();
    expect(await cache.get(keys[1]!)).toBeUndefined();
    expect(await cache.get(keys[7]!)).toBeDefined();
    // Small entries: many more fit in the same bytes.
    const small = new PredictionCache({ memoryMb: 0.1 });
    for (let i = 0; i < 200; i++) small.set(key({ image: bytesImage(`s${i}`.padEnd(64, 'x')) }), prediction('v1', 1));
    expect(small.stats().memoryEntries).toBe(200);
  });

  it('0 MB turns the memory level off', async () => {
    const cache = new PredictionCache({ memoryMb: 0 });
    cache.set(key(), prediction());
    expect(await cache.get(key())).toBeUndefined();
    expect(cache.stats().memoryMaxBytes).toBe(0);
  });

  it('TTLs: bytes live long, URLs short (injected clock)', async () => {
    const clock = manualClock();
    const cache = new PredictionCache({ clock, bytesTtlMs: 24 * 3600_000, urlTtlMs: 600_000 });
    const b = key({ model: { ...general, versionId: 'v1' } });
    const u = key({ model: { ...general, versionId: 'v1' }, image: urlImage() });
    cache.set(b, prediction());
    cache.set(u, prediction());
    clock.advance(599_000);
    expect((await cache.get(u))?.storedAt).toBe(clock.now() - 599_000);
    clock.advance(2_000);
    expect(await cache.get(u)).toBeUndefined();
    expect(await cache.get(b)).toBeDefined();
    clock.advance(24 * 3600_000);
    expect(await cache.get(b)).toBeUndefined();
    expect(cache.stats().evictions.expired).toBe(2);
  });

  it('TTLs with jest fake timers and the default clock', async () => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    const cache = new PredictionCache({ urlTtlMs: 1000 });
    const u = key({ model: { ...general, versionId: 'v1' }, image: urlImage() });
    cache.set(u, prediction());
    jest.advanceTimersByTime(999);
    expect(await cache.get(u)).toMatchObject({ source: 'memory', storedAt: 1_700_000_000_000 });
    jest.advanceTimersByTime(2);
    expect(await cache.get(u)).toBeUndefined();
  });

  it('"latest" finds the entry stored under the resolved version through a short-lived alias', async () => {
    const clock = manualClock();
    const cache = new PredictionCache({ clock, aliasTtlMs: 60_000 });
    const latest = key();
    cache.set(latest, prediction('v7'));
    const pinned = key({ model: { ...general, versionId: 'v7' } });
    expect((await cache.get(pinned))?.prediction.model.versionId).toBe('v7');
    expect((await cache.get(latest))?.prediction.model.versionId).toBe('v7');
    // A pinned answer creates no alias: it says nothing about what "latest" is.
    const other = key({ image: bytesImage('c'.repeat(64)) });
    cache.set(key({ image: bytesImage('c'.repeat(64)), model: { ...general, versionId: 'v8' } }), prediction('v8'));
    expect(await cache.get(other)).toBeUndefined(); // "latest" is still v7, and v7 never saw this image
    expect((await cache.get(latest))?.prediction.model.versionId).toBe('v7');
    clock.advance(60_001);
    expect(await cache.get(latest)).toBeUndefined(); // alias gone: ask upstream what latest is now
    expect(await cache.get(pinned)).toBeDefined(); // the entry itself lives on
  });

  it('the alias is written again only past half its life (or for another version), so a model in use keeps it', async () => {
    const clock = manualClock();
    const cache = new PredictionCache({ clock, aliasTtlMs: 60_000 });
    const image = (n: number) => bytesImage(String(n).repeat(64).slice(0, 64));
    const latest = key({ image: image(1) });
    cache.set(latest, prediction('v7'));
    clock.advance(20_000);
    cache.set(key({ image: image(2) }), prediction('v7')); // within the first half: not renewed
    clock.advance(40_001);
    expect(await cache.get(latest)).toBeUndefined(); // 60 s after it was written, gone
    cache.set(latest, prediction('v7'));
    clock.advance(31_000);
    cache.set(key({ image: image(2) }), prediction('v7')); // past half: renewed for 60 s from here
    clock.advance(50_000);
    expect((await cache.get(latest))?.prediction.model.versionId).toBe('v7');
    cache.set(key({ image: image(3) }), prediction('v8')); // another version answering: "latest" moves at once
    expect(await cache.get(latest)).toBeUndefined(); // v8 never saw image 1
    expect((await cache.get(key({ image: image(3) })))?.prediction.model.versionId).toBe('v8');
  });

  it('hands out copies: a caller mutating a hit cannot corrupt the cache', async () => {
    const cache = new PredictionCache();
    const k = key({ model: { ...general, versionId: 'v1' } });
    cache.set(k, prediction());
    (await cache.get(k))!.prediction.concepts.length = 0;
    expect((await cache.get(k))!.prediction.concepts).toHaveLength(3);
  });

  it('never caches errors (a type error, and refused at run time)', async () => {
    const cache = new PredictionCache();
    const k = key({ model: { ...general, versionId: 'v1' } });
    const err = new ImageError(ErrorCode.IMAGE_DOWNLOAD_FAILED, 'no');
    // @ts-expect-error an ImageError is not an ImagePrediction
    cache.set(k, err);
    expect(await cache.get(k)).toBeUndefined();
    expect(cache.stats().sets).toBe(0);
  });

  it('reports hits, misses, sets and bytes to the observer and in stats()', async () => {
    const seen: string[] = [];
    const cache = new PredictionCache({
      observer: {
        hit: (l) => seen.push(`hit:${l}`),
        miss: () => seen.push('miss'),
        set: (l) => seen.push(`set:${l}`),
        bytes: (n) => seen.push(`bytes:${n > 0}`),
      },
    });
    const k = key({ model: { ...general, versionId: 'v1' } });
    await cache.get(k);
    cache.set(k, prediction());
    await cache.get(k);
    expect(seen).toEqual(['miss', 'bytes:true', 'set:memory', 'hit:memory']);
    expect(cache.stats()).toMatchObject({ hits: { memory: 1, redis: 0 }, misses: 1, sets: 1, memoryEntries: 1, redis: { configured: false } });
  });
});
