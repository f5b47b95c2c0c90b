import { describe, expect, it } from '@jest/globals';
import type { CapacitySignal, ImageOutcome, PredictBackend, PredictCall } from '../../src/backends/predict-backend.js';
import { Batcher } from '../../src/batching/batcher.js';
import type { PreparedImage } from '../../src/images/prepared-image.js';

/** Answers at once; holds a call open while `hold` is set. */
class QuickBackend implements PredictBackend {
  readonly name = 'quick';
  readonly maxImagesPerCall = 128;
  readonly maxBytesPerCall = 1e9;
  hold: Promise<void> | undefined;
  capacityFor(): CapacitySignal {
    return { hasCapacity: () => true, onceAvailable: () => {} };
  }
  async predict(call: PredictCall): Promise<ImageOutcome[]> {
    await this.hold;
    return call.images.map((img) => ({ concepts: [{ id: img.key, name: img.key, value: 1 }], regions: [], model: { id: 'm' } }));
  }
}

const url = (k: string): PreparedImage => ({ kind: 'url', key: k, url: `https://x/${k}` });
const spec = (minValue: number) => ({ credential: 'pat', model: { modelId: 'm', userId: 'u', appId: 'a' }, options: { minValue } });

describe('Batcher groups', () => {
  it('drops idle groups, so distinct options from callers do not grow memory without bound', async () => {
    const backend = new QuickBackend();
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    for (let i = 0; i < 1000; i++) {
      const p = await batcher.load(backend, spec(i / 1000), url(`k${i}`));
      expect(p.concepts[0]!.id).toBe(`k${i}`);
    }
    expect(batcher.groupCount).toBeLessThanOrEqual(64);
  });

  it('never drops a group with work in flight', async () => {
    const backend = new QuickBackend();
    let release!: () => void;
    backend.hold = new Promise((r) => (release = r));
    const batcher = new Batcher({ maxPartialInFlight: 1, maxLingerMs: 0 });
    const busy = Array.from({ length: 80 }, (_, i) => batcher.load(backend, spec(i / 100), url(`busy${i}`)));
    await new Promise((r) => setTimeout(r, 10));
    expect(batcher.groupCount).toBe(80);
    release();
    const results = await Promise.all(busy);
    results.forEach((r, i) => expect(r.concepts[0]!.id).toBe(`busy${i}`));
  });
});
