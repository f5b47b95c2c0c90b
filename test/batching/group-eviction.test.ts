import { describe, expect, it } from '@jest/globals';
import type { ImageOutcome, PredictBackend, PredictCall } from '../../src/backends/predict-backend.js';
import { Batcher } from '../../src/batching/batcher.js';
import type { PreparedImage } from '../../src/images/prepared-image.js';
import type { CallPermit, Limiter } from '../../src/limiter/limiter.js';
import { TestLimiter, context } from './support.js';

/** Answers at once; holds a call open while `hold` is set. */
class QuickBackend implements PredictBackend {
  readonly name = 'quick';
  readonly maxImagesPerCall = 128;
  readonly maxBytesPerCall = 1e9;
  hold: Promise<void> | undefined;
  private readonly limiter = new TestLimiter();
  limiterFor(): Limiter {
    return this.limiter;
  }
  async predict(call: PredictCall, permit: CallPermit): Promise<ImageOutcome[]> {
    await this.hold;
    permit.release();
    return call.images.map((img) => ({ concepts: [{ id: img.key, name: img.key, value: 1 }], regions: [], model: { id: 'm' } }));
  }
}

const url = (k: string): PreparedImage => ({ kind: 'url', key: k, url: `https://x/${k}` });
const ctx = context();
const spec = (minValue: number) => ({ credential: 'pat', model: { modelId: 'm', userId: 'u', appId: 'a' }, options: { minValue } });

describe('Batcher groups', () => {
  it('drops idle groups, so distinct options from callers do not grow memory without bound', async () => {
    const backend = new QuickBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    for (let i = 0; i < 1000; i++) {
      const p = await batcher.load(backend, spec(i / 1000), url(`k${i}`), ctx);
      expect(p.concepts[0]!.id).toBe(`k${i}`);
    }
    expect(batcher.groupCount).toBeLessThanOrEqual(64);
  });

  it('never drops a group with work in flight', async () => {
    const backend = new QuickBackend();
    let release!: () => void;
    backend.hold = new Promise((r) => (release = r));
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const busy = Array.from({ length: 80 }, (_, i) => batcher.load(backend, spec(i / 100), url(`busy${i}`), ctx));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(batcher.groupCount).toBe(80);
    release();
    const results = await Promise.all(busy);
    results.forEach((r, i) => expect(r.concepts[0]!.id).toBe(`busy${i}`));
  });
});
